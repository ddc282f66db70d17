// Prompt history (up-arrow) merged both ways (issue #5). history.jsonl lines are
// `{display, pastedContents, timestamp, project, sessionId}` with `project` = the absolute
// start dir (claude-code-format.md). Pure: both files' complete lines in, what to write on each
// side out. Rules:
// - only entries whose `project` is inside the run's scope and under a path mapping cross, with
//   `project` rewritten; entries of unmapped projects never leave their machine;
// - an entry's identity is timestamp + display + project in local form: the same prompt that
//   already reached the other side (by an earlier run, or through a third machine) is not added
//   again;
// - a side's own lines are never reordered or rewritten; incoming entries are placed in
//   timestamp order: appended when they are all at least as new as the side's newest line,
//   else the file is rewritten (atomically, after a backup) with them inserted in place.
import { isUnder, mapPath, type MapDirection, type PathMap } from '../mapping/path-map.js';
import { parseJsonLine, splitCompleteLines } from '../claude-format/jsonl.js';
import type { Side } from '../planner/types.js';

export interface HistoryScope {
  localRoots: readonly string[];
  remoteRoots: readonly string[];
}

export interface HistoryInput {
  /** complete lines only (the caller reads up to completeLen) */
  local: Buffer;
  remote: Buffer;
  /** the user's project mapping (not the home/Claude-dir auto-pairs: those would leak everything) */
  map: PathMap;
  scope: HistoryScope;
  write: { local: boolean; remote: boolean };
}

export type HistoryWrite = { kind: 'append'; data: Buffer; entries: number } | { kind: 'rewrite'; data: Buffer; entries: number };

export interface HistoryMerge {
  local?: HistoryWrite;
  remote?: HistoryWrite;
}

interface Entry {
  raw: Buffer;
  /** ms since epoch; NaN when the line has none (it then stays where it is) */
  time: number;
  /** identity in local form; undefined for lines that are not history entries */
  key?: string;
  value?: Record<string, unknown>;
  project?: string;
}

function timeOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Date.parse(value);
  return Number.NaN;
}

function parse(data: Buffer, side: Side, map: PathMap): Entry[] {
  return splitCompleteLines(data).map((raw): Entry => {
    const parsed = parseJsonLine(raw.toString('utf8').replace(/\r$/, ''));
    if (!parsed.ok) return { raw, time: Number.NaN };
    const value = parsed.value;
    const project = typeof value['project'] === 'string' ? value['project'] : undefined;
    const localProject = project === undefined ? undefined : side === 'local' ? project : mapPath(map, project, 'toLocal');
    // an unmapped remote project gets a key no local entry can have
    const keyProject = localProject ?? `\u0000${side}\u0000${project ?? ''}`;
    const key = JSON.stringify([value['timestamp'] ?? null, value['display'] ?? null, keyProject]);
    return { raw, time: timeOf(value['timestamp']), key, value, ...(project === undefined ? {} : { project }) };
  });
}

function inScope(project: string | undefined, roots: readonly string[]): boolean {
  return project !== undefined && roots.some((root) => isUnder(project, root));
}

/** The entries of `from` that the other side lacks, converted, sorted by time (stable). */
function incoming(from: Entry[], to: Entry[], roots: readonly string[], map: PathMap, direction: MapDirection): Entry[] {
  const present = new Set(to.map((entry) => entry.key));
  const out: Entry[] = [];
  for (const entry of from) {
    if (entry.key === undefined || entry.value === undefined || present.has(entry.key) || !inScope(entry.project, roots)) continue;
    const project = entry.project === undefined ? undefined : mapPath(map, entry.project, direction);
    if (project === undefined) continue;
    present.add(entry.key);
    // a spread copies `__proto__` as an own key; `project` keeps its place in the line
    const raw = Buffer.from(JSON.stringify({ ...entry.value, project }), 'utf8');
    out.push({ ...entry, raw, project });
  }
  return out.map((entry, index) => ({ entry, index })).sort((a, b) => timeKey(a.entry) - timeKey(b.entry) || a.index - b.index).map(({ entry }) => entry);
}

function timeKey(entry: Entry): number {
  return Number.isNaN(entry.time) ? Number.POSITIVE_INFINITY : entry.time;
}

function joinLines(lines: Buffer[]): Buffer {
  return Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')]));
}

/** Incoming entries placed among the side's own lines, whose order and bytes stay as they are. */
function place(own: Entry[], added: Entry[]): HistoryWrite | undefined {
  if (added.length === 0) return undefined;
  const newest = own.reduce((max, entry) => (Number.isNaN(entry.time) ? max : Math.max(max, entry.time)), Number.NEGATIVE_INFINITY);
  const first = added[0];
  if (first === undefined || timeKey(first) >= newest) return { kind: 'append', data: joinLines(added.map((entry) => entry.raw)), entries: added.length };
  const out: Buffer[] = [];
  let next = 0;
  for (const entry of own) {
    if (!Number.isNaN(entry.time)) {
      for (let item = added[next]; item !== undefined && timeKey(item) < entry.time; item = added[++next]) out.push(item.raw);
    }
    out.push(entry.raw);
  }
  for (; next < added.length; next++) {
    const item = added[next];
    if (item) out.push(item.raw);
  }
  return { kind: 'rewrite', data: joinLines(out), entries: added.length };
}

export function mergeHistory(input: HistoryInput): HistoryMerge {
  const local = parse(input.local, 'local', input.map);
  const remote = parse(input.remote, 'remote', input.map);
  const result: HistoryMerge = {};
  if (input.write.remote) {
    const write = place(remote, incoming(local, remote, input.scope.localRoots, input.map, 'toRemote'));
    if (write) result.remote = write;
  }
  if (input.write.local) {
    const write = place(local, incoming(remote, local, input.scope.remoteRoots, input.map, 'toLocal'));
    if (write) result.local = write;
  }
  return result;
}
