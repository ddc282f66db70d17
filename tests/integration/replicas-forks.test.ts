// Issue #13, defect 1: with three machines that only ever append, a merge done on one pair
// must never look like a rewrite to another pair — no fork copy, no exit 3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeTranscript, seededUuid } from '../helpers/transcripts.js';
import { read, uuidsOf, cwdsOf, put } from './transfer-harness.js';
import { makeReplicas, type Replicas } from './replicas-harness.js';

const SID = seededUuid('three-machines');

/** A holds S and gave it to B and C; then C appends c1 and B (a minute later) b1. */
async function shareThenAppend(r: Replicas): Promise<void> {
  put(r.transcript('a', SID), makeTranscript(SID, r.byName('a').project, 2));
  assert.equal((await r.json('a', ['push', 'b'])).done, 1);
  assert.equal((await r.json('a', ['push', 'c'])).done, 1);
  appendFileSync(r.transcript('c', SID), makeTranscript(SID, r.byName('c').project, 1, { seed: 'c1', start: '2026-01-02T00:00:00.000Z' }));
  appendFileSync(r.transcript('b', SID), makeTranscript(SID, r.byName('b').project, 1, { seed: 'b1', start: '2026-01-02T00:01:00.000Z' }));
}

function sessionFiles(r: Replicas, name: string): string[] {
  return readdirSync(dirname(r.transcript(name, SID))).sort();
}

function assertHoldsOnce(r: Replicas, name: string, expected: string[]): void {
  const text = read(r.transcript(name, SID));
  assert.deepEqual([...uuidsOf(text)].sort(), [...expected].sort(), `${name} holds every line once`);
  assert.deepEqual(cwdsOf(text), [r.byName(name).project], `${name} holds its own paths only`);
}

test('three machines: a merge on a–c does not look like a rewrite to a–b (no fork, exit 0)', async () => {
  const r = await makeReplicas();
  try {
    await shareThenAppend(r);
    assert.equal((await r.json('a', ['sync', 'b'])).conflicts, 0);
    const merged = await r.json('a', ['sync', 'c']);
    assert.deepEqual(merged.actions.map((action) => [action.kind, action.status]), [['merge', 'done']]);
    const all = uuidsOf(read(r.transcript('a', SID)));
    const again = await r.json('a', ['sync', 'b']);
    assert.equal(again.conflicts, 0, JSON.stringify(again));
    assert.deepEqual(sessionFiles(r, 'b'), [`${SID}.jsonl`], 'no fork copy on b');
    for (const name of ['a', 'b', 'c']) assertHoldsOnce(r, name, all);
    assert.equal(read(r.transcript('b', SID)).split(r.byName('b').project).join(r.byName('a').project), read(r.transcript('a', SID)), 'a and b agree on the order');
    assert.deepEqual((await r.json('a', ['sync', 'b'])).actions, [], 'settled');
  } finally {
    r.cleanup();
  }
});

test('three machines: byte-identical copies whose pair state is stale are recorded, not forked', async () => {
  const r = await makeReplicas();
  try {
    await shareThenAppend(r);
    await r.json('a', ['sync', 'b']);
    await r.json('a', ['sync', 'c']);
    // b learns c1 from c directly: a and b now hold the same lines, both rewritten since a–b last met
    await r.json('b', ['sync', 'c']);
    const a = read(r.transcript('a', SID));
    assert.equal(read(r.transcript('b', SID)).split(r.byName('b').project).join(r.byName('a').project), a, 'the copies are equal');
    const result = await r.json('a', ['sync', 'b']);
    assert.equal(result.conflicts, 0, JSON.stringify(result));
    assert.equal(result.bytesWritten, 0, JSON.stringify(result));
    assert.deepEqual(sessionFiles(r, 'a'), [`${SID}.jsonl`]);
    assert.deepEqual(sessionFiles(r, 'b'), [`${SID}.jsonl`]);
    assert.deepEqual((await r.json('a', ['sync', 'b'])).actions, [], 'settled');
  } finally {
    r.cleanup();
  }
});
