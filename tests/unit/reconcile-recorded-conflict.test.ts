// A conflict recorded by an earlier fork, compared after the read: equal copies clear it with a
// warning; a superset, a reorder or a rewrite keep the conflict skip (planner/reconcile.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPathMap } from '../../src/mapping/path-map.js';
import { settleReconciles } from '../../src/planner/reconcile.js';
import type { Action, Plan, Side } from '../../src/planner/types.js';
import { at, line } from '../helpers/merge-lines.js';

const SID = '3f2b8c1e-7d4a-4e6b-9a1c-0d5e8f7a6b21';
const T = `${SID}.jsonl`;
const SUB = `${SID}/subagents/agent-a1.jsonl`;
const map = createPathMap([{ local: '/home/alice/p', remote: '/Users/alice/p' }]);
const l = (uuid: string, second: number, text = 'hi'): string => line({ uuid, timestamp: at(second * 1000), cwd: '/home/alice/p', message: text });
const r = (uuid: string, second: number, text = 'hi'): string => l(uuid, second, text).replaceAll('/home/alice/p', '/Users/alice/p');
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
