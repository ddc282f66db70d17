// `ccsync import`, the pure half: a bundle and what is on disk → what to write, or an ExitError
// that says why nothing may be written (issue #5: never clobber a different session).
//
// Placement: the bundle keeps the original paths; the pairs original project root → PATH,
// original Claude dir → this Claude dir, original home → this home go through sync's rewrite
// engine (rewrite-jsonl.ts), and a project file lands in `projects/<encode(mapped project)>/`.
// Blobs (file-history backups are the user's file contents) are copied verbatim, as in sync.
//
// Per file already there: same bytes → nothing; a transcript the bundle extends (the sender went
// on) → the tail is appended; a transcript that extends the bundle (resumed here since the last
// import) → kept; any other difference in a `*.jsonl` → refused, it is another history under
// the same id. A blob that differs is replaced only when its session's transcript grew.
import { ExitError } from '../errors.js';
import { createPathMap, mapPath, type PathMap, type PathPair } from '../mapping/path-map.js';
import { rewriteJsonl } from '../mapping/rewrite-jsonl.js';
import { encodeProjectDir } from '../claude-format/encode-project-dir.js';
import { completeLength } from '../claude-format/jsonl.js';
import type { Bundle } from './bundle-format.js';

export interface ImportTarget {
  claudeDir: string;
  home: string;
  /** where the bundle's project root goes */
  projectPath: string;
  platform: string;
}

export interface PlacedFile {
  /** relative to the target Claude dir, '/'-separated */
  rel: string;
  session: string;
  /** the project dir name (project files only) */
  dir?: string;
  data: Buffer;
  mtimeMs: number;
  mode: number;
}

/** Most specific pair first; a pair whose either side is taken already is left out (createPathMap would refuse it). */
export function importPathMap(bundle: Bundle, target: ImportTarget): PathMap {
  const original = bundle.header.originalPaths;
  const pairs: PathPair[] = [];
  for (const pair of [
    { local: original.projectRoot, remote: target.projectPath },
    { local: original.claudeDir, remote: target.claudeDir },
    { local: original.home, remote: target.home },
  ]) {
    if (pairs.some((kept) => kept.local === pair.local || kept.remote === pair.remote)) continue;
    pairs.push(pair);
  }
  return createPathMap(pairs);
}

export function placeFiles(bundle: Bundle, target: ImportTarget): PlacedFile[] {
  const map = importPathMap(bundle, target);
  return bundle.files.map((file) => {
    const data = file.file.endsWith('.jsonl') ? rewriteJsonl(map, file.data, 'toRemote').data : file.data;
    const mode = file.mode & 0o100 ? 0o700 : 0o600;
    const base = { session: file.session, data, mtimeMs: file.mtimeMs, mode };
    if (file.project === undefined) return { ...base, rel: file.file };
    const dir = encodeProjectDir(mapPath(map, file.project, 'toRemote') ?? file.project, target.platform);
    return { ...base, rel: `projects/${dir}/${file.file}`, dir };
  });
}

export interface ExistingFile {
  data: Buffer;
  size: number;
  mtimeMs: number;
}

export interface ImportState {
  /** the target's files at the placed rels (absent: not there) */
  existing: ReadonlyMap<string, ExistingFile>;
  liveSessionIds: readonly string[];
  /** every project dir that holds `<id>.jsonl`, by session id */
  sessionDirs: ReadonlyMap<string, readonly string[]>;
  /** `projects/<dir>/sessions-index.json` files present in the dirs written to */
  indexes: ReadonlyMap<string, { size: number; mtimeMs: number }>;
}

export type ImportAction = 'create' | 'same' | 'append' | 'keep' | 'replace';

export interface PlannedFile extends PlacedFile {
  action: ImportAction;
  existing?: { size: number; mtimeMs: number };
}

export interface ImportPlan {
  files: PlannedFile[];
  /** sessions-index.json files to remove (backed up) so Claude rebuilds them (claude-code#25685) */
  staleIndexes: Array<{ rel: string; size: number; mtimeMs: number }>;
  sessions: Array<{ id: string; dir: string; status: 'new' | 'same' | 'updated' | 'kept' }>;
}

function streamAction(rel: string, incoming: Buffer, existing: Buffer): ImportAction {
  if (incoming.equals(existing)) return 'same';
  const atLineEnd = (data: Buffer): boolean => completeLength(data) === data.length;
  if (incoming.length > existing.length && atLineEnd(existing) && incoming.subarray(0, existing.length).equals(existing)) return 'append';
  if (existing.length > incoming.length && atLineEnd(incoming) && existing.subarray(0, incoming.length).equals(incoming)) return 'keep';
  throw new ExitError(`${rel} already exists with a different history (another session under the same id, or both copies went on): nothing was imported; move that session aside (it is yours) and import again`);
}

export function planImport(placed: readonly PlacedFile[], state: ImportState): ImportPlan {
  const transcripts = placed.filter((file) => file.dir !== undefined && file.rel === `projects/${file.dir}/${file.session}.jsonl`);
  const sessions: ImportPlan['sessions'] = [];
  const grown = new Set<string>();
  for (const transcript of transcripts) {
    const dir = transcript.dir ?? '';
    const elsewhere = (state.sessionDirs.get(transcript.session) ?? []).filter((other) => other !== dir);
    if (elsewhere.length > 0) {
      throw new ExitError(`session ${transcript.session} already exists under projects/${elsewhere.join(', projects/')}; importing it into projects/${dir} would put one id under two dirs, which breaks \`claude --resume\`: import with --project set to that session's project, or move it aside; nothing was imported`);
    }
    const existing = state.existing.get(transcript.rel);
    const action = existing === undefined ? 'create' : streamAction(transcript.rel, transcript.data, existing.data);
    if (action === 'append') grown.add(transcript.session);
    const status = action === 'create' ? 'new' : action === 'append' ? 'updated' : action === 'keep' ? 'kept' : 'same';
    sessions.push({ id: transcript.session, dir, status });
  }
  const files: PlannedFile[] = placed.map((file) => {
    const existing = state.existing.get(file.rel);
    if (existing === undefined) return { ...file, action: 'create' };
    const seen = { size: existing.size, mtimeMs: existing.mtimeMs };
    let action: ImportAction;
    if (file.rel.endsWith('.jsonl')) action = streamAction(file.rel, file.data, existing.data);
    else if (file.data.equals(existing.data)) action = 'same';
    else action = grown.has(file.session) ? 'replace' : 'keep';
    return { ...file, action, existing: seen };
  });
  for (const file of files) {
    if ((file.action === 'same' || file.action === 'keep') || !state.liveSessionIds.includes(file.session)) continue;
    throw new ExitError(`session ${file.session} is running in Claude Code right now: quit it, then import again; nothing was imported`);
  }
  const writtenDirs = new Set(files.filter((file) => file.dir !== undefined && file.action !== 'same' && file.action !== 'keep').map((file) => file.dir));
  const staleIndexes = [...state.indexes].filter(([dir]) => writtenDirs.has(dir)).map(([dir, seen]) => ({ rel: `projects/${dir}/sessions-index.json`, ...seen }));
  return { files, staleIndexes, sessions };
}

export function countActions(plan: ImportPlan): Record<ImportAction, number> {
  const counts: Record<ImportAction, number> = { create: 0, same: 0, append: 0, keep: 0, replace: 0 };
  for (const file of plan.files) counts[file.action]++;
  return counts;
}
