// The compact manifest and compressed headers (src/wire/manifest-wire.ts, wire-frames.ts)
// end to end over a real sshd: push, a no-change run in one turn, a remote-side append pulled
// by sync with its paths rewritten, and a no-op after it. The engine must see the same
// manifest it would without the compaction.
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { z } from 'zod';
import { SSHD, startSshd } from '../helpers/sshd.js';
import { makeTranscriptLines, seededUuid, toJsonl, userLine } from '../helpers/transcripts.js';
import { makeSandbox, runCli } from './cli-harness.js';

const summarySchema = z.object({ done: z.number(), failed: z.number(), turns: z.object({ remote: z.number() }) });

test('push, no change, remote append pulled by sync, no-op — over ssh', { skip: SSHD ? false : 'sshd not installed', timeout: 240_000 }, async () => {
  // SHLVL=1: the remote bash skips the login user's ~/.bashrc (bench/harness.ts).
  const sshd = await startSshd({ extraConfig: ['SetEnv SHLVL=1'] });
  const sandbox = await makeSandbox();
  try {
    const env = { CCSYNC_SSH_COMMAND: sshd.sshCommand };
    const sid = seededUuid('compact-manifest-session');
    const other = seededUuid('compact-manifest-other');
    const projects = join(sandbox.home, '.claude', 'projects', '-Users-alice-proj');
    mkdirSync(projects, { recursive: true });
    const lines = makeTranscriptLines(sid, '/Users/alice/proj', 3);
    writeFileSync(join(projects, `${sid}.jsonl`), toJsonl(lines));
    writeFileSync(join(projects, `${other}.jsonl`), toJsonl(makeTranscriptLines(other, '/Users/alice/proj', 2)));
    for (const args of [['remote', 'add', 'r', sshd.alias], ['map', 'add', 'r', '/Users/alice/proj', '/home/alice/proj']]) {
      assert.equal(runCli(sandbox, args, env).status, 0);
    }
    const run = (direction: string): z.infer<typeof summarySchema> => {
      const result = runCli(sandbox, [direction, 'r', '--all', '--json'], env);
      assert.equal(result.status, 0, result.stderr);
      return summarySchema.parse(JSON.parse(result.stdout));
    };
    assert.equal(run('push').done, 2);
    const remoteFile = join(sshd.remoteHome, '.claude', 'projects', '-home-alice-proj', `${sid}.jsonl`);
    assert.match(readFileSync(remoteFile, 'utf8'), /"cwd":"\/home\/alice\/proj"/);

    const unchanged = run('push');
    assert.deepEqual([unchanged.done, unchanged.turns.remote], [0, 1], 'no change: nothing done, one turn');

    const last = lines.filter((line) => typeof line['uuid'] === 'string').pop();
    const added = seededUuid('compact-manifest-remote-line');
    appendFileSync(remoteFile, toJsonl([userLine({
      uuid: added, parentUuid: typeof last?.['uuid'] === 'string' ? last['uuid'] : null, sessionId: sid,
      cwd: '/home/alice/proj', timestamp: '2026-02-01T00:00:00.000Z', text: 'continued on the remote',
    })]));
    const pulled = run('sync');
    assert.deepEqual([pulled.done, pulled.failed], [1, 0]);
    const local = readFileSync(join(projects, `${sid}.jsonl`), 'utf8');
    const newLine = local.split('\n').find((line) => line.includes(added));
    assert.ok(newLine?.includes('"cwd":"/Users/alice/proj"'), 'the pulled line has the laptop path');
    assert.equal(run('sync').done, 0, 'the next sync has nothing to do');
  } finally {
    await sandbox.cleanup();
    await sshd.stop();
  }
});
