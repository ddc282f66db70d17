// `ccsync resolve R` from a script (no terminal, no --keep/--merge) when nothing is in conflict
// (issue #10 item 9): "no conflicts", exit 0, nothing written — not the usage error that asks
// for a choice there is nothing to make.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTranscriptLines, seededUuid, toJsonl } from '../helpers/transcripts.js';
import { makePair, put, snapshot, transcriptPath } from './transfer-harness.js';
import { makeForked } from './resolve-fixture.js';

test('resolve without a terminal and without a choice: no conflicts → says so, exit 0, writes nothing', async () => {
  const p = await makePair();
  try {
    const sid = seededUuid('resolve-none');
    put(transcriptPath(p.localClaude, p.L, sid), toJsonl(makeTranscriptLines(sid, p.L, 2, { title: 'Nothing to resolve' })));
    assert.equal(p.json(['push', 'b']).done, 1);
    const before = [snapshot(p.box.root)];
    const out = p.run(['resolve', 'b']);
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, /no conflicts with 'b'/);
    assert.equal(out.stderr, '');
    // the remote may be left out when it is the only one
    const bare = p.run(['resolve']);
    assert.equal(bare.status, 0, bare.stderr);
    assert.match(bare.stdout, /no conflicts with 'b'/);
    assert.deepEqual([snapshot(p.box.root)], before, 'a resolve with nothing to do writes nothing (not even the lock or state dir)');
  } finally {
    await p.cleanup();
  }
});

test('resolve without a terminal and without a choice, with a conflict: exit 2 names the count and the flags', async () => {
  const f = await makeForked();
  try {
    const out = f.p.run(['resolve', 'b']);
    assert.equal(out.status, 2);
    assert.match(out.stderr, /^ccsync: 1 session in conflict with 'b': choose what to keep with --keep local, --keep remote, --keep both or --merge \(there is no terminal to ask on\); --dry-run lists them\n$/);
  } finally {
    await f.p.cleanup();
  }
});
