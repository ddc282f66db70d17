// The sh agent's stat lines as a tree, walked the way src/agent/list-files.ts walks the disk:
// a start path that is a file is itself, a dir is walked in name order skipping crashed
// writes' temp files, symlinks and other non-regular entries are skipped with a warning.
import { isTempFileName } from '../../agent/atomic-write.js';
import { safeRelPath, safeWirePath } from '../../agent/safe-path.js';
import type { StatLine } from './records.js';
import { errorReason } from '../../errors.js';

export class Listing {
  readonly byPath = new Map<string, StatLine>();
  #children = new Map<string, StatLine[]>();

  constructor(lines: StatLine[]) {
    for (const line of lines) {
      if (this.byPath.has(line.path)) continue;
      this.byPath.set(line.path, line);
      const slash = line.path.lastIndexOf('/');
      if (slash < 0) continue;
      const parent = line.path.slice(0, slash);
      const siblings = this.#children.get(parent) ?? [];
      siblings.push(line);
      this.#children.set(parent, siblings);
    }
  }

  /** Entries directly in `dir`, sorted by name (JavaScript order, as list-files.ts sorts). */
  children(dir: string): StatLine[] {
    const entries = [...(this.#children.get(dir) ?? [])];
    return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}

type PathCheck = (rel: string) => string;

function checkedRel(rel: string, warnings: string[], check: PathCheck = safeRelPath): string | undefined {
  try {
    return check(rel);
  } catch (error) {
    warnings.push(`${JSON.stringify(rel)}: ${errorReason(error)}; skipped`);
    return undefined;
  }
}

function walk(listing: Listing, relDir: string, warnings: string[], out: string[], check: PathCheck = safeRelPath): void {
  for (const entry of listing.children(relDir)) {
    const name = entry.path.slice(relDir.length + 1);
    if (isTempFileName(name)) continue;
    const rel = checkedRel(`${relDir}/${name}`, warnings, check);
    if (rel === undefined) continue;
    if (entry.kind === 'dir') walk(listing, rel, warnings, out, check);
    else if (entry.kind === 'file') out.push(rel);
    else if (entry.kind === 'symlink') warnings.push(`${rel}: is a symlink; skipped`);
    else warnings.push(`${rel}: not a regular file; skipped`);
  }
}

/** Every regular file at or below `rel`, as listTree in list-files.ts. */
export function listTree(listing: Listing, rel: string, warnings: string[]): string[] {
  const checked = checkedRel(rel, warnings);
  if (checked === undefined) return [];
  const info = listing.byPath.get(checked);
  if (info === undefined) return [];
  if (info.kind === 'file') return [checked];
  if (info.kind === 'symlink') {
    warnings.push(`${checked}: is a symlink; skipped`);
    return [];
  }
  if (info.kind !== 'dir') {
    warnings.push(`${checked}: not a regular file; skipped`);
    return [];
  }
  const out: string[] = [];
  walk(listing, checked, warnings, out);
  return out;
}

/** Every regular file below a config area the shell found to be a dir, as listArea in list-files.ts. */
export function listAreaFiles(listing: Listing, area: string, warnings: string[]): string[] {
  const out: string[] = [];
  walk(listing, area, warnings, out, safeWirePath);
  return out;
}
