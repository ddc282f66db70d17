// `ccsync move OLD NEW`, the pure half: MoveInputs (what is on disk) → MovePlan (what to write),
// or an ExitError that says why nothing may be written. Lines are rewritten with sync's engine
// and the single pair OLD → NEW, so `cwd`, `relocatedCwd` and paths inside strings follow,
// boundary-aware (ARCHITECTURE.md; ../shared/claude-code-format.md, "Lines").
import { ExitError } from '../errors.js';
import { createPathMap, mapPath, type PathMap } from '../mapping/path-map.js';
import { rewriteJsonl } from '../mapping/rewrite-jsonl.js';
import { encodeProjectDir } from '../claude-format/encode-project-dir.js';
import type { ClaudeJsonFile, MoveInputs, SourceDir, StoredFile } from './move-types.js';
import { rewriteClaudeJson, rewriteHistory } from './rehome-entries.js';

/** Claude's optional index of a project dir; a stale one empties the resume picker (claude-code#25685). */
export const SESSIONS_INDEX = 'sessions-index.json';

export interface PlannedFile {
  rel: string;
  /** create: new at the target; replace: the target holds a plain copy of the old bytes;
   * same: the target already holds these bytes; rewrite / keep: an in-place dir */
  action: 'create' | 'replace' | 'same' | 'rewrite' | 'keep';
  /** the bytes the target gets (the source's, with paths rewritten for `*.jsonl`) */
  data: Buffer;
  /** the source as read, checked again right before anything is written or removed */
  source: { size: number; mtimeMs: number };
  /** the target file as read (replace, same) */
  target?: { size: number; mtimeMs: number };
  /** `*.jsonl` only: complete lines, lines rewritten, lines that are not JSON */
  lines?: number;
  changedLines?: number;
  invalidLines?: number[];
}

export interface PlannedDir {
  from: string;
  to: string;
  oldProjectPath: string;
  newProjectPath: string;
  /** the name stays (a CLAUDE_CODE_PROJECT_DIR_NAME dir, or both paths encode alike) */
  inPlace: boolean;
  targetExists: boolean;
  sessionIds: string[];
  files: PlannedFile[];
  /** sessions-index.json files to remove (backed up) so Claude rebuilds them: 'source' | 'target' */
  staleIndexes: Array<{ side: 'source' | 'target'; size: number; mtimeMs: number }>;
  skipped: string[];
}

export interface MovePlan {
  oldPath: string;
  newPath: string;
  dirs: PlannedDir[];
  history?: { data: Buffer; entries: number; expect: { size: number; mtimeMs: number } };
  claudeJson?: { file: ClaudeJsonFile; text: string; moved: Array<[string, string]>; kept: Array<[string, string]> };
  warnings: string[];
}

/** The single pair of the move; `local` is the old side, so rewrites go 'toRemote'. */
export function movePathMap(oldPath: string, newPath: string): PathMap {
  return createPathMap([{ local: oldPath, remote: newPath }]);
}

/** Where a source dir goes: the encoding of its mapped path; a dir not named by encoding keeps its name. */
export function targetDirName(source: Pick<SourceDir, 'name' | 'projectPath' | 'pathMatchesDir'>, oldPath: string, newPath: string, platform: string): string {
  if (!source.pathMatchesDir) return source.name;
  const mapped = mapPath(movePathMap(oldPath, newPath), source.projectPath, 'toRemote');
  return mapped === undefined ? source.name : encodeProjectDir(mapped, platform);
}

/** Top-level `<id>.jsonl` files are sessions; `agent-*.jsonl` are legacy subagent transcripts. */
export function sessionIdOf(rel: string): string | undefined {
  if (rel.includes('/') || !rel.endsWith('.jsonl') || rel.startsWith('agent-')) return undefined;
  return rel.slice(0, -'.jsonl'.length);
}

function countLines(data: Buffer): number {
  let count = 0;
  for (let at = data.indexOf(0x0a); at >= 0; at = data.indexOf(0x0a, at + 1)) count++;
  return count;
}

function changedLineCount(before: Buffer, after: Buffer): number {
  if (before === after) return 0;
  const a = before.toString('utf8').split('\n');
  const b = after.toString('utf8').split('\n');
  return a.reduce((count, line, index) => count + (line === b[index] ? 0 : 1), 0);
}

function rewriteFile(map: PathMap, file: StoredFile): Pick<PlannedFile, 'data' | 'lines' | 'changedLines' | 'invalidLines'> {
  if (!file.rel.endsWith('.jsonl')) return { data: file.data };
  const { data, invalidLines } = rewriteJsonl(map, file.data, 'toRemote');
  const lines = countLines(file.data);
  // a partial last line (Claude writing) is passed through; it is not "invalid"
  return { data, lines, changedLines: changedLineCount(file.data, data), invalidLines: invalidLines.filter((line) => line <= lines) };
}

function collision(dir: PlannedDir, rel: string): ExitError {
  const id = sessionIdOf(rel);
  const what = id === undefined ? `projects/${dir.to}/${rel}` : `session ${id} (projects/${dir.to}/${rel})`;
  return new ExitError(`${what} already exists with different content: compare it with projects/${dir.from}/${rel}, move one of them out of projects/, then run \`ccsync move\` again; nothing was changed`);
}

/**
 * `inPlaceDirs`: dirs already named for their new path (moved by hand, or a `cp -r` copy whose
 * lines still hold the old path); a dir moving into one of them meets its rewritten files.
 */
function planDir(inputs: MoveInputs, map: PathMap, source: SourceDir, inPlaceDirs: readonly PlannedDir[]): PlannedDir {
  const to = targetDirName(source, inputs.oldPath, inputs.newPath, inputs.platform);
  const inPlace = to === source.name;
  const target = inputs.targets.find((dir) => dir.name === to);
  const dir: PlannedDir = {
    from: source.name,
    to,
    oldProjectPath: source.projectPath,
    newProjectPath: mapPath(map, source.projectPath, 'toRemote') ?? source.projectPath,
    inPlace,
    targetExists: inPlace || target?.exists === true,
    sessionIds: source.files.flatMap((file) => sessionIdOf(file.rel) ?? []),
    files: [],
    staleIndexes: [],
    skipped: source.skipped,
  };
  for (const file of source.files) {
    if (file.rel === SESSIONS_INDEX) {
      dir.staleIndexes.push({ side: 'source', size: file.size, mtimeMs: file.mtimeMs });
      continue;
    }
    const rewritten = rewriteFile(map, file);
    const sourceStat = { size: file.size, mtimeMs: file.mtimeMs };
    if (inPlace) {
      dir.files.push({ rel: file.rel, action: rewritten.data.equals(file.data) ? 'keep' : 'rewrite', source: sourceStat, ...rewritten });
      continue;
    }
    const inPlaceTarget = inPlaceDirs.find((other) => other.to === to);
    if (inPlaceTarget !== undefined) {
      const there = inPlaceTarget.files.find((candidate) => candidate.rel === file.rel);
      if (there !== undefined && !there.data.equals(rewritten.data)) throw collision(dir, file.rel);
      dir.files.push({ rel: file.rel, action: there === undefined ? 'create' : 'same', source: sourceStat, ...rewritten });
      continue;
    }
    const existing = target?.files.find((candidate) => candidate.rel === file.rel);
    let action: PlannedFile['action'] = 'create';
    if (existing !== undefined) {
      if (existing.data.equals(rewritten.data)) action = 'same';
      else if (existing.data.equals(file.data)) action = 'replace';
      else throw collision(dir, file.rel);
    }
    const targetStat = existing && { target: { size: existing.size, mtimeMs: existing.mtimeMs } };
    dir.files.push({ rel: file.rel, action, source: sourceStat, ...targetStat, ...rewritten });
  }
  // an in-place dir's own index is removed with that dir's plan
  const targetIndex = inPlace || inPlaceDirs.some((other) => other.to === to) ? undefined : target?.files.find((file) => file.rel === SESSIONS_INDEX);
  if (targetIndex) dir.staleIndexes.push({ side: 'target', size: targetIndex.size, mtimeMs: targetIndex.mtimeMs });
  return dir;
}

function checkTargets(dirs: PlannedDir[]): void {
  const seen = new Map<string, string>();
  for (const dir of dirs) {
    const other = dirs.find((candidate) => candidate !== dir && candidate.from === dir.to);
    if (!dir.inPlace && other !== undefined && !other.inPlace) {
      throw new ExitError(`projects/${dir.from} would move into projects/${dir.to}, which itself moves (the new path lies inside the old one): move in two steps through a third path; nothing was changed`);
    }
    for (const file of dir.files) {
      if (file.action === 'same') continue;
      const key = `${dir.to}/${file.rel}`;
      const from = seen.get(key);
      if (from !== undefined && from !== dir.from) {
        throw new ExitError(`projects/${from} and projects/${dir.from} would both write projects/${key} (their new paths encode to one dir name): move them one at a time; nothing was changed`);
      }
      seen.set(key, dir.from);
    }
  }
}

export interface MovePlanOptions {
  force: boolean;
}

/** Throws ExitError (nothing written) when there is nothing to move, a collision, or a live session. */
export function planMove(inputs: MoveInputs, options: MovePlanOptions): MovePlan {
  const { oldPath, newPath } = inputs;
  if (inputs.sources.length === 0) {
    throw new ExitError(`no sessions found for ${JSON.stringify(oldPath)} or below (no project dir has sessions whose cwd is there): check the path with \`ccsync sessions --all\``);
  }
  const map = movePathMap(oldPath, newPath);
  const isInPlace = (source: SourceDir): boolean => targetDirName(source, oldPath, newPath, inputs.platform) === source.name;
  const inPlaceDirs = inputs.sources.filter(isInPlace).map((source) => planDir(inputs, map, source, []));
  const movingDirs = inputs.sources.filter((source) => !isInPlace(source)).map((source) => planDir(inputs, map, source, inPlaceDirs));
  // in-place dirs first: a dir moving into one of them only adds files next to its rewritten ones
  const dirs = [...inPlaceDirs, ...movingDirs];
  checkTargets(dirs);
  const live = dirs.flatMap((dir) => dir.sessionIds).filter((id) => inputs.liveSessionIds.includes(id));
  if (live.length > 0 && !options.force) {
    throw new ExitError(`session ${live.join(', ')} is running in Claude Code right now: quit it and run \`ccsync move\` again (or add --force); nothing was changed`);
  }
  const warnings: string[] = [];
  if (live.length > 0) warnings.push(`session ${live.join(', ')} is running (--force): its next lines may still go to the old dir`);
  if (!inputs.newPathExists) warnings.push(`${JSON.stringify(newPath)} does not exist (yet): Claude Code finds the sessions once you start it there`);
  for (const dir of dirs) {
    for (const rel of dir.skipped) warnings.push(`projects/${dir.from}/${rel} is not a regular file: left where it is`);
    for (const file of dir.files) {
      const invalid = file.invalidLines ?? [];
      if (invalid.length > 0) warnings.push(`projects/${dir.from}/${file.rel}: ${invalid.length === 1 ? 'line' : 'lines'} ${invalid.join(', ')} ${invalid.length === 1 ? 'is' : 'are'} not valid JSON (moved as is)`);
    }
  }
  const plan: MovePlan = { oldPath, newPath, dirs, warnings };
  if (inputs.history) {
    const { data, entries } = rewriteHistory(inputs.history.data, map);
    if (entries > 0) plan.history = { data, entries, expect: { size: inputs.history.size, mtimeMs: inputs.history.mtimeMs } };
  }
  if (inputs.claudeJson) {
    const rewrite = rewriteClaudeJson(inputs.claudeJson.text, map, inputs.claudeJson.shownPath);
    for (const [from, to] of rewrite.kept) warnings.push(`${inputs.claudeJson.shownPath} already has an entry for ${JSON.stringify(to)}: the one for ${JSON.stringify(from)} is left as it is`);
    if (rewrite.moved.length > 0) plan.claudeJson = { file: inputs.claudeJson, ...rewrite };
  }
  return plan;
}
