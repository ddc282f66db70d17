import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileEntry, Manifest, ProjectDir } from '../../src/transport/protocol.js';
import { forkSessionId } from '../../src/sync/fork-id.js';
import { classify, classifyAll, logicalKey, planSync, sessionIdOfKey } from '../../src/sync/plan-sync.js';
import type { Action, AncestorEntry, AncestorState, Direction, DirPairing, Plan, PlanOptions } from '../../src/sync/types.js';

// --- factories -------------------------------------------------------------------------------

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 5, 1);
const OLD = NOW - 2 * DAY; // when the ancestor was recorded
const NEW = NOW - DAY; // when a side changed since
const LDIR = '-home-alice-proj';
const RDIR = '-Users-alice-proj';
const SID = '3f2b8c1e-7d4a-4e6b-9a1c-0d5e8f7a6b21';
const T = `${SID}.jsonl`; // the transcript's key
const PAIRS: DirPairing[] = [{ localDir: LDIR, remoteDir: RDIR, localPath: '/home/alice/proj', remotePath: '/Users/alice/proj' }];

type Side = 'local' | 'remote';
/** U unchanged, G grew, C changed (shrank / other prefix), A absent, P present (no ancestor), D present with other content */
type State = 'U' | 'G' | 'C' | 'A' | 'P' | 'D';

function pathOf(side: Side, key: string, dir = side === 'local' ? LDIR : RDIR): string {
  return key.startsWith('file-history/') ? key : `projects/${dir}/${key}`;
}

/** The ancestor's record of a jsonl (100 complete bytes) or a blob (10 bytes, hash h0). */
function ancestorFor(key: string, blob = false, dirs: { local?: string; remote?: string } = {}): AncestorEntry {
  const record = (side: Side) => ({
    path: pathOf(side, key, dirs[side]),
    size: blob ? 10 : 100,
    mtimeMs: OLD,
    len: blob ? 10 : 100,
    fp: blob ? 'h0' : `${side}-fp100`,
  });
  return { local: record('local'), remote: record('remote') };
}

function jsonlEntry(side: Side, key: string, state: State, dir?: string): FileEntry | undefined {
  const path = pathOf(side, key, dir);
  const base = { path, kind: 'jsonl' as const };
  switch (state) {
    case 'U':
      return { ...base, size: 100, mtimeMs: OLD, unchanged: true };
    case 'G':
      return { ...base, size: 150, mtimeMs: NEW, completeLen: 150, fp: `${side}-fp150`, probeFp: `${side}-fp100` };
    case 'C':
      return { ...base, size: 80, mtimeMs: NEW, completeLen: 80, fp: `${side}-fp80` };
    case 'P':
      return { ...base, size: 120, mtimeMs: NEW, completeLen: 120, fp: `${side}-fp120` };
    case 'D':
      return { ...base, size: 130, mtimeMs: NEW, completeLen: 130, fp: `${side}-fp130`, probeFp: `${side}-other` };
    case 'A':
      return undefined;
  }
}

function blobEntry(side: Side, key: string, state: State): FileEntry | undefined {
  const base = { path: pathOf(side, key), kind: 'blob' as const };
  switch (state) {
    case 'U':
      return { ...base, size: 10, mtimeMs: OLD, unchanged: true };
    case 'C':
    case 'P':
      return { ...base, size: 12, mtimeMs: NEW, fp: 'h1' };
    case 'D':
      return { ...base, size: 14, mtimeMs: NEW, fp: `h-${side}` };
    default:
      return undefined;
  }
}

function project(dir: string, files: FileEntry[], extra: Partial<ProjectDir> = {}): ProjectDir {
  const jsonl = files.flatMap((file) => {
    const prefix = `projects/${dir}/`;
    const rest = file.path.startsWith(prefix) ? file.path.slice(prefix.length) : '';
    return rest.endsWith('.jsonl') && !rest.includes('/') ? [rest] : [];
  });
  return { dir, cwd: `/${dir}`, inScope: true, jsonl, hasSessionsIndex: false, ...extra };
}

function manifest(side: Side, files: Array<FileEntry | undefined>, extra: Partial<Manifest> = {}): Manifest {
  const present = files.filter((file): file is FileEntry => file !== undefined);
  const dirs = new Set(present.flatMap((file) => (file.path.startsWith('projects/') ? [file.path.split('/')[1] ?? ''] : [])));
  dirs.add(side === 'local' ? LDIR : RDIR);
  return {
    protocol: 1,
    platform: side === 'local' ? 'linux' : 'darwin',
    home: side === 'local' ? '/home/alice' : '/Users/alice',
    claudeDir: side === 'local' ? '/home/alice/.claude' : '/Users/alice/.claude',
    projects: [...dirs].map((dir) => project(dir, present)),
    files: present,
    liveSessionIds: [],
    warnings: [],
    ...extra,
  };
}

function ancestorState(entries: Record<string, AncestorEntry>): AncestorState {
  return { version: 1, entries };
}

function options(direction: Direction, extra: Partial<PlanOptions> = {}): PlanOptions {
  return { direction, delete: false, force: false, now: NOW, ...extra };
}

/** One action (or its absence) in a few words: `append:local>remote`, `merge:local+remote:adv` … */
function summary(plan: Plan, key: string): string {
  const found = plan.actions.filter((action) => action.key === key);
  if (found.length > 1) return `several: ${found.map(describe).join(', ')}`;
  const [action] = found;
  if (action) return describe(action);
  return plan.inSync.includes(key) ? 'in-sync' : 'none';
}

function describe(action: Action): string {
  switch (action.kind) {
    case 'copy':
    case 'append':
    case 'fork':
    case 'replace':
      return `${action.kind}:${action.from.side}>${action.to.side}`;
    case 'merge':
      return `merge:${action.writeSides.join('+')}${action.advanceAncestor ? ':adv' : ''}`;
    case 'delete':
      return `delete:${action.at.side}`;
    case 'record':
      return 'record';
    case 'skip':
      return `skip:${action.reason}`;
  }
}

function streamPlan(l: State, r: State, direction: Direction, extra: Partial<PlanOptions> = {}, withAncestor = true): Plan {
  return planSync({
    local: manifest('local', [jsonlEntry('local', T, l)]),
    remote: manifest('remote', [jsonlEntry('remote', T, r)]),
    ancestor: ancestorState(withAncestor ? { [T]: ancestorFor(T) } : {}),
    options: options(direction, extra),
    pairings: PAIRS,
  });
}

function rows(table: string): string[][] {
  return table
    .trim()
    .split('\n')
    .map((row) => row.trim().split(/\s+/));
}

// --- the stream table, every cell × direction --------------------------------------------------

// local remote direction --delete? expected
const STREAM_TABLE = `
  U U sync - in-sync
  U U push - in-sync
  U U pull - in-sync
  U G sync - append:remote>local
  U G push - none
  U G pull - append:remote>local
  U C sync - fork:remote>local
  U C push - fork:local>remote
  U C pull - fork:remote>local
  U D sync - fork:remote>local
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
  G C sync - fork:remote>local
  G C push - fork:local>remote
  G C pull - fork:remote>local
  G A sync - copy:local>remote
  G A sync delete copy:local>remote
  G A push - copy:local>remote
  G A pull - none
  C U sync - fork:local>remote
  C U push - fork:local>remote
  C U pull - fork:remote>local
  D U sync - fork:local>remote
  C G sync - fork:local>remote
  C G push - fork:local>remote
  C G pull - fork:remote>local
  C C sync - fork:local>remote
  C C push - fork:local>remote
  C C pull - fork:remote>local
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

for (const [l, r, direction, del, expected] of rows(STREAM_TABLE)) {
  test(`stream with ancestor: local ${l}, remote ${r}, ${direction}${del === 'delete' ? ' --delete' : ''} → ${expected}`, () => {
    const plan = streamPlan(l as State, r as State, direction as Direction, { delete: del === 'delete' });
    assert.equal(summary(plan, T), expected);
  });
}

// --- no ancestor -------------------------------------------------------------------------------

const NO_ANCESTOR_TABLE = `
  P P sync merge:local+remote:adv
  P P push merge:remote
  P P pull merge:local
  P A sync copy:local>remote
  P A push copy:local>remote
  P A pull none
  A P sync copy:remote>local
  A P push none
  A P pull copy:remote>local
`;

for (const [l, r, direction, expected] of rows(NO_ANCESTOR_TABLE)) {
  test(`stream without ancestor: local ${l}, remote ${r}, ${direction} → ${expected}`, () => {
    assert.equal(summary(streamPlan(l as State, r as State, direction as Direction, {}, false), T), expected);
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

for (const [l, r, direction, anc, del, expected] of rows(BLOB_TABLE)) {
  test(`blob: local ${l}, remote ${r}, ${direction}, ${anc === 'anc' ? 'with' : 'no'} ancestor${del === 'delete' ? ' --delete' : ''} → ${expected}`, () => {
    const plan = planSync({
      local: manifest('local', [blobEntry('local', BLOB, l as State)]),
      remote: manifest('remote', [blobEntry('remote', BLOB, r as State)]),
      ancestor: ancestorState(anc === 'anc' ? { [BLOB]: ancestorFor(BLOB, true) } : {}),
      options: options(direction as Direction, { delete: del === 'delete' }),
      pairings: PAIRS,
    });
    assert.equal(summary(plan, BLOB), expected);
  });
}

export { ancestorFor, ancestorState, blobEntry, jsonlEntry, manifest, options, summary, DAY, LDIR, NOW, PAIRS, RDIR, SID, T };
export { forkSessionId, classify, classifyAll, logicalKey, sessionIdOfKey };
