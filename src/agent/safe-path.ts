// Every path a side is asked to read or write arrives from the other machine (issue #3: trust
// nothing from the wire). Two gates: `safeRelPath` checks the string (relative, POSIX, no `..`,
// only the areas ccsync syncs), `resolveInside` checks the disk (no symlink smuggles the path
// out of the Claude dir).
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { storeLinkTarget } from './store-link.js';

/**
 * Top-level entries of the Claude dir that sync may touch (ARCHITECTURE.md, "Files"). The
 * config sync (issue #5) passes a longer list to `safeRelPath`: WIRE_AREAS and WIRE_FILES.
 */
export const SYNC_AREAS: readonly string[] = ['projects', 'file-history', 'tasks', 'session-env'];

/** Config dirs carried by `--config` (issue #5; claude-code-format.md, "User configuration"). */
export const CONFIG_AREAS: readonly string[] = ['agents', 'commands', 'skills', 'output-styles'];

/**
 * The single top-level files the engine may read and write. `.claude.json` is a name, not a
 * place: the agent resolves it to the side's global config (`~/.claude.json`, or inside
 * `$CLAUDE_CONFIG_DIR`), and only its mapped `projects` entries are ever rewritten.
 */
export const CLAUDE_JSON = '.claude.json';
export const WIRE_FILES: readonly string[] = ['CLAUDE.md', 'settings.json', 'history.jsonl', '.credentials.json', CLAUDE_JSON];

/** Every dir a read or write from the wire may touch. */
export const WIRE_AREAS: readonly string[] = [...SYNC_AREAS, ...CONFIG_AREAS];

/** A path was refused before anything touched the disk; write results report it as `refused`. */
export class UnsafePathError extends Error {
  readonly code = 'refused';
  constructor(message: string) {
    super(message);
    this.name = 'UnsafePathError';
  }
}

// C0 controls and DEL: no Claude file has them, and they garble messages and terminals.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

function show(rel: string): string {
  return JSON.stringify(rel);
}

/**
 * Returns `rel` unchanged if it is a safe relative path inside one of `areas`, or exactly one
 * of the top-level `files`; throws otherwise.
 */
export function safeRelPath(rel: unknown, areas: readonly string[] = SYNC_AREAS, files: readonly string[] = []): string {
  if (typeof rel !== 'string') throw new UnsafePathError(`path is not a string: ${typeof rel}`);
  if (rel === '') throw new UnsafePathError('path is empty');
  if (rel.includes('\0')) throw new UnsafePathError(`path contains NUL: ${show(rel)}`);
  if (CONTROL_CHARS.test(rel)) throw new UnsafePathError(`path contains a control character: ${show(rel)}`);
  if (rel.includes('\\')) throw new UnsafePathError(`path contains a backslash: ${show(rel)}`);
  if (rel.startsWith('/') || /^[A-Za-z]:/.test(rel)) throw new UnsafePathError(`path is absolute: ${show(rel)}`);
  const segments = rel.split('/');
  for (const segment of segments) {
    if (segment === '') throw new UnsafePathError(`path has an empty segment: ${show(rel)}`);
    if (segment === '.' || segment === '..') throw new UnsafePathError(`path has a '${segment}' segment: ${show(rel)}`);
  }
  const area = segments[0] ?? '';
  if (segments.length === 1 && files.includes(area)) return rel;
  if (!areas.includes(area) || segments.length < 2) {
    throw new UnsafePathError(`path is outside the synced areas (${areas.join(', ')}): ${show(rel)}`);
  }
  return rel;
}

/** A path as the wire may carry it: the session areas, the config areas and WIRE_FILES. */
export function safeWirePath(rel: unknown): string {
  return safeRelPath(rel, WIRE_AREAS, WIRE_FILES);
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'ENOTDIR');
}

/**
 * Joins `root` (the Claude dir) and a `safeRelPath`-checked `rel`, then walks the components
 * that exist with lstat and refuses any symlink below the top level, and a final component
 * that is not a regular file.
 *
 * Top-level entries (`projects`, `file-history`, …) may be symlinks: `ccsync setup` (issue #4)
 * links `~/.claude/projects` to a persistent volume, and the user chose that target. Below
 * them every directory and file must be real, so a symlinked session dir cannot lead a write
 * or a read to `~/.ssh` or anywhere else.
 *
 * `forWrite`: missing components are fine (the write creates them). For a read the file must
 * exist: a missing one throws an ENOENT error (not an UnsafePathError — it only vanished).
 */
export async function resolveInside(
  root: string,
  rel: string,
  opts: { forWrite: boolean; areas?: readonly string[]; files?: readonly string[] },
): Promise<string> {
  const segments = safeRelPath(rel, opts.areas, opts.files).split('/');
  let current = root;
  for (const [index, segment] of segments.entries()) {
    current = path.join(current, segment);
    let info;
    try {
      info = await lstat(current);
    } catch (error) {
      if (isMissing(error) && opts.forWrite) return path.join(root, ...segments);
      throw error;
    }
    const isLeaf = index === segments.length - 1;
    if (info.isSymbolicLink() && index === 0 && isLeaf) return throughStoreLink(root, rel, opts.forWrite);
    if (info.isSymbolicLink() && index > 0) {
      throw new UnsafePathError(`refusing ${show(rel)}: ${show(segments.slice(0, index + 1).join('/'))} is a symlink`);
    }
    if (isLeaf && !info.isFile()) {
      throw new UnsafePathError(`refusing ${show(rel)}: not a regular file`);
    }
  }
  return current;
}

/**
 * A top-level file that is a symlink: allowed only as `ccsync setup` made it (store-link.ts),
 * and then the store's file is what is read or written — a regular file, or missing for a write.
 */
async function throughStoreLink(root: string, rel: string, forWrite: boolean): Promise<string> {
  const target = await storeLinkTarget(root, rel);
  if (target === undefined) throw new UnsafePathError(`refusing ${show(rel)}: it is a symlink, and not one into the store that ccsync setup made`);
  let info;
  try {
    info = await lstat(target);
  } catch (error) {
    if (isMissing(error) && forWrite) return target;
    throw error;
  }
  if (!info.isFile()) throw new UnsafePathError(`refusing ${show(rel)}: ${target} in the store is not a regular file`);
  return target;
}
