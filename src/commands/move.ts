// `ccsync move OLD_PATH NEW_PATH`: re-home a project's sessions on this machine after its folder
// moved (issue #2, item 6). Sequences the I/O around the pure planner: lock → read → plan →
// print (--dry-run stops here, having written nothing, not even the lock) → apply → report.
import path from 'node:path';
import { stat } from 'node:fs/promises';
import type { CommandContext } from './context.js';
import { backupsDir } from '../config/paths.js';
import { newRunId, pruneBackups } from '../agent/backups.js';
import { EXIT, ExitError } from '../errors.js';
import type { Lock } from '../fs/lock.js';
import { commandLockWait, lockMachine } from '../sync/run-locks.js';
import { applyMove } from '../store/apply-move.js';
import { isAtOrBelow, resolveClaudeDir } from '../store/claude-dir.js';
import { claudeJsonPath, readMoveInputs } from '../store/move-inputs.js';
import { planMove, type MovePlan } from '../store/plan-move.js';

export interface MoveOptions {
  /** absolute, normalized (relative arguments are taken from the cwd) */
  oldPath: string;
  /** absolute, normalized; differs from oldPath */
  newPath: string;
  /** print what would change, write nothing */
  dryRun: boolean;
  /** move sessions even while Claude Code is running them */
  force: boolean;
}

async function requireClaudeDir(claudeDir: string): Promise<void> {
  const isDir = await stat(claudeDir).then((info) => info.isDirectory(), () => false);
  if (!isDir) throw new ExitError(`no Claude Code config dir at ${claudeDir}: set CLAUDE_CONFIG_DIR to where Claude Code keeps its data`);
}

/** The .claude.json backup's place in the run's backup dir: its path in the Claude dir, else under `home/`. */
function claudeJsonBackupRel(claudeDir: string, file: string): string {
  return isAtOrBelow(file, claudeDir) ? path.relative(claudeDir, file).split(path.sep).join('/') : `home/${path.basename(file)}`;
}

/** What a move planned and (unless a dry run) did; the CLI prints it (src/cli/print/move.ts). */
export interface MoveResult {
  exitCode: number;
  plan: MovePlan;
  /** undefined: a dry run, nothing written */
  applied?: { written: number; removed: number; backedUp: number; backupRunDir: string; warnings: string[] };
}

export async function runMove(ctx: CommandContext, options: MoveOptions): Promise<MoveResult> {
  const claudeDir = resolveClaudeDir(ctx.env, ctx.home);
  await requireClaudeDir(claudeDir);
  const lock: Lock | undefined = options.dryRun ? undefined : await lockMachine(ctx.stateDir, commandLockWait(ctx));
  try {
    const jsonPath = await claudeJsonPath(claudeDir, ctx.env, ctx.home);
    const inputs = await readMoveInputs({ claudeDir, claudeJsonPath: jsonPath, oldPath: options.oldPath, newPath: options.newPath, platform: process.platform });
    const plan = planMove(inputs, { force: options.force });
    // a diagnostic of the run: shown before the writes (and before an error they may raise)
    for (const warning of plan.warnings) ctx.stderr(`warning: ${warning}\n`);
    if (options.dryRun) return { exitCode: EXIT.ok, plan };
    const runId = newRunId();
    const backupDir = path.join(backupsDir(ctx.stateDir), 'local');
    const root = { claudeDir, home: ctx.home, backupDir, runId, platform: process.platform };
    const result = await applyMove(plan, { root, claudeJsonBackupRel: claudeJsonBackupRel(claudeDir, plan.claudeJson?.file.path ?? jsonPath) });
    if (result.backedUp > 0) await pruneBackups(backupDir, undefined, runId).catch(() => undefined);
    return { exitCode: EXIT.ok, plan, applied: { written: result.written, removed: result.removed, backedUp: result.backedUp, backupRunDir: path.join(backupDir, runId), warnings: result.warnings } };
  } finally {
    await lock?.release();
  }
}
