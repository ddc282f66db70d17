// A conflict recorded by an earlier fork resolves itself when the two copies become equal again
// (issue #13: equal copies never stand as a conflict, whatever the recorded state says): the run
// records them as in sync with one warning and leaves the fork copy alone. Copies that still
// differ stay in conflict and nothing is forked again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeTranscript, seededUuid, toJsonl } from '../helpers/transcripts.js';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { makePair, pushedOnce, put, read, swap } from './transfer-harness.js';

const SID = seededUuid('heal-session');

function transcriptsIn(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.jsonl')).sort();
}

test('a forked session whose two copies are made equal by hand is recorded in sync, the conflict dropped with a warning, the fork copy kept', async () => {
  const p = await makePair();
  try {
    const { localFile, remoteFile, lines } = pushedOnce(p, SID);
    const rewritten = toJsonl(lines.slice(0, 5)) + makeTranscript(SID, p.L, 1, { seed: 'rewound', start: '2026-01-05T00:00:00.000Z' });
    put(localFile, rewritten);
    assert.deepEqual(p.json(['push', 'b'], 3).actions.map((action) => [action.kind, action.status]), [['fork', 'conflict']]);
    const remoteDir = join(p.remoteClaude, 'projects', encodeProjectDir(p.R, process.platform));
    const afterFork = transcriptsIn(remoteDir);
    assert.equal(afterFork.length, 2);

    // A copy touched since the fork that still differs stays a conflict: nothing forked again.
    put(remoteFile, read(remoteFile) + makeTranscript(SID, p.R, 1, { seed: 'remote-more', start: '2026-01-06T00:00:00.000Z' }));
    const still = p.json(['sync', 'b'], 3);
    const ofSession = (summary: typeof still): string[][] => summary.actions.filter((action) => action.key === `${SID}.jsonl`).map((action) => [action.kind, action.status]);
    assert.deepEqual(ofSession(still), [['skip', 'conflict']], JSON.stringify(still));
    assert.deepEqual(transcriptsIn(remoteDir), afterFork);

    // The user keeps the local history by copying it over the remote one by hand (paths mapped).
    put(remoteFile, swap(rewritten, p.L, p.R));
    const healed = p.json(['sync', 'b']);
    assert.equal(healed.conflicts, 0, JSON.stringify(healed));
    assert.deepEqual(ofSession(healed), [['record', 'done']], JSON.stringify(healed));
    assert.ok(healed.warnings.some((line) => line.includes('resolved itself')), JSON.stringify(healed.warnings));
    assert.equal(read(localFile), rewritten);
    assert.equal(read(remoteFile), swap(rewritten, p.L, p.R));
    assert.deepEqual(transcriptsIn(remoteDir), afterFork, 'the fork copy is left alone');
    assert.notEqual(p.status()[SID], 'conflict');

    // From now on the session syncs again: a new turn locally is appended to the remote.
    const more = makeTranscript(SID, p.L, 1, { seed: 'after-heal', start: '2026-01-07T00:00:00.000Z' });
    put(localFile, rewritten + more);
    const next = p.json(['sync', 'b']);
    assert.deepEqual(ofSession(next), [['append', 'done']], JSON.stringify(next));
    assert.equal(read(remoteFile), swap(rewritten + more, p.L, p.R));
  } finally {
    await p.cleanup();
  }
});
