// A reconcile becomes record, merge or the planned fork once both copies are read (issue #13).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildWrites } from '../../src/planner/build-writes.js';
import { settleReconciles } from '../../src/planner/reconcile.js';
import type { Action, Direction, Plan, Side } from '../../src/planner/types.js';
import { l, map, r, SID, SUB, T } from '../helpers/reconcile-lines.js';


function reconcile(key: string, local: string, remote: string, direction: Direction): Extract<Action, { kind: 'reconcile' }> {
  const writeSides: Side[] = direction === 'sync' ? ['local', 'remote'] : direction === 'push' ? ['remote'] : ['local'];
  const fork: Action = { kind: 'fork', key, from: { side: 'remote', path: `r/${key}` }, to: { side: 'local', path: 'l/fork.jsonl' }, counterpart: { side: 'local', path: `l/${key}` }, length: Buffer.byteLength(remote), sessionId: SID, forkId: 'f', reason: 'planned', mtimeMs: 1 };
  return {
    kind: 'reconcile', key, writeSides, advanceAncestor: direction === 'sync', mtimeMs: 1, shrank: [], mergeWarnings: [],
    local: { path: `l/${key}`, length: Buffer.byteLength(local), size: Buffer.byteLength(local) },
    remote: { path: `r/${key}`, length: Buffer.byteLength(remote), size: Buffer.byteLength(remote) },
    ifRewritten: fork,
  };
}

function settle(files: Array<[string, string, string]>, direction: Direction): { plan: Plan; converged: Set<number>; writes: Map<string, string> } {
  const bytes = new Map<string, Buffer>();
  for (const [key, local, remote] of files) {
    bytes.set(`local l/${key}`, Buffer.from(local));
    bytes.set(`remote r/${key}`, Buffer.from(remote));
  }
  const plan: Plan = { direction, actions: files.map(([key, local, remote]) => reconcile(key, local, remote, direction)), removeIndexes: [], warnings: [], inSync: [] };
  const fetched = (side: Side, path: string): Buffer => bytes.get(`${side} ${path}`) ?? Buffer.alloc(0);
  const settled = settleReconciles(plan, fetched, map);
  const built = buildWrites(settled.plan, fetched, map, settled.merged);
  const writes = new Map(built.writes.map((write) => [`${write.side} ${write.op.kind} ${write.op.path}`, 'data' in write.op ? write.op.data.toString() : '']));
  return { plan: settled.plan, converged: built.converged, writes };
}

test('equal copies are recorded: nothing written', () => {
  const { plan, writes } = settle([[T, l('a', 1) + l('b', 2), r('a', 1) + r('b', 2)]], 'sync');
  assert.deepEqual(plan.actions.map((action) => action.kind), ['record']);
  assert.equal(writes.size, 0);
});

test('a reordered copy takes the order that ends on the newer line, on both sides', () => {
  const { plan, writes } = settle([[T, l('a', 1) + l('c', 3) + l('b', 2), r('a', 1) + r('b', 2) + r('c', 3)]], 'sync');
  assert.deepEqual(plan.actions.map((action) => action.kind), ['merge']);
  assert.deepEqual([...writes.keys()], [`local splice l/${T}`]);
  assert.equal(writes.get(`local splice l/${T}`), l('b', 2) + l('c', 3));
});

test('one-way: the target takes the source\'s order of the same lines, and the pair counts as converged', () => {
  const { plan, converged, writes } = settle([[T, l('a', 1) + l('c', 3) + l('b', 2), r('a', 1) + r('b', 2) + r('c', 3)]], 'push');
  assert.deepEqual(plan.actions.map((action) => action.kind), ['merge']);
  assert.equal(writes.get(`remote splice r/${T}`), r('c', 3) + r('b', 2));
  assert.deepEqual([...converged], [0]);
});

test('one-way: a target holding more lines than the source is nothing to push (no "merge, 0 B")', () => {
  const { plan, converged, writes } = settle([[T, l('a', 1), r('a', 1) + r('b', 2)]], 'push');
  assert.deepEqual(plan.actions.map((action) => action.kind), []);
  assert.equal(writes.size, 0);
  assert.deepEqual([...converged], []);
});

test('a superset in sync: the other side gets the missing lines appended, no fork', () => {
  const { plan, writes } = settle([[T, l('a', 1) + l('b', 2), r('a', 1)]], 'sync');
  assert.deepEqual(plan.actions.map((action) => action.kind), ['merge']);
  assert.deepEqual([...writes.entries()], [[`remote append r/${T}`, r('b', 2)]]);
});

test('a rewrite takes the planned fork (with the reason found) and holds the session\'s companions', () => {
  const { plan } = settle(
    [
      [T, l('a', 1) + l('b', 2, 'edited'), r('a', 1) + r('b', 2)],
      [SUB, l('s', 1), r('s', 1) + r('t', 2)],
    ],
    'sync',
  );
  const [fork, companion] = plan.actions;
  assert.ok(fork?.kind === 'fork');
  assert.match(fork.reason, /line b differs between the two copies/);
  assert.deepEqual([companion?.kind, companion?.kind === 'skip' ? companion.reason : ''], ['skip', 'blob-conflict']);
});
