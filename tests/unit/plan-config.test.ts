// Config files three-way against the last sync's hash (issue #5), one row per case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planConfigFiles, type ConfigPlanInput } from '../../src/config-sync/plan-config.js';
import type { FileEntry } from '../../src/wire/protocol.js';

const file = (fp: string, size = 10): FileEntry => ({ path: 'CLAUDE.md', kind: 'blob', size, mtimeMs: 1000, fp });

function plan(l: string | undefined, r: string | undefined, base: string | undefined, extra: Partial<ConfigPlanInput> = {}): { status: string; action: string; hash?: string | undefined } {
  const result = planConfigFiles({
    local: l === undefined ? [] : [file(l)],
    remote: r === undefined ? [] : [file(r, 20)],
    ancestor: base === undefined ? {} : { 'CLAUDE.md': base },
    direction: 'sync',
    delete: false,
    ...extra,
  });
  const only = result[0];
  assert.ok(only, 'one plan row');
  const action = only.action.kind === 'copy' ? `copy from ${only.action.from}` : only.action.kind === 'remove' ? `remove on ${only.action.at}` : only.action.kind;
  return { status: only.status, action, hash: only.hash };
}

test('config files: every case of local × remote × ancestor', () => {
  const rows: Array<[string | undefined, string | undefined, string | undefined, Partial<ConfigPlanInput>, string, string]> = [
    ['A', 'A', 'A', {}, 'in-sync', 'none'],
    ['A', 'A', undefined, {}, 'in-sync', 'record'],
    ['A', undefined, undefined, {}, 'local-ahead', 'copy from local'],
    [undefined, 'A', undefined, {}, 'remote-ahead', 'copy from remote'],
    ['A', 'B', undefined, {}, 'conflict', 'conflict'],
    ['B', 'A', 'A', {}, 'local-ahead', 'copy from local'],
    ['A', 'B', 'A', {}, 'remote-ahead', 'copy from remote'],
    ['B', 'C', 'A', {}, 'conflict', 'conflict'],
    [undefined, 'A', 'A', {}, 'deleted-local', 'skip'],
    [undefined, 'A', 'A', { delete: true }, 'deleted-local', 'remove on remote'],
    ['A', undefined, 'A', { delete: true }, 'deleted-remote', 'remove on local'],
    [undefined, 'B', 'A', { delete: true }, 'remote-ahead', 'copy from remote'],
    [undefined, undefined, 'A', {}, 'in-sync', 'record'],
    ['B', 'A', 'A', { direction: 'pull' }, 'local-ahead', 'none'],
    ['B', 'A', 'A', { direction: 'push' }, 'local-ahead', 'copy from local'],
    ['A', 'B', 'A', { direction: 'push' }, 'remote-ahead', 'none'],
  ];
  for (const [l, r, base, extra, status, action] of rows) {
    const got = plan(l, r, base, extra);
    assert.deepEqual({ status: got.status, action: got.action }, { status, action }, `local ${l} remote ${r} ancestor ${base} ${JSON.stringify(extra)}`);
  }
});

test('the hash recorded after a copy is the source\'s; both gone forgets the file', () => {
  assert.equal(plan('B', 'A', 'A').hash, 'B');
  assert.equal(plan(undefined, undefined, 'A').hash, undefined);
});
