import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planSync } from '../../src/planner/plan-sync.js';
import {
  ancestorFor,
  ancestorState,
  blobEntry,
  direction,
  manifest,
  options,
  rows,
  state,
  streamPlan,
  summary,
  PAIRS,
  SID,
  T,
} from '../helpers/plan-fixtures.js';

// --- the stream table, every cell × direction --------------------------------------------------

// local remote direction --delete? expected. A changed or shrunk (D) side is compared line by line
// after the read (reconcile, tests/unit/reconcile.test.ts); the fork is what stands if that finds a rewrite.
const STREAM_TABLE = `
  U U sync - in-sync
  U U push - in-sync
  U U pull - in-sync
  U G sync - append:remote>local
  U G push - none
  U G pull - append:remote>local
  U C sync - reconcile:local+remote:adv|fork:remote>local
  U C push - reconcile:remote|fork:local>remote
  U C pull - reconcile:local|fork:remote>local
  U D sync - reconcile:local+remote:adv|fork:remote>local
  U A sync - skip:deleted
  U A sync delete delete:local
  U A push - none
  U A push delete none
  U A pull - skip:deleted
  U A pull delete delete:local
  G U sync - append:local>remote
  G U push - append:local>remote
  G U pull - none
  G G sync - merge:local+remote:adv
  G G push - merge:remote
  G G pull - merge:local
  G C sync - reconcile:local+remote:adv|fork:remote>local
  G C push - reconcile:remote|fork:local>remote
  G C pull - reconcile:local|fork:remote>local
  G A sync - copy:local>remote
  G A sync delete copy:local>remote
  G A push - copy:local>remote
  G A pull - none
  C U sync - reconcile:local+remote:adv|fork:local>remote
  C U push - reconcile:remote|fork:local>remote
  C U pull - reconcile:local|fork:remote>local
  D U sync - reconcile:local+remote:adv|fork:local>remote
  C G sync - reconcile:local+remote:adv|fork:local>remote
  C G push - reconcile:remote|fork:local>remote
  C G pull - reconcile:local|fork:remote>local
  C C sync - reconcile:local+remote:adv|fork:local>remote
  C C push - reconcile:remote|fork:local>remote
  C C pull - reconcile:local|fork:remote>local
  C A sync - skip:deleted
  C A sync delete skip:deleted
  C A push - none
  C A pull delete skip:deleted
  A U sync - skip:deleted
  A U sync delete delete:remote
  A U push - skip:deleted
  A U push delete delete:remote
  A U pull - none
  A U pull delete none
  A G sync - copy:remote>local
  A G sync delete copy:remote>local
  A G push - none
  A G pull - copy:remote>local
  A C sync - skip:deleted
  A C push delete skip:deleted
  A C pull - none
  A A sync - none
  A A sync delete none
`;

for (const [l, r, dir, del, expected] of rows(STREAM_TABLE)) {
  test(`stream with ancestor: local ${l}, remote ${r}, ${dir}${del === 'delete' ? ' --delete' : ''} → ${expected}`, () => {
    const plan = streamPlan(state(l), state(r), direction(dir), { delete: del === 'delete' });
    assert.equal(summary(plan, T), expected);
  });
}

// --- no ancestor -------------------------------------------------------------------------------

const NO_ANCESTOR_TABLE = `
  P P sync reconcile:local+remote:adv|fork:local>remote
  P P push reconcile:remote|fork:local>remote
  P P pull reconcile:local|fork:remote>local
  P A sync copy:local>remote
  P A push copy:local>remote
  P A pull none
  A P sync copy:remote>local
  A P push none
  A P pull copy:remote>local
`;

for (const [l, r, dir, expected] of rows(NO_ANCESTOR_TABLE)) {
  test(`stream without ancestor: local ${l}, remote ${r}, ${dir} → ${expected}`, () => {
    assert.equal(summary(streamPlan(state(l), state(r), direction(dir), {}, false), T), expected);
  });
}

// --- blobs ----------------------------------------------------------------------------------------

const BLOB = `file-history/${SID}/0123456789abcdef@v1`;

// local remote direction ancestor? --delete? expected   (C = hash h1 on both; D = a hash of its own)
const BLOB_TABLE = `
  U U sync anc - in-sync
  U C sync anc - replace:remote>local
  U C push anc - none
  U C pull anc - replace:remote>local
  C U sync anc - replace:local>remote
  C U push anc - replace:local>remote
  C U pull anc - none
  C C sync anc - record
  C C push anc - record
  D D sync anc - skip:blob-conflict
  D D pull anc - skip:blob-conflict
  U A sync anc - skip:deleted
  U A sync anc delete delete:local
  A U push anc delete delete:remote
  C A sync anc - copy:local>remote
  C A sync anc delete copy:local>remote
  A C pull anc - copy:remote>local
  P P sync none - record
  D D sync none - skip:blob-conflict
  P A sync none - copy:local>remote
  A P push none - none
  A P pull none - copy:remote>local
`;

for (const [l, r, dir, anc, del, expected] of rows(BLOB_TABLE)) {
  test(`blob: local ${l}, remote ${r}, ${dir}, ${anc === 'anc' ? 'with' : 'no'} ancestor${del === 'delete' ? ' --delete' : ''} → ${expected}`, () => {
    const plan = planSync({
      local: manifest('local', [blobEntry('local', BLOB, state(l))]),
      remote: manifest('remote', [blobEntry('remote', BLOB, state(r))]),
      ancestor: ancestorState(anc === 'anc' ? { [BLOB]: ancestorFor(BLOB, true) } : {}),
      options: options(direction(dir), { delete: del === 'delete' }),
      pairings: PAIRS,
    });
    assert.equal(summary(plan, BLOB), expected);
  });
}

