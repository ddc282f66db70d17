// settings.json three-way merge (issue #5): table cases and properties.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createPathMap, rewriteString } from '../../src/mapping/path-map.js';
import { jsonEqual, mapStrings, mergeSettings, type JsonObject, type MergeInput } from '../../src/config-sync/merge-settings.js';

const map = createPathMap([{ local: '/Users/alice', remote: '/home/alice' }]);
const toLocal = (value: unknown): unknown => mapStrings(value, (text) => rewriteString(map, text, 'toLocal'));
const toRemote = (value: unknown): unknown => mapStrings(value, (text) => rewriteString(map, text, 'toRemote'));
const both = { local: true, remote: true };

function merge(base: JsonObject | undefined, local: JsonObject, remote: JsonObject, write = both): ReturnType<typeof mergeSettings> {
  const input: MergeInput = { base, local, remote, toLocal, toRemote, write };
  return mergeSettings(input);
}

test('different top-level keys changed on each side are merged both ways', () => {
  const base = { model: 'opus', cleanupPeriodDays: 30 };
  const result = merge(base, { model: 'sonnet', cleanupPeriodDays: 30 }, { model: 'opus', cleanupPeriodDays: 90 });
  assert.deepEqual(result.local, { model: 'sonnet', cleanupPeriodDays: 90 });
  assert.deepEqual(result.remote, { model: 'sonnet', cleanupPeriodDays: 90 });
  assert.deepEqual(result.base, { model: 'sonnet', cleanupPeriodDays: 90 });
  assert.deepEqual(result.conflicts, []);
  assert.deepEqual(result.toRemoteKeys, ['model']);
  assert.deepEqual(result.toLocalKeys, ['cleanupPeriodDays']);
});

test('the same key changed differently is a conflict: each side keeps its own, the ancestor stays', () => {
  const result = merge({ model: 'opus' }, { model: 'sonnet' }, { model: 'haiku' });
  assert.deepEqual(result.conflicts, ['model']);
  assert.deepEqual(result.local, { model: 'sonnet' });
  assert.deepEqual(result.remote, { model: 'haiku' });
  assert.deepEqual(result.base, { model: 'opus' });
});

test('one level down: env and permissions merge per key; a list inside is compared whole', () => {
  const base = { env: { A: '1' }, permissions: { allow: ['Bash(ls)'], deny: [] } };
  const local = { env: { A: '1', B: '2' }, permissions: { allow: ['Bash(ls)', 'Bash(git)'], deny: [] } };
  const remote = { env: { A: '9' }, permissions: { allow: ['Bash(ls)'], deny: ['Read(.env)'] } };
  const result = merge(base, local, remote);
  assert.deepEqual(result.conflicts, []);
  assert.deepEqual(result.local, { env: { A: '9', B: '2' }, permissions: { allow: ['Bash(ls)', 'Bash(git)'], deny: ['Read(.env)'] } });
  assert.ok(jsonEqual(result.remote, result.local));
  const clash = merge(base, { ...base, permissions: { allow: ['a'], deny: [] } }, { ...base, permissions: { allow: ['b'], deny: [] } });
  assert.deepEqual(clash.conflicts, ['permissions.allow']);
});

test('hook commands go through the path map in both directions', () => {
  const hook = (command: string): JsonObject => ({ hooks: { PostToolUse: [{ matcher: 'Edit', hooks: [{ type: 'command', command }] }] } });
  const pushed = merge(undefined, hook('/Users/alice/bin/lint.sh'), {});
  assert.deepEqual(pushed.remote, hook('/home/alice/bin/lint.sh'));
  assert.deepEqual(pushed.base, hook('/Users/alice/bin/lint.sh'));
  const pulled = merge(undefined, {}, hook('/home/alice/bin/fmt.sh'));
  assert.deepEqual(pulled.local, hook('/Users/alice/bin/fmt.sh'));
  // the same hook on both sides in each side's form is in sync, not a conflict
  const same = merge(undefined, hook('/Users/alice/bin/x'), hook('/home/alice/bin/x'));
  assert.deepEqual(same.conflicts, []);
  assert.deepEqual(same.toLocalKeys.concat(same.toRemoteKeys), []);
});

test('a key removed on one side is removed on the other; removed vs changed is a conflict', () => {
  const result = merge({ a: 1, b: 2 }, { a: 1 }, { a: 1, b: 2 });
  assert.deepEqual(result.remote, { a: 1 });
  assert.deepEqual(merge({ b: 2 }, {}, { b: 3 }).conflicts, ['b']);
});

test('no ancestor: the same key with different values on both sides is a conflict', () => {
  assert.deepEqual(merge(undefined, { model: 'a' }, { model: 'b' }).conflicts, ['model']);
});

test('a one-way run writes only the target and keeps the ancestor for what it could not carry', () => {
  const result = merge({ a: 1, b: 1 }, { a: 2, b: 1 }, { a: 1, b: 3 }, { local: false, remote: true });
  assert.deepEqual(result.remote, { a: 2, b: 3 });
  assert.deepEqual(result.local, { a: 2, b: 1 });
  assert.deepEqual(result.base, { a: 2, b: 1 }, 'b stays at 1 so a later pull still sees the remote change');
});

const valueArb = fc.oneof(fc.constantFrom('x', 'y', '/Users/alice/p'), fc.integer({ min: 0, max: 2 }), fc.constant(undefined));
const objArb = fc.dictionary(fc.constantFrom('model', 'env', 'k'), fc.oneof(valueArb, fc.dictionary(fc.constantFrom('A', 'B'), valueArb)));
const clean = (value: unknown): JsonObject => JSON.parse(JSON.stringify(value ?? {})) as JsonObject;

test('properties: agreed sides end equal; a second run changes nothing; swapping sides swaps the result', () => {
  fc.assert(
    fc.property(objArb, objArb, objArb, (b, l, r) => {
      const base = clean(b);
      const local = clean(l);
      const remote = clean(toRemote(clean(r)));
      const first = merge(base, local, remote);
      if (first.conflicts.length === 0) assert.ok(jsonEqual(first.local, toLocal(first.remote)));
      const again = merge(first.base, first.local, first.remote);
      assert.ok(jsonEqual(again.local, first.local) && jsonEqual(again.remote, first.remote));
      assert.deepEqual(again.toLocalKeys.concat(again.toRemoteKeys), []);
      const swapped = mergeSettings({ base, local: clean(toLocal(remote)), remote: clean(toRemote(local)), toLocal, toRemote, write: both });
      assert.deepEqual([...swapped.conflicts].sort(), [...first.conflicts].sort());
      assert.ok(jsonEqual(swapped.local, toLocal(first.remote)));
    }),
    { numRuns: 300 },
  );
});
