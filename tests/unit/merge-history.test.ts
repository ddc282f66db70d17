// Prompt history merge (issue #5): table cases and the properties the issue asks for — no entry
// lost, no duplicate, idempotent, symmetric — and unmapped projects never leak.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createPathMap } from '../../src/mapping/path-map.js';
import { mergeHistory, type HistoryInput } from '../../src/config-sync/merge-history.js';

const map = createPathMap([{ local: '/Users/a/proj', remote: '/work/proj' }]);
const scope = { localRoots: ['/Users/a/proj'], remoteRoots: ['/work/proj'] };
const both = { local: true, remote: true };

const entry = (display: string, timestamp: number, project: string): string =>
  `${JSON.stringify({ display, pastedContents: {}, timestamp, project, sessionId: 's' })}\n`;
const buf = (...lines: string[]): Buffer => Buffer.from(lines.join(''));

function run(local: Buffer, remote: Buffer, write = both): { local: Buffer; remote: Buffer; merge: ReturnType<typeof mergeHistory> } {
  const input: HistoryInput = { local, remote, map, scope, write };
  const merge = mergeHistory(input);
  const apply = (data: Buffer, change: (typeof merge)['local']): Buffer =>
    change === undefined ? data : change.kind === 'append' ? Buffer.concat([data, change.data]) : change.data;
  return { local: apply(local, merge.local), remote: apply(remote, merge.remote), merge };
}

test('newer entries are appended with project rewritten; unmapped projects stay home', () => {
  const local = buf(entry('a', 1, '/Users/a/proj'), entry('secret', 2, '/Users/a/other'), entry('b', 3, '/Users/a/proj/sub'));
  const result = run(local, Buffer.alloc(0));
  assert.equal(result.merge.remote?.kind, 'append');
  assert.equal(result.remote.toString(), entry('a', 1, '/work/proj') + entry('b', 3, '/work/proj/sub'));
  assert.equal(result.merge.local, undefined);
});

test('an older incoming entry is inserted by time; the side\'s own lines keep bytes and order', () => {
  const remoteOwn = '{"display":"r","timestamp":5,"project":"/work/proj"}\n';
  const result = run(buf(entry('l', 2, '/Users/a/proj')), buf(remoteOwn, entry('r2', 9, '/work/proj')));
  assert.equal(result.merge.remote?.kind, 'rewrite');
  assert.equal(result.remote.toString(), entry('l', 2, '/work/proj') + remoteOwn + entry('r2', 9, '/work/proj'));
  assert.equal(result.merge.local?.kind, 'append');
});

test('entries the other side already has (same display, time and mapped project) are not added', () => {
  const result = run(buf(entry('a', 1, '/Users/a/proj')), buf(entry('a', 1, '/work/proj')));
  assert.deepEqual(result.merge, {});
  // the same text at the same time in another project is another entry
  const other = run(buf(entry('a', 1, '/Users/a/proj/x')), buf(entry('a', 1, '/work/proj')));
  assert.equal(other.merge.remote?.entries, 1);
});

test('only projects inside the run\'s scope cross; a one-way run writes only its target', () => {
  const narrow = mergeHistory({ local: buf(entry('a', 1, '/Users/a/proj/x'), entry('b', 2, '/Users/a/proj/y')), remote: Buffer.alloc(0), map, scope: { localRoots: ['/Users/a/proj/x'], remoteRoots: ['/work/proj/x'] }, write: both });
  assert.equal(narrow.remote?.entries, 1);
  const push = run(buf(entry('a', 1, '/Users/a/proj')), buf(entry('b', 2, '/work/proj')), { local: false, remote: true });
  assert.equal(push.merge.local, undefined);
  assert.equal(push.merge.remote?.entries, 1);
});

test('lines that are not JSON and CRLF lines stay as they are', () => {
  const local = Buffer.from('not json\n{"display":"x","timestamp":4,"project":"/Users/a/proj"}\r\n');
  const result = run(local, buf(entry('y', 1, '/work/proj')));
  assert.equal(result.merge.local?.kind, 'rewrite');
  assert.ok(result.local.toString().includes('not json\n'));
  assert.ok(result.local.toString().endsWith('"project":"/Users/a/proj"}\r\n'));
});

// properties over generated histories
interface Spec {
  display: string;
  time: number;
  where: 0 | 1 | 2; // both, local only, remote only
  mapped: boolean;
}
const specArb: fc.Arbitrary<Spec> = fc.record({
  display: fc.constantFrom('ls', 'fix it', 'run tests', 'ls'),
  time: fc.integer({ min: 0, max: 20 }),
  where: fc.constantFrom(0 as const, 1 as const, 2 as const),
  mapped: fc.boolean(),
});

function sides(specs: Spec[]): { local: Buffer; remote: Buffer } {
  const local: string[] = [];
  const remote: string[] = [];
  for (const spec of specs) {
    if (spec.where !== 2) local.push(entry(spec.display, spec.time, spec.mapped ? '/Users/a/proj' : '/Users/a/private'));
    if (spec.where !== 1) remote.push(entry(spec.display, spec.time, spec.mapped ? '/work/proj' : '/work/private'));
  }
  return { local: buf(...local), remote: buf(...remote) };
}

const keysOf = (data: Buffer, side: 'local' | 'remote'): string[] =>
  data
    .toString()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const value = JSON.parse(line) as { display: string; timestamp: number; project: string };
      const project = side === 'remote' ? value.project.replace('/work/proj', '/Users/a/proj') : value.project;
      return `${value.timestamp}|${value.display}|${project}`;
    });

test('properties: nothing lost, no duplicate added, unmapped never leaks, idempotent, symmetric', () => {
  fc.assert(
    fc.property(fc.array(specArb, { maxLength: 12 }), (specs) => {
      const start = sides(specs);
      const once = run(start.local, start.remote);
      // every original line is still there, in its order (the side's own lines are a subsequence)
      for (const side of ['local', 'remote'] as const) {
        const before = start[side].toString().split('\n').filter(Boolean);
        const after = once[side].toString().split('\n').filter(Boolean);
        let at = 0;
        for (const line of after) if (line === before[at]) at++;
        assert.equal(at, before.length, `${side} lost or reordered a line`);
      }
      // mapped entries agree; unmapped ones never crossed
      const mapped = (keys: string[]): string[] => [...new Set(keys.filter((key) => key.endsWith('/Users/a/proj')))].sort();
      assert.deepEqual(mapped(keysOf(once.local, 'local')), mapped(keysOf(once.remote, 'remote')));
      assert.ok(!once.remote.toString().includes('/Users/a/private') && !once.local.toString().includes('/work/private'));
      // no key was added twice
      for (const side of ['local', 'remote'] as const) {
        const added = keysOf(once[side], side).length - keysOf(start[side], side).length;
        const distinctNew = new Set(keysOf(once[side], side)).size - new Set(keysOf(start[side], side)).size;
        assert.equal(added, distinctNew);
      }
      const twice = run(once.local, once.remote);
      assert.deepEqual(twice.merge, {});
      const swapped = mergeHistory({ local: start.remote, remote: start.local, map: createPathMap([{ local: '/work/proj', remote: '/Users/a/proj' }]), scope: { localRoots: scope.remoteRoots, remoteRoots: scope.localRoots }, write: both });
      assert.deepEqual(swapped.local?.data, once.merge.remote?.data);
      assert.deepEqual(swapped.remote?.data, once.merge.local?.data);
    }),
    { numRuns: 300 },
  );
});
