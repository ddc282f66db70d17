// `ccsync import FILE [--project PATH] [--dry-run] [--json]` (issue #5): read and check the whole
// bundle → place its files for PATH → read what is there → plan (refusals happen here, before
// any write) → (--dry-run stops) → lock → write → a result src/cli/print/import.ts reports. A second import of the same
// bundle finds every file the same and writes nothing.
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { newRunId, pruneBackups } from '../agent/backups.js';
import { isGone } from '../agent/list-files.js';
import { liveSessionIds } from '../agent/live-sessions.js';
import type { CommandContext } from './context.js';
import { shown } from '../display-text.js';
import { backupsDir } from '../config/paths.js';
import { EXIT, ExitError, errnoCode } from '../errors.js';
import { commandLockWait, lockMachine } from '../sync/run-locks.js';
import { listLocalSessions, resolveClaudeDir } from '../store/claude-dir.js';
import { applyImport } from '../bundle/apply-import.js';
import { countActions, placeFiles, planImport, type ExistingFile, type ImportPlan, type PlacedFile } from '../bundle/plan-import.js';
import { readBundle } from '../bundle/read-bundle.js';
import type { Bundle } from '../bundle/bundle-format.js';

export interface ImportOptions {
  file: string;
  /** absolute */
  projectPath: string;
  dryRun: boolean;
  json: boolean;
}

async function readExisting(claudeDir: string, rel: string): Promise<ExistingFile | undefined> {
  const abs = path.join(claudeDir, ...rel.split('/'));
  try {
    const info = await lstat(abs);
    if (!info.isFile()) throw new ExitError(`${shown(abs)} is in the way (not a regular file): move it aside; nothing was imported`);
    return { data: await readFile(abs), size: info.size, mtimeMs: info.mtimeMs };
  } catch (error) {
    if (isGone(error)) return undefined;
    throw error;
  }
}

async function readState(claudeDir: string, placed: readonly PlacedFile[]): Promise<Parameters<typeof planImport>[1]> {
  const existing = new Map<string, ExistingFile>();
  for (const file of placed) {
    const found = await readExisting(claudeDir, file.rel);
    if (found) existing.set(file.rel, found);
  }
  const sessionDirs = new Map<string, string[]>();
  const hasProjects = await lstat(path.join(claudeDir, 'projects')).then(() => true, () => false);
  for (const listing of hasProjects ? await listLocalSessions(claudeDir) : []) {
    sessionDirs.set(listing.sessionId, [...(sessionDirs.get(listing.sessionId) ?? []), listing.projectDir]);
  }
  const indexes = new Map<string, { size: number; mtimeMs: number }>();
  for (const dir of new Set(placed.flatMap((file) => (file.dir === undefined ? [] : [file.dir])))) {
    const index = await readExisting(claudeDir, `projects/${dir}/sessions-index.json`);
    if (index) indexes.set(dir, { size: index.size, mtimeMs: index.mtimeMs });
  }
  return { existing, liveSessionIds: await liveSessionIds(claudeDir), sessionDirs, indexes };
}

/** What an import planned and (unless a dry run, or nothing to do) wrote; the CLI reports it. */
export interface ImportResult {
  exitCode: number;
  projectPath: string;
  claudeDir: string;
  dryRun: boolean;
  plan: ImportPlan;
  counts: ReturnType<typeof countActions>;
  /** undefined: nothing was written */
  applied?: { written: number; removed: number; backedUp: number; backupRunDir: string };
}

async function loadBundle(ctx: CommandContext, file: string): Promise<Bundle> {
  const abs = path.resolve(ctx.cwd, file);
  const data = await readFile(abs).catch((error: unknown) => {
    if (isGone(error)) throw new ExitError(`no bundle at ${shown(abs)}`);
    if (errnoCode(error) === 'EISDIR') throw new ExitError(`${shown(abs)} is a directory: give the bundle file that \`ccsync export -o\` wrote (e.g. ${shown(path.join(abs, 'ccsync-SESSION.jsonl'))})`);
    throw error;
  });
  return readBundle(data, shown(file));
}

export async function runImport(ctx: CommandContext, options: ImportOptions): Promise<ImportResult> {
  const bundle = await loadBundle(ctx, options.file);
  const claudeDir = resolveClaudeDir(ctx.env, ctx.home);
  const target = { claudeDir, home: ctx.home, projectPath: options.projectPath, platform: process.platform };
  const placed = placeFiles(bundle, target);
  const lock = options.dryRun ? undefined : await lockMachine(ctx.stateDir, commandLockWait(ctx));
  try {
    const plan = planImport(placed, await readState(claudeDir, placed));
    const counts = countActions(plan);
    const writes = counts.create + counts.append + counts.replace + plan.staleIndexes.length;
    // a diagnostic of the run: shown before the writes (and before an error they may raise)
    if (!bundle.header.redacted && !options.json) ctx.stderr('note: this bundle was exported with --no-redact: it may hold secrets\n');
    const result: ImportResult = { exitCode: EXIT.ok, projectPath: options.projectPath, claudeDir, dryRun: options.dryRun, plan, counts };
    if (options.dryRun || writes === 0) return result;
    const runId = newRunId();
    const backupDir = path.join(backupsDir(ctx.stateDir), 'local');
    const applied = await applyImport(plan, { claudeDir, home: ctx.home, backupDir, runId, platform: process.platform });
    if (applied.backedUp > 0) await pruneBackups(backupDir, undefined, runId).catch(() => undefined);
    return { ...result, applied: { written: applied.written, removed: applied.removed, backedUp: applied.backedUp, backupRunDir: path.join(backupDir, runId) } };
  } finally {
    await lock?.release();
  }
}
