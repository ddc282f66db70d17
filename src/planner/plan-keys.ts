// Logical keys and per-side lookups for the planner. A file is identified across machines by
// its path without `projects/<dir>/` (the dir name differs per machine, session ids do not).
import type { FileEntry, Manifest, ProjectDir, RelPath } from '../wire/protocol.js';
import type { LogicalKey, Side } from './types.js';

const PROJECTS = 'projects/';

/** Top-level dirs of the Claude dir that hold one subtree (or file) per session id. */
const PER_SESSION_ROOTS = new Set(['file-history', 'tasks', 'session-env', 'todos', 'debug']);

/** `projects/<dir>/<rest>` → `<rest>`; any other path is its own key. */
export function logicalKey(path: RelPath): LogicalKey {
  const split = splitProjectPath(path);
  return split ? split.rest : path;
}

/** The project dir and the part below it, for a path under `projects/<dir>/`. */
export function splitProjectPath(path: RelPath): { dir: string; rest: string } | undefined {
  if (!path.startsWith(PROJECTS)) return undefined;
  const slash = path.indexOf('/', PROJECTS.length);
  if (slash < 0 || slash === path.length - 1) return undefined;
  return { dir: path.slice(PROJECTS.length, slash), rest: path.slice(slash + 1) };
}

export function projectPath(dir: string, rest: string): RelPath {
  return `${PROJECTS}${dir}/${rest}`;
}

/** `<sid>.jsonl`, `<sid>/…`, `file-history/<sid>/…` → `<sid>`; undefined for anything else. */
export function sessionIdOfKey(key: LogicalKey): string | undefined {
  const parts = key.split('/');
  const first = parts[0] ?? '';
  if (parts.length === 1) return first.endsWith('.jsonl') && first.length > 6 ? first.slice(0, -6) : undefined;
  if (PER_SESSION_ROOTS.has(first)) {
    const second = parts[1] ?? '';
    // `debug/<sid>.txt` is a file; the others are dirs named by the id.
    const dot = second.indexOf('.');
    const sid = dot < 0 ? second : second.slice(0, dot);
    return sid === '' ? undefined : sid;
  }
  return first === '' ? undefined : first;
}

/** The session's main transcript, `<sid>.jsonl` directly in a project dir. */
export function isTranscriptKey(key: LogicalKey): boolean {
  return !key.includes('/') && key.endsWith('.jsonl') && key.length > 6;
}

/** What the planner needs to know about one side, indexed once. */
export interface SideIndex {
  side: Side;
  manifest: Manifest;
  /** files by logical key; more than one entry means the key sits under two dirs */
  byKey: Map<LogicalKey, FileEntry[]>;
  /** session id → every project dir holding its transcript or companions, in or out of scope */
  sessionDirs: Map<string, Set<string>>;
  projects: Map<string, ProjectDir>;
  live: Set<string>;
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

export function indexSide(side: Side, manifest: Manifest): SideIndex {
  const byKey = new Map<LogicalKey, FileEntry[]>();
  const sessionDirs = new Map<string, Set<string>>();
  const projects = new Map<string, ProjectDir>();
  for (const project of manifest.projects) {
    projects.set(project.dir, project);
    for (const name of project.jsonl) {
      const sid = sessionIdOfKey(name.slice(name.lastIndexOf('/') + 1));
      if (sid !== undefined) addTo(sessionDirs, sid, project.dir);
    }
  }
  for (const entry of manifest.files) {
    const key = logicalKey(entry.path);
    const list = byKey.get(key);
    if (list) list.push(entry);
    else byKey.set(key, [entry]);
    const split = splitProjectPath(entry.path);
    const sid = sessionIdOfKey(key);
    if (split && sid !== undefined) addTo(sessionDirs, sid, split.dir);
  }
  return { side, manifest, byKey, sessionDirs, projects, live: new Set(manifest.liveSessionIds) };
}

/** The dirs of `sid` on this side that the run does not look into. */
export function outOfScopeDirs(index: SideIndex, sid: string): string[] {
  return [...(index.sessionDirs.get(sid) ?? [])].filter((dir) => index.projects.get(dir)?.inScope === false);
}
