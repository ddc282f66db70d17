import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commonLinePrefix } from '../../src/planner/merge.js';
import { same, toLocalPaths, toRemotePaths } from '../helpers/merge-lines.js';

const line = (fields: Record<string, unknown>): string => `${JSON.stringify(fields)}\n`;
const buf = (...lines: string[]): Buffer => Buffer.from(lines.join(''));

const a = line({ uuid: 'a', timestamp: '2026-03-01T10:00:01.000Z', cwd: '/home/alice/p' });
const b = line({ uuid: 'b', timestamp: '2026-03-01T10:00:02.000Z', cwd: '/home/alice/p/sub' });
const c = line({ uuid: 'c', timestamp: '2026-03-01T10:00:03.000Z' });

// --- commonLinePrefix ------------------------------------------------------------------------

const prefixCases: Array<[string, Buffer, Buffer, number, number]> = [
  ['identical', buf(a, b), buf(a, b), buf(a, b).length, buf(a, b).length],
  ['local extends remote', buf(a, b, c), buf(a, b), buf(a, b).length, buf(a, b).length],
  ['remote extends local', buf(a), buf(a, b), buf(a).length, buf(a).length],
  ['differ at the second line', buf(a, b), buf(a, c), buf(a).length, buf(a).length],
  ['differ at once', buf(b), buf(c), 0, 0],
  ['empty', Buffer.alloc(0), buf(a), 0, 0],
  ['partial last line is not a line', Buffer.from(`${a}${b.trimEnd()}`), buf(a, b), buf(a).length, buf(a).length],
  ['equal after path conversion', buf(a, b), Buffer.from(toRemotePaths(`${a}${b}`)), buf(a, b).length, Buffer.from(toRemotePaths(`${a}${b}`)).length],
];
for (const [name, local, remote, localLen, remoteLen] of prefixCases) {
  test(`commonLinePrefix: ${name}`, () => {
    assert.deepEqual(commonLinePrefix(local, remote, toLocalPaths), { localLen, remoteLen });
  });
}

test('commonLinePrefix: without conversion, path-different lines differ', () => {
  assert.deepEqual(commonLinePrefix(buf(a), Buffer.from(toRemotePaths(a)), same), { localLen: 0, remoteLen: 0 });
});
