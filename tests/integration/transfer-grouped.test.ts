// A first sync of 40 MB goes through the grouped write route (issue #11: rewritten group by
// group while the first groups are written): the same bytes land as through one write, the
// state records every file, and the next run has nothing to do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bigTranscript } from '../helpers/big-sessions.js';
import { seededUuid } from '../helpers/transcripts.js';
import { makePair, put, read, swap, transcriptPath } from './transfer-harness.js';

test('a 40 MB first push is written in groups: every file rewritten whole, recorded, the rerun idle', async () => {
  const p = await makePair();
  try {
    const sids = Array.from({ length: 10 }, (_, index) => seededUuid(`grouped-${index}`));
    for (const [index, sid] of sids.entries()) put(transcriptPath(p.localClaude, p.L, sid), bigTranscript(sid, p.L, 4 * 1024 * 1024, `g${index}`));
    const run = p.run(['push', 'b', '--json']);
    assert.equal(run.status, 0, run.stderr);
    const summary: unknown = JSON.parse(run.stdout);
    assert.ok(typeof summary === 'object' && summary !== null && 'done' in summary && 'turns' in summary);
    assert.equal(summary.done, sids.length);
    // manifest + three or more write groups (one write turn each) instead of manifest + one write
    const turns = summary.turns;
    assert.ok(typeof turns === 'object' && turns !== null && 'remote' in turns && typeof turns.remote === 'number' && turns.remote >= 4, JSON.stringify(turns));
    for (const sid of sids) assert.equal(read(transcriptPath(p.remoteClaude, p.R, sid)), swap(read(transcriptPath(p.localClaude, p.L, sid)), p.L, p.R), sid);
    assert.deepEqual(p.json(['push', 'b']).actions, []);
  } finally {
    await p.cleanup();
  }
});

test('a 40 MB first pull reads the remote group by group: every file whole, the rerun idle', async () => {
  const p = await makePair();
  try {
    const sids = Array.from({ length: 10 }, (_, index) => seededUuid(`grouped-pull-${index}`));
    for (const [index, sid] of sids.entries()) put(transcriptPath(p.remoteClaude, p.R, sid), bigTranscript(sid, p.R, 4 * 1024 * 1024, `h${index}`));
    const summary = p.json(['pull', 'b']);
    assert.equal(summary.done, sids.length);
    for (const sid of sids) assert.equal(read(transcriptPath(p.localClaude, p.L, sid)), swap(read(transcriptPath(p.remoteClaude, p.R, sid)), p.R, p.L), sid);
    assert.deepEqual(p.json(['pull', 'b']).actions, []);
    assert.deepEqual(p.json(['push', 'b']).actions, []);
  } finally {
    await p.cleanup();
  }
});
