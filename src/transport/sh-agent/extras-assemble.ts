// The manifest's `extras` from the sh agent's records (extras-script.ts), in the node agent's
// order and words (src/agent/list-extras.ts): the config areas' warnings first (they are
// listed first), then the refused top-level files; entries: the top-level files in request
// order, then the areas' files.
import { kindOf, type ExtrasRequest, type FileEntry } from '../../wire/protocol.js';
import { extrasAreas, extrasTopNames } from './extras-script.js';
import { Listing, listAreaFiles } from './listing.js';
import type { StatLine } from './records.js';

/** What the shell described: a file's stat line and fingerprints (manifest-assemble.ts `settled`). */
export interface Described {
  stat?: StatLine;
  completeLen?: number;
  fp?: string;
}

export interface ExtrasFacts {
  /** top-level files by wire name */
  tops: Map<string, Described>;
  /** refused top-level files: wire name → the node agent's message */
  refused: Map<string, string>;
  /** config areas that exist but are not dirs */
  notDirs: Set<string>;
  /** stat lines below the config areas */
  trees: StatLine[];
}

export function emptyExtrasFacts(): ExtrasFacts {
  return { tops: new Map(), refused: new Map(), notDirs: new Set(), trees: [] };
}

function entryOf(rel: string, described: Described | undefined): FileEntry | undefined {
  const stat = described?.stat;
  if (stat === undefined || described?.fp === undefined) return undefined;
  const base = { path: rel, kind: kindOf(rel), size: stat.size, mtimeMs: stat.mtimeMs, fp: described.fp };
  return base.kind === 'jsonl' ? { ...base, completeLen: described.completeLen ?? 0 } : base;
}

export function assembleExtras(
  facts: ExtrasFacts,
  settled: ReadonlyMap<string, Described>,
  request: ExtrasRequest | undefined,
  warnings: string[],
): FileEntry[] | undefined {
  if (request === undefined) return undefined;
  const listing = new Listing(facts.trees);
  const areaFiles: string[] = [];
  for (const area of extrasAreas(request)) {
    if (facts.notDirs.has(area)) warnings.push(`${area}: not a directory; skipped`);
    else areaFiles.push(...listAreaFiles(listing, area, warnings));
  }
  const entries: FileEntry[] = [];
  for (const name of extrasTopNames(request)) {
    const refused = facts.refused.get(name);
    if (refused !== undefined) warnings.push(`${name}: ${refused}; skipped`);
    const entry = entryOf(name, facts.tops.get(name));
    if (entry) entries.push(entry);
  }
  for (const rel of areaFiles) {
    const entry = entryOf(rel, settled.get(rel));
    if (entry) entries.push(entry);
  }
  return entries;
}
