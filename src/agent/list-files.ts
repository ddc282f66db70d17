// The per-file half of the manifest: walking a session's trees and describing each file (size,
// mtime, and — unless the quick check says it is unchanged — its complete length and
// fingerprints). Files may vanish at any moment (Claude cleans up, sessions end): a file that
// is gone is simply absent; anything that is not a plain file is skipped with a warning.
// Listing and the quick check use synchronous calls (issue #11): a manifest makes a few
// thousand of them, each ~µs from the kernel's cache, where a promise per call through the
// thread pool cost ~0.1 s per manifest; only reading file contents stays asynchronous.
import { constants, lstatSync, readdirSync, type Dirent, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { kindOf, type FileEntry, type FileKind, type Probe } from '../wire/protocol.js';
import { isTempFileName, NO_FOLLOW } from './atomic-write.js';
import { completeLengthOfFile, fingerprintFile, sha256File } from './fingerprint.js';
import { safeWirePath } from './safe-path.js';
import { errorReason } from '../errors.js';

const OPEN_NO_FOLLOW = constants.O_RDONLY | NO_FOLLOW;

export function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

export function isGone(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function absOf(claudeDir: string, rel: string): string {
  return path.join(claudeDir, ...rel.split('/'));
}

/** A rel path fit for the wire, or undefined (with a warning) if `safeRelPath` refuses it. */
function checkedRel(rel: string, warnings: string[]): string | undefined {
  try {
    return safeWirePath(rel);
  } catch (error) {
    warnings.push(`${JSON.stringify(rel)}: ${errorReason(error)}; skipped`);
    return undefined;
  }
}

/** The entries of a dir, or undefined if it is gone (or not a dir); other errors throw. */
export function listDirSync(abs: string): Dirent[] | undefined {
  try {
    return readdirSync(abs, { withFileTypes: true });
  } catch (error) {
    if (isGone(error)) return undefined;
    throw error;
  }
}

function walkDir(claudeDir: string, relDir: string, warnings: string[], out: string[], leftovers?: string[]): void {
  const entries = listDirSync(absOf(claudeDir, relDir));
  if (entries === undefined) return;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (isTempFileName(entry.name)) {
      if (entry.isFile()) leftovers?.push(`${relDir}/${entry.name}`); // a crashed write's: leftovers.ts
      continue;
    }
    const rel = checkedRel(`${relDir}/${entry.name}`, warnings);
    if (rel === undefined) continue;
    if (entry.isDirectory()) walkDir(claudeDir, rel, warnings, out, leftovers);
    else if (entry.isFile()) out.push(rel);
    else if (entry.isSymbolicLink()) warnings.push(`${rel}: is a symlink; skipped`);
    else warnings.push(`${rel}: not a regular file; skipped`);
  }
}

/** What lstat (or a dir listing) says a path is; undefined when it is not there. */
export type EntryKind = 'file' | 'dir' | 'symlink' | 'other';

export function entryKind(entry: Dirent | Stats): EntryKind {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'dir';
  if (entry.isSymbolicLink()) return 'symlink';
  return 'other';
}

/**
 * `listTree` when the caller already knows what `rel` is (from its parent's listing, so the
 * manifest lists each session area once instead of probing every session id in it).
 */
export function listKnownTree(claudeDir: string, rel: string, kind: EntryKind | undefined, warnings: string[], leftovers?: string[]): string[] {
  const checked = checkedRel(rel, warnings);
  if (checked === undefined || kind === undefined) return [];
  if (kind === 'file') return [checked];
  if (kind === 'symlink') {
    warnings.push(`${checked}: is a symlink; skipped`);
    return [];
  }
  if (kind !== 'dir') {
    warnings.push(`${checked}: not a regular file; skipped`);
    return [];
  }
  const out: string[] = [];
  walkDir(claudeDir, checked, warnings, out, leftovers);
  return out;
}

/**
 * Every regular file at or below `rel` (a dir is walked recursively; a plain file is itself),
 * sorted. Missing → []. Symlinks are not followed: they are skipped with a warning. Temp files
 * and journals of ccsync writes met on the way go to `leftovers`.
 */
export async function listTree(claudeDir: string, rel: string, warnings: string[], leftovers?: string[]): Promise<string[]> {
  const checked = checkedRel(rel, warnings);
  if (checked === undefined) return [];
  let info;
  try {
    info = lstatSync(absOf(claudeDir, checked));
  } catch (error) {
    if (isGone(error)) return [];
    throw error;
  }
  return listKnownTree(claudeDir, checked, entryKind(info), warnings, leftovers);
}

/**
 * Every regular file below a top-level area dir (`agents`, …). The area itself may be a
 * symlink (a dotfiles checkout: the user chose it, as resolveInside allows); below it none is
 * followed. Missing → [].
 */
export async function listArea(claudeDir: string, area: string, warnings: string[]): Promise<string[]> {
  let info;
  try {
    info = await stat(absOf(claudeDir, area));
  } catch (error) {
    if (isGone(error)) return [];
    throw error;
  }
  if (!info.isDirectory()) {
    warnings.push(`${area}: not a directory; skipped`);
    return [];
  }
  const out: string[] = [];
  walkDir(claudeDir, area, warnings, out);
  return out;
}

async function describeOpen(handle: FileHandle, rel: string, kind: FileKind, probe: Probe | undefined): Promise<FileEntry | 'odd'> {
  const info = await handle.stat();
  if (!info.isFile()) return 'odd';
  const base = { path: rel, kind, size: info.size, mtimeMs: info.mtimeMs };
  // rsync's quick check: same size and mtime as at the last sync → nothing is read.
  if (probe && probe.size === info.size && probe.mtimeMs === info.mtimeMs) return { ...base, unchanged: true };
  if (kind === 'blob') return { ...base, fp: await sha256File(handle) };
  const completeLen = await completeLengthOfFile(handle, info.size);
  const entry: FileEntry = { ...base, completeLen, fp: await fingerprintFile(handle, completeLen) };
  if (probe?.prefixLen !== undefined && probe.prefixLen <= completeLen) {
    entry.probeFp = await fingerprintFile(handle, probe.prefixLen);
  }
  return entry;
}

/**
 * The quick check alone, from lstat (one call, no open): the entry when size and mtime equal
 * the probe's, undefined when the file is gone or odd (warned), 'describe' when it must be read.
 */
export function quickCheck(claudeDir: string, rel: string, probe: Probe, warnings: string[], known?: Stats): FileEntry | undefined | 'describe' {
  let info = known;
  try {
    info ??= lstatSync(absOf(claudeDir, rel));
  } catch (error) {
    if (isGone(error)) return undefined;
    throw new Error(`cannot read ${rel}: ${errorReason(error)}`);
  }
  if (info.isSymbolicLink()) {
    warnings.push(`${rel}: is a symlink; skipped`);
    return undefined;
  }
  if (!info.isFile()) {
    warnings.push(`${rel}: not a regular file; skipped`);
    return undefined;
  }
  if (probe.size !== info.size || probe.mtimeMs !== info.mtimeMs) return 'describe';
  return { path: rel, kind: kindOf(rel), size: info.size, mtimeMs: info.mtimeMs, unchanged: true };
}

/**
 * The manifest entry of one file; undefined if it vanished or is not a plain file (warned).
 * A read error other than "gone" throws: reporting such a file as absent would look like a
 * deletion to the planner.
 */
export async function describeFile(claudeDir: string, rel: string, probe: Probe | undefined, warnings: string[]): Promise<FileEntry | undefined> {
  if (probe) {
    const quick = quickCheck(claudeDir, rel, probe, warnings);
    if (quick !== 'describe') return quick;
  }
  let handle;
  try {
    handle = await open(absOf(claudeDir, rel), OPEN_NO_FOLLOW);
  } catch (error) {
    if (isGone(error)) return undefined;
    if (errorCode(error) === 'ELOOP') {
      warnings.push(`${rel}: is a symlink; skipped`);
      return undefined;
    }
    throw new Error(`cannot read ${rel}: ${errorReason(error)}`);
  }
  try {
    const entry = await describeOpen(handle, rel, kindOf(rel), probe);
    if (entry !== 'odd') return entry;
    warnings.push(`${rel}: not a regular file; skipped`);
    return undefined;
  } catch (error) {
    throw new Error(`cannot read ${rel}: ${errorReason(error)}`);
  } finally {
    await handle.close();
  }
}

/** `work` over `items` with at most `limit` in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < items.length; index = next++) {
      const item = items[index];
      if (item !== undefined) results[index] = await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
