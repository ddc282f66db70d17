// A session resumed on both machines: `sync` merges, both sides end with the union of lines by
// uuid in their own paths, and the next sync has nothing to do (issue #2, item 4). A one-way
// push first writes the union on the target only; the sync after it converges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { makeTranscript, seededUuid } from '../helpers/transcripts.js';
import { cwdsOf, makePair, put, read, snapshot, swap, transcriptPath, uuidsOf, type Pair } from './transfer-harness.js';

const SID = seededUuid('merge-session');

interface Grown {
  localFile: string;
  remoteFile: string;
  /** every uuid either side has after both grew */
  union: string[];
}

/** Push a session, then let each side add its own turn (the remote one a minute later). */
function growBoth(p: Pair): Grown {
  const localFile = transcriptPath(p.localClaude, p.L, SID);
  const remoteFile = transcriptPath(p.remoteClaude, p.R, SID);
  put(localFile, makeTranscript(SID, p.L, 2));
  assert.equal(p.json(['push', 'b']).done, 1);
  appendFileSync(localFile, makeTranscript(SID, p.L, 1, { seed: 'on-local', start: '2026-01-02T00:00:00.000Z' }));
  appendFileSync(remoteFile, makeTranscript(SID, p.R, 1, { seed: 'on-remote', start: '2026-01-02T00:01:00.000Z' }));
  const union = [...new Set([...uuidsOf(read(localFile)), ...uuidsOf(read(remoteFile))])].sort();
  return { localFile, remoteFile, union };
}

function assertUnion(p: Pair, grown: Grown): void {
  const localText = read(grown.localFile);
  const remoteText = read(grown.remoteFile);
  assert.deepEqual([...uuidsOf(localText)].sort(), grown.union, 'local has every line once');
  assert.deepEqual([...uuidsOf(remoteText)].sort(), grown.union, 'remote has every line once');
  assert.deepEqual(cwdsOf(localText), [p.L]);
  assert.deepEqual(cwdsOf(remoteText), [p.R]);
  assert.equal(swap(remoteText, p.R, p.L), localText, 'both sides hold the same lines in the same order');
}

test('both sides grew: sync merges, both have the union, a second sync writes nothing', async () => {
  const p = await makePair();
  try {
    const grown = growBoth(p);
    assert.deepEqual(p.status(), { [SID]: 'diverged' });
    const result = p.json(['sync', 'b']);
    assert.deepEqual(result.actions.map((action) => [action.kind, action.status]), [['merge', 'done']], JSON.stringify(result));
    assertUnion(p, grown);
    assert.deepEqual(p.status(), { [SID]: 'in-sync' });

    const before = { local: snapshot(p.localClaude), remote: snapshot(p.remoteClaude) };
    const again = p.json(['sync', 'b']);
    assert.deepEqual(again.actions, [], JSON.stringify(again));
    assert.deepEqual({ local: snapshot(p.localClaude), remote: snapshot(p.remoteClaude) }, before);
  } finally {
    await p.cleanup();
  }
});

test('both sides grew: a one-way push writes the union on the remote only; a sync then converges', async () => {
  const p = await makePair();
  try {
    const grown = growBoth(p);
    const localBefore = read(grown.localFile);
    const pushed = p.json(['push', 'b']);
    assert.deepEqual(pushed.actions.map((action) => [action.kind, action.status]), [['merge', 'done']], JSON.stringify(pushed));
    assert.equal(read(grown.localFile), localBefore, 'push never writes the local side');
    assert.deepEqual([...uuidsOf(read(grown.remoteFile))].sort(), grown.union);

    const synced = p.json(['sync', 'b']);
    assert.equal(synced.failed + synced.conflicts, 0, JSON.stringify(synced));
    assertUnion(p, grown);
    const settled = p.json(['sync', 'b']);
    assert.deepEqual(settled.actions, [], JSON.stringify(settled));
    assert.deepEqual(p.status(), { [SID]: 'in-sync' });
  } finally {
    await p.cleanup();
  }
});

test('the same session on both sides with no sync state: the shared history is kept, only new lines cross', async () => {
  const p = await makePair();
  try {
    // Copied by hand once (rsync + path fix), then continued locally.
    const localFile = transcriptPath(p.localClaude, p.L, SID);
    const remoteFile = transcriptPath(p.remoteClaude, p.R, SID);
    const shared = makeTranscript(SID, p.L, 2);
    put(remoteFile, swap(shared, p.L, p.R));
    const added = makeTranscript(SID, p.L, 1, { seed: 'later', start: '2026-01-03T00:00:00.000Z' });
    put(localFile, shared + added);
    const result = p.json(['sync', 'b']);
    assert.equal(result.failed + result.conflicts, 0, JSON.stringify(result));
    assert.equal(read(remoteFile), swap(shared + added, p.L, p.R));
    assert.equal(read(localFile), shared + added);
    assert.deepEqual(p.json(['sync', 'b']).actions, []);
  } finally {
    await p.cleanup();
  }
});
