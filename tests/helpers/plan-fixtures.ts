// Small manifests, ancestors and plan summaries for the planner's tests.
import type { FileEntry, Manifest, ProjectDir } from '../../src/wire/protocol.js';
import { planSync } from '../../src/planner/plan-sync.js';
import type { Action, AncestorEntry, AncestorState, Direction, DirPairing, Plan, PlanOptions } from '../../src/planner/types.js';

export const DAY = 24 * 60 * 60 * 1000;
export const NOW = Date.UTC(2026, 5, 1);
export const OLD = NOW - 2 * DAY; // when the ancestor was recorded
export const NEW = NOW - DAY; // when a side changed since
export const LDIR = '-home-alice-proj';
export const RDIR = '-Users-alice-proj';
export const SID = '3f2b8c1e-7d4a-4e6b-9a1c-0d5e8f7a6b21';
export const T = `${SID}.jsonl`; // the transcript's key
export const PAIRS: DirPairing[] = [{ localDir: LDIR, remoteDir: RDIR, localPath: '/home/alice/proj', remotePath: '/Users/alice/proj' }];

export type Side = 'local' | 'remote';
/** U unchanged, G grew, C changed (shrank / other prefix), A absent, P present (no ancestor), D present with other content */
export type State = 'U' | 'G' | 'C' | 'A' | 'P' | 'D';

export function pathOf(side: Side, key: string, dir = side === 'local' ? LDIR : RDIR): string {
  return key.startsWith('file-history/') ? key : `projects/${dir}/${key}`;
}

/** The ancestor's record of a jsonl (100 complete bytes) or a blob (10 bytes, hash h0). */
export function ancestorFor(key: string, blob = false, dirs: { local?: string; remote?: string } = {}): AncestorEntry {
  const record = (side: Side) => ({
    path: pathOf(side, key, dirs[side]),
    size: blob ? 10 : 100,
    mtimeMs: OLD,
    len: blob ? 10 : 100,
    fp: blob ? 'h0' : `${side}-fp100`,
  });
  return { local: record('local'), remote: record('remote') };
}

export function jsonlEntry(side: Side, key: string, state: State, dir?: string): FileEntry | undefined {
  const path = pathOf(side, key, dir);
  const base: Pick<FileEntry, 'path' | 'kind'> = { path, kind: 'jsonl' };
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

/** A present jsonl entry, for tests that change one of its fields. */
export function jsonlFile(side: Side, key: string, state: Exclude<State, 'A'>, dir?: string): FileEntry {
  const entry = jsonlEntry(side, key, state, dir);
  if (entry === undefined) throw new Error('unreachable: present states have an entry');
  return entry;
}

export function blobEntry(side: Side, key: string, state: State): FileEntry | undefined {
  const base: Pick<FileEntry, 'path' | 'kind'> = { path: pathOf(side, key), kind: 'blob' };
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

export function project(dir: string, files: FileEntry[], extra: Partial<ProjectDir> = {}): ProjectDir {
  const jsonl = files.flatMap((file) => {
    const prefix = `projects/${dir}/`;
    const rest = file.path.startsWith(prefix) ? file.path.slice(prefix.length) : '';
    return rest.endsWith('.jsonl') && !rest.includes('/') ? [rest] : [];
  });
  return { dir, cwd: `/${dir}`, inScope: true, jsonl, hasSessionsIndex: false, ...extra };
}

/**
 * A side's manifest: its project dirs come from the files (in scope, `jsonl` listed);
 * `extra.projects` adds dirs or replaces derived ones with the same name.
 */
export function manifest(side: Side, files: Array<FileEntry | undefined>, extra: Partial<Manifest> = {}): Manifest {
  const present = files.filter((file): file is FileEntry => file !== undefined);
  const dirs = new Set(present.flatMap((file) => (file.path.startsWith('projects/') ? [file.path.split('/')[1] ?? ''] : [])));
  dirs.add(side === 'local' ? LDIR : RDIR);
  const given = extra.projects ?? [];
  const derived = [...dirs].filter((dir) => !given.some((p) => p.dir === dir)).map((dir) => project(dir, present));
  return {
    protocol: 1,
    platform: side === 'local' ? 'linux' : 'darwin',
    home: side === 'local' ? '/home/alice' : '/Users/alice',
    claudeDir: side === 'local' ? '/home/alice/.claude' : '/Users/alice/.claude',
    files: present,
    liveSessionIds: [],
    warnings: [],
    ...extra,
    projects: [...derived, ...given],
  };
}

export interface Scenario {
  local?: Array<FileEntry | undefined>;
  remote?: Array<FileEntry | undefined>;
  localManifest?: Partial<Manifest>;
  remoteManifest?: Partial<Manifest>;
  ancestor?: Record<string, AncestorEntry>;
  direction?: Direction;
  options?: Partial<PlanOptions>;
  pairings?: DirPairing[];
}

export function planOf(scenario: Scenario): Plan {
  return planSync({
    local: manifest('local', scenario.local ?? [], scenario.localManifest),
    remote: manifest('remote', scenario.remote ?? [], scenario.remoteManifest),
    ancestor: ancestorState(scenario.ancestor ?? {}),
    options: options(scenario.direction ?? 'sync', scenario.options),
    pairings: scenario.pairings ?? PAIRS,
  });
}

export function ancestorState(entries: Record<string, AncestorEntry>): AncestorState {
  return { version: 1, entries };
}

export function options(direction: Direction, extra: Partial<PlanOptions> = {}): PlanOptions {
  return { direction, delete: false, force: false, now: NOW, ...extra };
}

/** One action (or its absence) in a few words: `append:local>remote`, `merge:local+remote:adv` … */
export function summary(plan: Plan, key: string): string {
  const found = plan.actions.filter((action) => action.key === key);
  if (found.length > 1) return `several: ${found.map(describe).join(', ')}`;
  const [action] = found;
  if (action) return describe(action);
  return plan.inSync.includes(key) ? 'in-sync' : 'none';
}

export function describe(action: Action): string {
  switch (action.kind) {
    case 'copy':
    case 'append':
    case 'fork':
    case 'replace':
      return `${action.kind}:${action.from.side}>${action.to.side}`;
    case 'merge':
      return `merge:${action.writeSides.join('+')}${action.advanceAncestor ? ':adv' : ''}`;
    case 'reconcile':
      return `reconcile:${action.writeSides.join('+')}${action.advanceAncestor ? ':adv' : ''}|${describe(action.ifRewritten)}`;
    case 'delete':
      return `delete:${action.at.side}`;
    case 'record':
      return 'record';
    case 'skip':
      return `skip:${action.reason}`;
  }
}

export function streamPlan(l: State, r: State, direction: Direction, extra: Partial<PlanOptions> = {}, withAncestor = true): Plan {
  return planSync({
    local: manifest('local', [jsonlEntry('local', T, l)]),
    remote: manifest('remote', [jsonlEntry('remote', T, r)]),
    ancestor: ancestorState(withAncestor ? { [T]: ancestorFor(T) } : {}),
    options: options(direction, extra),
    pairings: PAIRS,
  });
}

export function rows(table: string): string[][] {
  return table
    .trim()
    .split('\n')
    .map((row) => row.trim().split(/\s+/));
}

const STATES: readonly State[] = ['U', 'G', 'C', 'A', 'P', 'D'];
const DIRECTIONS: readonly Direction[] = ['push', 'pull', 'sync'];

/** A table cell as a side state. */
export function state(cell: string | undefined): State {
  const found = STATES.find((candidate) => candidate === cell);
  if (found === undefined) throw new Error(`bad state in table: ${cell}`);
  return found;
}

export function direction(cell: string | undefined): Direction {
  const found = DIRECTIONS.find((candidate) => candidate === cell);
  if (found === undefined) throw new Error(`bad direction in table: ${cell}`);
  return found;
}
