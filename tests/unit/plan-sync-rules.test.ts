// The planner's rules beyond the table: action fields, partial lines, live sessions, dirs,
// forks and their companions, cleanup warnings, stale indexes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileEntry } from '../../src/wire/protocol.js';
import { planSync } from '../../src/planner/plan-sync.js';
import {
  ancestorFor,
  ancestorState,
  blobEntry,
  jsonlEntry,
  jsonlFile,
  manifest,
  options,
  planOf,
  summary,
  LDIR,
  NEW,
  RDIR,
  SID,
  T,
} from '../helpers/plan-fixtures.js';

const SUB = `${SID}/subagents/agent-a1.jsonl`;
const HIST = `file-history/${SID}/0123456789abcdef@v2`;
const withAncestor = { [T]: ancestorFor(T) };

test('append: the tail past the agreed prefix, verified against the target size', () => {
  const plan = planOf({ local: [jsonlEntry('local', T, 'G')], remote: [jsonlEntry('remote', T, 'U')], ancestor: withAncestor });
  assert.deepEqual(plan.actions, [
    {
      kind: 'append',
      key: T,
      from: { side: 'local', path: `projects/${LDIR}/${T}` },
      to: { side: 'remote', path: `projects/${RDIR}/${T}` },
      offset: 100,
      length: 50,
      targetSize: 100,
      mtimeMs: NEW,
    },
  ]);
  assert.deepEqual(plan.removeIndexes, []);
  assert.deepEqual(plan.warnings, []);
});

test('append: a partial last line of the source is not sent', () => {
  const source: FileEntry = { ...jsonlFile('local', T, 'G'), size: 170 };
  const plan = planOf({ local: [source], remote: [jsonlEntry('remote', T, 'U')], ancestor: withAncestor });
  const [action] = plan.actions;
  assert.ok(action?.kind === 'append');
  assert.equal(action.length, 50);
});

test('merge: keeps each side\'s agreed prefix; mtime is the newer side\'s', () => {
  const remote: FileEntry = { ...jsonlFile('remote', T, 'G'), mtimeMs: NEW + 5 };
  const plan = planOf({ local: [jsonlEntry('local', T, 'G')], remote: [remote], ancestor: withAncestor });
  assert.deepEqual(plan.actions, [
    {
      kind: 'merge',
      key: T,
      local: { path: `projects/${LDIR}/${T}`, keep: 100, length: 150, size: 150 },
      remote: { path: `projects/${RDIR}/${T}`, keep: 100, length: 150, size: 150 },
      writeSides: ['local', 'remote'],
      advanceAncestor: true,
      mtimeMs: NEW + 5,
    },
  ]);
});

test('without ancestor both whole copies are read and compared', () => {
  const plan = planOf({ local: [jsonlEntry('local', T, 'P')], remote: [jsonlEntry('remote', T, 'P')], direction: 'push' });
  const [action] = plan.actions;
  assert.ok(action?.kind === 'reconcile');
  assert.deepEqual([action.local.length, action.remote.length, action.agreed, action.shrank], [120, 120, undefined, []]);
  assert.deepEqual([action.writeSides, action.advanceAncestor], [['remote'], false]);
});

test('copy: into the paired dir, complete lines only, with the source mtime', () => {
  const source: FileEntry = { ...jsonlFile('local', T, 'P'), size: 125 };
  const plan = planOf({ local: [source], direction: 'push' });
  assert.deepEqual(plan.actions, [
    { kind: 'copy', key: T, fileKind: 'jsonl', from: { side: 'local', path: `projects/${LDIR}/${T}` }, to: { side: 'remote', path: `projects/${RDIR}/${T}` }, length: 120, mtimeMs: NEW },
  ]);
});

test('copy: files outside projects/ keep their path; blobs copy their size', () => {
  const plan = planOf({ remote: [blobEntry('remote', HIST, 'P')], direction: 'pull' });
  assert.deepEqual(plan.actions, [
    { kind: 'copy', key: HIST, fileKind: 'blob', from: { side: 'remote', path: HIST }, to: { side: 'local', path: HIST }, length: 12, mtimeMs: NEW },
  ]);
});

test('copy: a transcript with no complete line yet is left for later', () => {
  const empty: FileEntry = { path: `projects/${LDIR}/${T}`, kind: 'jsonl', size: 30, mtimeMs: NEW, completeLen: 0, fp: 'x' };
  assert.equal(summary(planOf({ local: [empty] }), T), 'none');
});

test('delete: with --delete, the unchanged copy goes, size-checked', () => {
  const plan = planOf({ local: [jsonlEntry('local', T, 'U')], ancestor: withAncestor, options: { delete: true } });
  assert.deepEqual(plan.actions, [{ kind: 'delete', key: T, at: { side: 'local', path: `projects/${LDIR}/${T}` }, size: 100 }]);
});

// --- partial last line on the target --------------------------------------------------------------

const partialRemote: FileEntry = { path: `projects/${RDIR}/${T}`, kind: 'jsonl', size: 120, mtimeMs: NEW, completeLen: 100, fp: 'remote-fp100', probeFp: 'remote-fp100' };
const partialLocal: FileEntry = { ...jsonlFile('local', T, 'G'), size: 160 };

const PARTIAL_CASES: Array<[string, FileEntry | undefined, FileEntry | undefined, 'sync' | 'push' | 'pull', string]> = [
  ['append into a target ending mid-line', jsonlEntry('local', T, 'G'), partialRemote, 'sync', 'skip:partial-line'],
  ['push merge into a target ending mid-line', jsonlEntry('local', T, 'G'), { ...jsonlFile('remote', T, 'G'), size: 155 }, 'push', 'skip:partial-line'],
  ['sync merge: only the clean side is written', partialLocal, jsonlEntry('remote', T, 'G'), 'sync', 'merge:remote'],
  ['pull merge: the source may end mid-line', jsonlEntry('local', T, 'G'), { ...jsonlFile('remote', T, 'G'), size: 155 }, 'pull', 'merge:local'],
  ['a changed copy is compared once the target ends on a complete line', jsonlEntry('local', T, 'C'), partialRemote, 'push', 'skip:partial-line'],
];
for (const [name, local, remote, direction, expected] of PARTIAL_CASES) {
  test(`partial line: ${name} → ${expected}`, () => {
    assert.equal(summary(planOf({ local: [local], remote: [remote], ancestor: withAncestor, direction }), T), expected);
  });
}

test('partial line: the one-sided merge says why in a warning', () => {
  const plan = planOf({ local: [partialLocal], remote: [jsonlEntry('remote', T, 'G')], ancestor: withAncestor });
  assert.equal(plan.warnings.length, 1);
  assert.match(plan.warnings[0] ?? '', /merged into remote only .* incomplete line/);
});

// --- live sessions -----------------------------------------------------------------------------------

const live = { liveSessionIds: [SID] };
const LIVE_CASES: Array<[string, 'local' | 'remote', boolean, FileEntry | undefined, FileEntry | undefined, string, string]> = [
  ['append into a live target', 'remote', false, jsonlEntry('local', T, 'G'), jsonlEntry('remote', T, 'U'), T, 'skip:live'],
  ['append into a live target with --force', 'remote', true, jsonlEntry('local', T, 'G'), jsonlEntry('remote', T, 'U'), T, 'append:local>remote'],
  ['live on the source only', 'local', false, jsonlEntry('local', T, 'G'), jsonlEntry('remote', T, 'U'), T, 'append:local>remote'],
  ['a companion of a live session', 'remote', false, jsonlEntry('local', SUB, 'P'), undefined, SUB, 'skip:live'],
  ['a file-history blob of a live session', 'local', false, undefined, blobEntry('remote', HIST, 'P'), HIST, 'skip:live'],
  ['merge with one side live', 'local', false, jsonlEntry('local', T, 'G'), jsonlEntry('remote', T, 'G'), T, 'merge:remote'],
  ['merge with one side live, --force', 'local', true, jsonlEntry('local', T, 'G'), jsonlEntry('remote', T, 'G'), T, 'merge:local+remote:adv'],
  ['delete on a live side', 'local', false, jsonlEntry('local', T, 'U'), undefined, T, 'skip:live'],
  ['a fork writes a new session: not blocked; a merge only where not live', 'local', false, jsonlEntry('local', T, 'U'), jsonlEntry('remote', T, 'C'), T, 'reconcile:remote|fork:remote>local'],
];
for (const [name, where, force, local, remote, key, expected] of LIVE_CASES) {
  test(`live: ${name} → ${expected}`, () => {
    const plan = planOf({
      local: [local],
      remote: [remote],
      ancestor: { [T]: ancestorFor(T) },
      ...(where === 'local' ? { localManifest: live } : { remoteManifest: live }),
      options: { force, delete: true },
    });
    assert.equal(summary(plan, key), expected);
  });
}

test('live: the skip is also a warning, once per session and side', () => {
  const plan = planOf({ local: [jsonlEntry('local', T, 'G'), jsonlEntry('local', SUB, 'P')], remote: [jsonlEntry('remote', T, 'U')], ancestor: withAncestor, remoteManifest: live });
  assert.deepEqual(plan.warnings, [`session ${SID} is live on remote (Claude Code is running it): not written; rerun after it exits, or pass --force`]);
});

test('planSync is pure: same input, same plan; the input is not modified', () => {
  const input = {
    local: manifest('local', [jsonlEntry('local', T, 'G'), jsonlEntry('local', SUB, 'P')]),
    remote: manifest('remote', [jsonlEntry('remote', T, 'G')]),
    ancestor: ancestorState(withAncestor),
    options: options('sync'),
    pairings: [{ localDir: LDIR, remoteDir: RDIR }],
  };
  const before = structuredClone(input);
  assert.deepEqual(planSync(input), planSync(input));
  assert.deepEqual(input, before);
});
