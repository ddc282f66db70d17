// Config files (issue #5) other than settings.json: CLAUDE.md, agents/, commands/, skills/,
// output-styles/ (and .credentials.json with --include-credentials), three-way per file against
// the hash both sides had at the last sync. Copied byte for byte: they are prose and scripts,
// not path-bearing records. Pure: manifest extras + ancestor hashes in, a plan out.
import type { FileEntry } from '../wire/protocol.js';
import type { Direction, Side } from '../planner/types.js';

export type ConfigFileStatus = 'in-sync' | 'local-ahead' | 'remote-ahead' | 'conflict' | 'deleted-local' | 'deleted-remote';

export type ConfigFileAction =
  | { kind: 'none' }
  /** both sides hold the same bytes (or neither has the file): record that */
  | { kind: 'record' }
  /** put `from`'s bytes on the other side (`targetSize` undefined: the target has none) */
  | { kind: 'copy'; from: Side; length: number; targetSize?: number; mtimeMs: number }
  /** `--delete`: gone on one side, unchanged on the other: remove it there (after a backup) */
  | { kind: 'remove'; at: Side; size: number }
  | { kind: 'conflict'; message: string }
  | { kind: 'skip'; message: string };

export interface ConfigFilePlan {
  path: string;
  status: ConfigFileStatus;
  action: ConfigFileAction;
  /** record and copy: the hash both sides hold once the action is done (undefined: no file) */
  hash?: string;
}

export interface ConfigPlanInput {
  local: readonly FileEntry[];
  remote: readonly FileEntry[];
  /** path → sha256 both sides held after the last sync */
  ancestor: Readonly<Record<string, string>>;
  direction: Direction;
  delete: boolean;
}

function writes(direction: Direction, side: Side): boolean {
  return direction === 'sync' || (direction === 'push' ? side === 'remote' : side === 'local');
}

function other(side: Side): Side {
  return side === 'local' ? 'remote' : 'local';
}

function planOne(path: string, l: FileEntry | undefined, r: FileEntry | undefined, base: string | undefined, input: ConfigPlanInput): ConfigFilePlan {
  const copy = (from: Side): ConfigFilePlan => {
    const source = from === 'local' ? l : r;
    const target = from === 'local' ? r : l;
    const status = from === 'local' ? 'local-ahead' : 'remote-ahead';
    if (!source) return { path, status, action: { kind: 'none' } };
    if (!writes(input.direction, other(from))) return { path, status, action: { kind: 'none' } };
    const action: ConfigFileAction = { kind: 'copy', from, length: source.size, mtimeMs: source.mtimeMs, ...(target ? { targetSize: target.size } : {}) };
    return { path, status, action, ...(source.fp === undefined ? {} : { hash: source.fp }) };
  };
  const deleted = (gone: Side): ConfigFilePlan => {
    const kept = gone === 'local' ? r : l;
    const status = gone === 'local' ? 'deleted-local' : 'deleted-remote';
    if (!kept || !writes(input.direction, other(gone))) return { path, status, action: { kind: 'none' } };
    if (!input.delete) return { path, status, action: { kind: 'skip', message: `deleted on ${gone}; --delete removes it on ${other(gone)} too` } };
    return { path, status, action: { kind: 'remove', at: other(gone), size: kept.size } };
  };
  const lh = l?.fp;
  const rh = r?.fp;
  if (!l && !r) return { path, status: 'in-sync', action: { kind: 'record' } };
  if (lh !== undefined && lh === rh) return { path, status: 'in-sync', action: base === lh ? { kind: 'none' } : { kind: 'record' }, hash: lh };
  if (base === undefined) {
    if (l && !r) return copy('local');
    if (r && !l) return copy('remote');
    return { path, status: 'conflict', action: { kind: 'conflict', message: 'differs on both sides and was never synced; make them equal, or delete one copy' } };
  }
  const localChanged = lh !== base;
  const remoteChanged = rh !== base;
  if (localChanged && !remoteChanged) return l ? copy('local') : deleted('local');
  if (remoteChanged && !localChanged) return r ? copy('remote') : deleted('remote');
  // a side that changed wins over a deletion on the other (nothing is lost)
  if (!l && r) return copy('remote');
  if (!r && l) return copy('local');
  return { path, status: 'conflict', action: { kind: 'conflict', message: 'changed on both sides since the last sync; make them equal, or delete one copy' } };
}

export function planConfigFiles(input: ConfigPlanInput): ConfigFilePlan[] {
  const locals = new Map(input.local.map((entry) => [entry.path, entry]));
  const remotes = new Map(input.remote.map((entry) => [entry.path, entry]));
  const paths = [...new Set([...locals.keys(), ...remotes.keys(), ...Object.keys(input.ancestor)])].sort();
  return paths.map((path) => planOne(path, locals.get(path), remotes.get(path), input.ancestor[path], input)).filter((plan) => plan.path !== '');
}
