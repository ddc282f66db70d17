// Issue #13, defect 2: equal copies without sync state (an interrupted first push, a deleted
// remotes/NAME.json) settle under push and pull alone: the state is recorded once, status says
// in sync, and the next run has nothing to do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeTranscript, seededUuid } from '../helpers/transcripts.js';
import { makePair, put, read, swap, transcriptPath } from './transfer-harness.js';

const SID = seededUuid('settle-session');

for (const direction of ['push', 'pull'] as const) {
  test(`equal copies with the sync state lost settle under ${direction}: recorded once, then nothing to do`, async () => {
    const p = await makePair();
    try {
      const localFile = transcriptPath(p.localClaude, p.L, SID);
      const remoteFile = transcriptPath(p.remoteClaude, p.R, SID);
      put(localFile, makeTranscript(SID, p.L, 3));
      assert.equal(p.json(['push', 'b']).done, 1);
      rmSync(join(p.box.stateDir, 'remotes', 'b.json'));
      assert.equal(read(remoteFile), swap(read(localFile), p.L, p.R));

      const first = p.json([direction, 'b']);
      assert.equal(first.bytesWritten, 0, JSON.stringify(first));
      assert.deepEqual(first.actions.map((action) => [action.kind, action.status]), [['record', 'done']], JSON.stringify(first));
      assert.deepEqual(p.status(), { [SID]: 'in-sync' });
      const second = p.json([direction, 'b']);
      assert.deepEqual(second.actions, [], JSON.stringify(second));
    } finally {
      await p.cleanup();
    }
  });
}

test('a push that completes the target settles too: the union is written once, the state recorded', async () => {
  const p = await makePair();
  try {
    const localFile = transcriptPath(p.localClaude, p.L, SID);
    const remoteFile = transcriptPath(p.remoteClaude, p.R, SID);
    const head = makeTranscript(SID, p.L, 2);
    const more = makeTranscript(SID, p.L, 1, { seed: 'more', start: '2026-01-02T00:00:00.000Z' });
    // copied by hand once, continued locally, no state
    put(remoteFile, swap(head, p.L, p.R));
    put(localFile, head + more);
    const first = p.json(['push', 'b']);
    assert.equal(first.failed + first.conflicts, 0, JSON.stringify(first));
    assert.equal(read(remoteFile), swap(head + more, p.L, p.R));
    assert.deepEqual(p.status(), { [SID]: 'in-sync' });
    assert.deepEqual(p.json(['push', 'b']).actions, []);
  } finally {
    await p.cleanup();
  }
});
