// A conflict recorded by an earlier fork, compared after the read: equal copies clear it with a
// warning; a superset, a reorder or a rewrite keep the conflict skip (planner/reconcile.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settleReconciles } from '../../src/planner/reconcile.js';
import type { Action, Plan, Side } from '../../src/planner/types.js';
import { l, map, r, SUB, T } from '../helpers/reconcile-lines.js';

const standing: Extract<Action, { kind: 'skip' }> = { kind: 'skip', key: T, reason: 'conflict', message: 'two different histories' };

function settle(local: string, remote: string): { actions: Action[]; warnings: string[] } {
  const action: Action = {
    kind: 'reconcile', key: T, writeSides: ['local', 'remote'], advanceAncestor: true, mtimeMs: 1, shrank: [], mergeWarnings: [],
    local: { path: `l/${T}`, length: Buffer.byteLength(local), size: Buffer.byteLength(local) },
    remote: { path: `r/${T}`, length: Buffer.byteLength(remote), size: Buffer.byteLength(remote) },
    ifRewritten: standing,
    recordedConflict: { forkId: 'f0' },
  };
  const companion: Action = { kind: 'copy', key: SUB, fileKind: 'jsonl', from: { side: 'local', path: `l/${SUB}` }, to: { side: 'remote', path: `r/${SUB}` }, length: 1, mtimeMs: 1 };
  const plan: Plan = { direction: 'sync', actions: [action, companion], removeIndexes: [], warnings: [], inSync: [] };
  const bytes: Record<Side, Buffer> = { local: Buffer.from(local), remote: Buffer.from(remote) };
  const settled = settleReconciles(plan, (side) => bytes[side], map);
  return { actions: settled.plan.actions, warnings: settled.warnings };
}

test('recorded conflict, copies equal after path mapping → record, one warning, companions carried again', () => {
  const { actions, warnings } = settle(l('a', 1) + l('b', 2), r('a', 1) + r('b', 2));
  assert.deepEqual(actions.map((action) => action.kind), ['record', 'copy']);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0] ?? '', /resolved itself.*session f0 is left as it is/);
});

const STILL_CONFLICT: Array<[string, string, string]> = [
  ['one holds every line of the other', l('a', 1) + l('b', 2), r('a', 1)],
  ['same lines in another order', l('b', 2) + l('a', 1), r('a', 1) + r('b', 2)],
  ['a line with another content', l('a', 1) + l('b', 2, 'edited'), r('a', 1) + r('b', 2)],
];
for (const [name, local, remote] of STILL_CONFLICT) {
  test(`recorded conflict, ${name} → the conflict stands, companions held`, () => {
    const { actions, warnings } = settle(local, remote);
    assert.deepEqual(actions.map((action) => [action.kind, action.kind === 'skip' ? action.reason : '']), [['skip', 'conflict'], ['skip', 'blob-conflict']]);
    assert.deepEqual(warnings, []);
  });
}
