// Everything the planner needs to know about one side, in one answer (transport.ts): the project
// dirs with the real path each one stands for, and the files of in-scope sessions with
// fingerprints — or just "unchanged" where the quick check allows (ARCHITECTURE.md).
import { type Dirent, type Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isRecord } from '../claude-format/jsonl.js';
import { detectCwd, readHead } from './project-cwd.js';
import { PROTOCOL_VERSION, type FileEntry, type Manifest, type ManifestRequest, type ProjectDir } from '../wire/protocol.js';
import type { AgentRoot } from './agent-root.js';
import { describeFile, entryKind, listDirSync, listKnownTree, mapLimit, quickCheck, type EntryKind } from './list-files.js';
import { listExtras } from './list-extras.js';
import { liveSessionIds } from './live-sessions.js';
import { safeRelPath } from './safe-path.js';
import { notSessionWarning, transcriptFileKind } from './session-name.js';
import { describeError } from '../errors.js';
import { isTempFileName } from './atomic-write.js';
import { cleanLeftovers, leftoverFiles } from './leftovers.js';

/** Files described at once: enough to hide latency, few enough to stay clear of EMFILE. */
const DESCRIBE_CONCURRENCY = 16;
/** Per-session trees outside projects/ (ARCHITECTURE.md, "Files"). */
const SESSION_AREAS = ['file-history', 'tasks', 'session-env'];
const SESSIONS_INDEX = 'sessions-index.json';

/** `p` is `root` or below it, on a path-segment boundary (`/a/bc` is not under `/a/b`). */
export function isUnder(p: string, root: string): boolean {
  const base = root.length > 1 ? root.replace(/\/+$/, '') : root;
  if (base === '/') return p.startsWith('/');
  return p === base || p.startsWith(`${base}/`);
}

function message(error: unknown): string {
  return describeError(error);
}

interface ScannedDir {
  project: ProjectDir;
  /** temp files and journals of ccsync writes (leftovers.ts) directly in the dir */
  leftovers: string[];
  sessionIds: string[];
  legacyAgentFiles: string[];
  /** what each name in the dir is (a session's companion tree `S/` is found here) */
  kinds: Map<string, EntryKind>;
}

function kindsOf(entries: readonly Dirent[]): Map<string, EntryKind> {
  return new Map(entries.map((entry) => [entry.name, entryKind(entry)]));
}

function scanProjectDir(root: AgentRoot, dir: string, scopeRoots: string[], warnings: string[], stats: Map<string, Stats>): ScannedDir | undefined {
  const dirPath = path.join(root.claudeDir, 'projects', dir);
  let entries;
  try {
    entries = listDirSync(dirPath);
  } catch (error) {
    throw new Error(`cannot list projects/${dir}: ${message(error)}`);
  }
  if (entries === undefined) return undefined;
  const jsonl: string[] = [];
  const leftovers: string[] = [];
  for (const entry of entries) {
    if (entry.isFile() && isTempFileName(entry.name)) leftovers.push(`projects/${dir}/${entry.name}`);
    if (!entry.isFile() || !entry.name.endsWith('.jsonl')) continue;
    if (transcriptFileKind(entry.name) === 'other') {
      warnings.push(notSessionWarning(`projects/${dir}/${entry.name}`));
      continue;
    }
    try {
      safeRelPath(`projects/${dir}/${entry.name}`);
      jsonl.push(entry.name);
    } catch (error) {
      warnings.push(`${message(error)}; skipped`);
    }
  }
  jsonl.sort();
  const hasSessionsIndex = entries.some((entry) => entry.isFile() && entry.name === SESSIONS_INDEX);
  const cwd = detectCwd(root, dir, dirPath, jsonl, warnings, stats);
  const inScope = cwd !== undefined && scopeRoots.some((scopeRoot) => isUnder(cwd, scopeRoot));
  const project: ProjectDir = { dir, ...(cwd === undefined ? {} : { cwd }), inScope, jsonl, hasSessionsIndex };
  return {
    project,
    leftovers,
    sessionIds: jsonl.filter((name) => transcriptFileKind(name) === 'session').map((name) => name.slice(0, -'.jsonl'.length)),
    legacyAgentFiles: jsonl.filter((name) => transcriptFileKind(name) === 'legacy-agent'),
    kinds: kindsOf(entries),
  };
}

const SESSION_ID_FIELD = /"sessionId"\s*:\s*"([^"\\]*)"/;

/** Legacy sibling `agent-*.jsonl` files belong to the session their lines name. */
function legacyAgentWanted(file: string, wanted: Set<string> | undefined): boolean {
  if (!wanted) return true;
  const head = readHead(file);
  const sessionId = head === undefined ? undefined : SESSION_ID_FIELD.exec(head)?.[1];
  return sessionId !== undefined && wanted.has(sessionId);
}

/** What each name in the per-session areas is: one listing per area, not a probe per session (issue #11). */
type AreaKinds = ReadonlyMap<string, ReadonlyMap<string, EntryKind>>;

function listAreas(claudeDir: string): AreaKinds {
  const areas = new Map<string, ReadonlyMap<string, EntryKind>>();
  for (const area of SESSION_AREAS) {
    // gone → no session has a tree there; unreadable throws (absent would look like a deletion)
    areas.set(area, kindsOf(listDirSync(path.join(claudeDir, area)) ?? []));
  }
  return areas;
}

/** Rel paths of every file the in-scope dir's (wanted) sessions own. */
function sessionFiles(root: AgentRoot, scanned: ScannedDir, areas: AreaKinds, wanted: Set<string> | undefined, warnings: string[], leftovers: string[]): string[] {
  const { dir } = scanned.project;
  const files: string[] = [];
  for (const sid of scanned.sessionIds) {
    if (wanted && !wanted.has(sid)) continue;
    files.push(...listKnownTree(root.claudeDir, `projects/${dir}/${sid}.jsonl`, scanned.kinds.get(`${sid}.jsonl`), warnings));
    files.push(...listKnownTree(root.claudeDir, `projects/${dir}/${sid}`, scanned.kinds.get(sid), warnings, leftovers));
    for (const area of SESSION_AREAS) files.push(...listKnownTree(root.claudeDir, `${area}/${sid}`, areas.get(area)?.get(sid), warnings, leftovers));
  }
  for (const name of scanned.legacyAgentFiles) {
    if (legacyAgentWanted(path.join(root.claudeDir, 'projects', dir, name), wanted)) files.push(`projects/${dir}/${name}`);
  }
  return files;
}

function projectDirNames(claudeDir: string, warnings: string[]): string[] {
  let entries;
  try {
    entries = listDirSync(path.join(claudeDir, 'projects')) ?? [];
  } catch (error) {
    throw new Error(`cannot list projects/: ${message(error)}`);
  }
  const names: string[] = [];
  for (const entry of entries) {
    if (entry.isSymbolicLink()) warnings.push(`projects/${entry.name}: is a symlink; skipped`);
    else if (entry.isDirectory()) names.push(entry.name);
  }
  return names.sort();
}

async function readCleanupPeriodDays(claudeDir: string, warnings: string[]): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(claudeDir, 'settings.json'), 'utf8');
  } catch {
    return undefined;
  }
  let settings: unknown;
  try {
    settings = JSON.parse(text);
  } catch (error) {
    warnings.push(`settings.json: not valid JSON (${message(error)}); cleanupPeriodDays unknown`);
    return undefined;
  }
  const days = isRecord(settings) ? settings['cleanupPeriodDays'] : undefined;
  return typeof days === 'number' && Number.isFinite(days) ? days : undefined;
}

export async function buildManifest(root: AgentRoot, request: ManifestRequest): Promise<Manifest> {
  const warnings: string[] = [];
  const probes = new Map(request.probes.map((probe) => [probe.path, probe]));
  const wanted = request.sessionIds ? new Set(request.sessionIds) : undefined;
  const projects: ProjectDir[] = [];
  // A Set: one session id in two in-scope dirs would list its file-history twice.
  const listed = new Set<string>();
  const leftovers: string[] = [];
  let areas: AreaKinds | undefined;
  // lstat results of the transcripts, taken while their dirs were scanned moments ago
  const stats = new Map<string, Stats>();
  for (const dir of projectDirNames(root.claudeDir, warnings)) {
    const scanned = scanProjectDir(root, dir, request.scopeRoots, warnings, stats);
    if (!scanned) continue;
    projects.push(scanned.project);
    leftovers.push(...scanned.leftovers);
    if (!scanned.project.inScope) continue;
    areas ??= listAreas(root.claudeDir);
    for (const rel of sessionFiles(root, scanned, areas, wanted, warnings, leftovers)) listed.add(rel);
  }
  // before any file is described: an interrupted run's partial append is cut back first
  warnings.push(...(await cleanLeftovers(root, await leftoverFiles(root, leftovers, request.extras?.claudeJson === true))));
  // a cut-back append changed its file since the scan: every quick check then takes a fresh lstat
  if (leftovers.length > 0) stats.clear();
  // The quick check (lstat) for every probed file first, in order; only the rest is read.
  const sorted = [...listed].sort();
  const quick = sorted.map((rel) => {
    const probe = probes.get(rel);
    return probe ? quickCheck(root.claudeDir, rel, probe, warnings, stats.get(rel)) : 'describe';
  });
  const toDescribe = sorted.filter((_, index) => quick[index] === 'describe');
  const described = new Map<string, FileEntry | undefined>();
  const full = await mapLimit(toDescribe, DESCRIBE_CONCURRENCY, (rel) => describeFile(root.claudeDir, rel, probes.get(rel), warnings));
  toDescribe.forEach((rel, index) => described.set(rel, full[index]));
  const files = sorted
    .map((rel, index) => {
      const checked = quick[index];
      return checked === 'describe' ? described.get(rel) : checked;
    })
    .filter((entry): entry is FileEntry => entry !== undefined);
  const cleanupPeriodDays = await readCleanupPeriodDays(root.claudeDir, warnings);
  const extras = request.extras ? await listExtras(root, request.extras, warnings) : undefined;
  return {
    protocol: PROTOCOL_VERSION,
    platform: root.platform,
    home: root.home,
    claudeDir: root.claudeDir,
    projects,
    files,
    liveSessionIds: await liveSessionIds(root.claudeDir),
    ...(cleanupPeriodDays === undefined ? {} : { cleanupPeriodDays }),
    warnings,
    ...(extras ? { extras } : {}),
  };
}
