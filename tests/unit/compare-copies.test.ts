// What two whole copies are to each other (issue #13): only a real rewrite forks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareCopies, type CopiesInput } from '../../src/planner/compare-copies.js';
import { at, buf, line, toLocalPaths, toRemotePaths } from '../helpers/merge-lines.js';

const l = (uuid: string, second: number, text = 'hi'): string => line({ uuid, timestamp: at(second * 1000), cwd: '/home/alice/p', message: text });
const r = (uuid: string, second: number, text = 'hi'): string => toRemotePaths(l(uuid, second, text));
const snapshot = line({ type: 'file-history-snapshot', messageId: 'a', snapshot: { '/home/alice/p/x.ts': 1 } });

function verdict(local: string[], remote: string[], extra: Partial<CopiesInput> = {}): string {
  const result = compareCopies({ local: buf(...local), remote: buf(...remote), toLocal: toLocalPaths, toRemote: toRemotePaths, shrank: [], ...extra });
  return result.kind === 'rewritten' ? 'rewritten' : result.sameKeys ? 'same-keys' : 'mergeable';
}

const CASES: Array<[string, string[], string[], Partial<CopiesInput>, string]> = [
  ['equal copies, paths mapped', [l('a', 1), snapshot, l('b', 2)], [r('a', 1), toRemotePaths(snapshot), r('b', 2)], {}, 'same-keys'],
  ['the same lines in another order (a merge on another pair)', [l('a', 1), l('b', 2), l('c', 3)], [r('a', 1), r('c', 3), r('b', 2)], {}, 'same-keys'],
  ['one holds every line of the other', [l('a', 1), l('c', 3), l('b', 2)], [r('a', 1), r('b', 2)], {}, 'mergeable'],
  ['both only added lines', [l('a', 1), l('b', 2)], [r('a', 1), r('c', 3)], { agreed: { side: 'remote', len: Buffer.byteLength(r('a', 1)) } }, 'mergeable'],
  ['a subset that shrank is still only missing lines', [l('a', 1)], [r('a', 1), r('b', 2)], { shrank: ['local'] }, 'mergeable'],
  ['one uuid, two contents', [l('a', 1), l('b', 2, 'edited')], [r('a', 1), r('b', 2)], {}, 'rewritten'],
  ['a line removed while another was added (the shorter side shrank)', [l('a', 1), l('x', 5)], [r('a', 1), r('b', 2), r('c', 3)], { shrank: ['local'] }, 'rewritten'],
  ['a line both had at the last sync is gone on one side, which added another', [l('a', 1), l('x', 5)], [r('a', 1), r('b', 2)], { agreed: { side: 'remote', len: Buffer.byteLength(r('a', 1) + r('b', 2)) } }, 'rewritten'],
  ['a line the agreed side added since is no loss', [l('a', 1), l('x', 5)], [r('a', 1), r('b', 2)], { agreed: { side: 'remote', len: Buffer.byteLength(r('a', 1)) } }, 'mergeable'],
];
for (const [name, local, remote, extra, expected] of CASES) {
  test(`compareCopies: ${name} → ${expected}`, () => {
    assert.equal(verdict(local, remote, extra), expected);
    // the same whichever side is local
    const swapped: Partial<CopiesInput> = {
      ...(extra.agreed ? { agreed: { ...extra.agreed, side: extra.agreed.side === 'local' ? 'remote' : 'local' } } : {}),
      shrank: (extra.shrank ?? []).map((side) => (side === 'local' ? 'remote' : 'local')),
    };
    assert.equal(verdict(remote.map(toLocalPaths), local.map(toRemotePaths), swapped), expected);
  });
}

test('compareCopies: a line mapped one way only (a literal remote path on the local side) is the same line', () => {
  const literal = line({ uuid: 'q', timestamp: at(1000), note: 'see /Users/alice/p on the laptop' });
  assert.equal(verdict([literal], [literal]), 'same-keys');
});

test('compareCopies: the shared leading lines are kept in place; the rest is handed to the merge', () => {
  const result = compareCopies({ local: buf(l('a', 1), l('b', 2)), remote: buf(r('a', 1), r('c', 3)), toLocal: toLocalPaths, toRemote: toRemotePaths, shrank: [] });
  assert.ok(result.kind === 'mergeable');
  assert.deepEqual(result.keep, { local: Buffer.byteLength(l('a', 1)), remote: Buffer.byteLength(r('a', 1)) });
  assert.deepEqual([result.lines.local.map((x) => x.key), result.lines.remote.map((x) => x.key)], [['u:b'], ['u:c']]);
});
