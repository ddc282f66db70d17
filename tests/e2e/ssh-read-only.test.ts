// `--dry-run` and `status` over SSH write nothing anywhere (issue #10 item 5): on the remote no
// Claude dir, no cached agent, no sh-agent scratch left; here no state dir and no agent note.
// The agent a read-only run needs is sent and run from memory. Checked with a real sshd, for
// a remote with node and one without (the sh agent), on a first contact and after a push.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SSHD, startSshd, type SshdFixture } from '../helpers/sshd.js';
import { sshClient, type SshClient } from '../helpers/ssh-cli.js';
import { makeTranscript } from '../helpers/transcripts.js';
import { snapshot } from '../integration/transfer-harness.js';

const skip = SSHD ? false : 'sshd not installed (apt-get install openssh-server): SSH tests skipped';
const S1 = 'b0b0b0b0-0001-4000-8000-000000000001';
const S2 = 'b0b0b0b0-0002-4000-8000-000000000002';

const READ_ONLY_RUNS = [
  ['push', 'pod', '--dry-run'],
  ['pull', 'pod', '--dry-run', '--json'],
  ['sync', 'pod', '--dry-run', '--config'],
  ['status', 'pod'],
  ['status'],
  ['status', 'pod', '--config', '--json'],
];

async function assertWritesNothing(client: SshClient, sshd: SshdFixture, when: string): Promise<void> {
  for (const args of READ_ONLY_RUNS) {
    const before = [snapshot(sshd.remoteHome), snapshot(client.sandbox.root)];
    const out = await client.run(args);
    assert.ok(out.code === 0 || out.code === 3, `${when}: ccsync ${args.join(' ')} exited ${String(out.code)}: ${out.stderr}`);
    assert.deepEqual([snapshot(sshd.remoteHome), snapshot(client.sandbox.root)], before, `${when}: ccsync ${args.join(' ')} wrote something`);
  }
}

for (const withoutNode of [false, true]) {
  describe(`read-only runs over ssh, ${withoutNode ? 'sh agent (no node)' : 'node agent'}`, { skip, timeout: 300_000 }, () => {
    let sshd: SshdFixture;
    let client: SshClient;
    before(async () => {
      sshd = await startSshd({ withoutNode });
      client = await sshClient(sshd);
    });
    after(async () => {
      await client?.cleanup();
      await sshd?.stop();
    });

    test('first contact and after a push: dry runs and status leave both machines as they were', async () => {
      rmSync(join(sshd.remoteHome, '.claude'), { recursive: true, force: true });
      rmSync(join(sshd.remoteHome, '.cache'), { recursive: true, force: true });
      client.writeLocal(S1, 2);
      client.writeLocal(S2, 3);
      writeFileSync(join(client.claudeDir, 'settings.json'), '{\n  "model": "opus"\n}\n');
      await assertWritesNothing(client, sshd, 'first contact');
      assert.equal(existsSync(join(sshd.remoteHome, '.claude')), false, 'no Claude dir made there');
      assert.equal(existsSync(join(sshd.remoteHome, '.cache')), false, 'no agent cached there');
      assert.equal(existsSync(client.sandbox.stateDir), false, 'no state dir (lock, agent note) here');

      await client.ok(['push', 'pod', '--config', '--json']);
      appendFileSync(client.localTranscript(S1), makeTranscript(S1, client.localProject, [{ prompt: 'more here', reply: 'ok' }], { seed: 'ro-local', start: '2026-03-01T00:00:00.000Z' }));
      appendFileSync(client.remoteTranscript(S2), makeTranscript(S2, client.remoteProject, [{ prompt: 'more there', reply: 'ok' }], { seed: 'ro-remote', start: '2026-03-01T00:00:00.000Z' }));
      await assertWritesNothing(client, sshd, 'after a push, changes on both sides');
      // the cached agent a real run left is used and kept; a wiped cache is not refilled by a read-only run
      rmSync(join(sshd.remoteHome, '.cache'), { recursive: true, force: true });
      await assertWritesNothing(client, sshd, 'the remote cache wiped (a pod restart)');
    });
  });
}
