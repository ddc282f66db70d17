// Issue #10 item 3 over a real sshd: a large push moves its progress as the agent writes each
// batch, a large pull as the read answer arrives (not once per side at the end): without a
// terminal, a line per fifth done, bytes increasing, a rate. A run this big is read, rewritten
// and written group by group (issue #11), in one phase: "copying … from A to B".
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SSHD, startSshd, type SshdFixture } from '../helpers/sshd.js';
import { sshClient } from '../helpers/ssh-cli.js';
import { seededUuid } from '../helpers/transcripts.js';

const skip = SSHD ? false : 'sshd not installed (apt-get install openssh-server)';
let sshd: SshdFixture;
before(async () => {
  if (!skip) sshd = await startSshd();
});
after(async () => {
  if (!skip) await sshd.stop();
});

/** The byte counts of the step lines after the phase line starting with `phase`. */
function steps(stderr: string, phase: RegExp): number[] {
  const lines = stderr.split('\n');
  const start = lines.findIndex((line) => phase.test(line));
  assert.ok(start >= 0, `no ${phase} line:\n${stderr}`);
  const out: number[] = [];
  for (const line of lines.slice(start + 1)) {
    const match = /^ {2}([0-9.]+) MiB of [0-9.]+ MiB \(\d+%\)(, [0-9.]+ (?:B|KiB|MiB)\/s)?$/.exec(line);
    if (!match) break;
    out.push(Number(match[1]));
  }
  return out;
}

function increasing(values: number[]): boolean {
  return values.every((value, index) => index === 0 || value > (values[index - 1] ?? 0));
}

test('a 48 MiB push and pull over ssh report steady progress by bytes', { skip, timeout: 300_000 }, async (t) => {
  const client = await sshClient(sshd, { name: 'pod' });
  t.after(() => client.cleanup());
  const sid = seededUuid('ssh-progress-push');
  const transcript = client.writeLocal(sid, 2);
  const blobs = join(transcript.slice(0, -'.jsonl'.length), 'tool-results');
  mkdirSync(blobs, { recursive: true });
  // incompressible: the wire carries every byte, in several pipelined write batches
  for (let index = 0; index < 6; index++) writeFileSync(join(blobs, `blob-${index}.bin`), randomBytes(8 * 1024 * 1024));
  const push = await client.run(['push', 'pod'], { timeoutMs: 240_000 });
  assert.equal(push.code, 0, push.stderr);
  const written = steps(push.stderr, /^copying \d+ change\(s\) \(48\.\d MiB\) from local to ssh:pod…$/);
  assert.ok(written.length >= 3 && increasing(written), `push: ${written.join(', ')}\n${push.stderr}`);

  const back = seededUuid('ssh-progress-pull');
  const remote = client.writeRemote(back, 2);
  const remoteBlobs = join(remote.slice(0, -'.jsonl'.length), 'tool-results');
  mkdirSync(remoteBlobs, { recursive: true });
  for (let index = 0; index < 6; index++) writeFileSync(join(remoteBlobs, `blob-${index}.bin`), randomBytes(8 * 1024 * 1024));
  const pull = await client.run(['pull', 'pod'], { timeoutMs: 240_000 });
  assert.equal(pull.code, 0, pull.stderr);
  const read = steps(pull.stderr, /^copying \d+ change\(s\) \(48\.\d MiB\) from ssh:pod to local…$/);
  assert.ok(read.length >= 3 && increasing(read), `pull: ${read.join(', ')}\n${pull.stderr}`);
});
