// `ccsync move OLD_PATH NEW_PATH`: re-home a project's sessions on this machine after its folder
// moved (issue #2, item 6). Sequences the I/O around the pure planner: lock → read → plan →
// print (--dry-run stops here, having written nothing, not even the lock) → apply → report.
import path from 'node:path';
import { stat } from 'node:fs/promises';
import type { CommandContext } from './context.js';
import { shown } from '../cli/output.js';
import { backupsDir, lockPath } from '../config/paths.js';
import { newRunId, pruneBackups } from '../agent/backups.js';
import { EXIT, ExitError } from '../errors.js';
import { acquireLock, type Lock } from '../fs/lock.js';
import { applyMove } from '../store/apply-move.js';
import { isAtOrBelow, resolveClaudeDir } from '../store/claude-dir.js';
import { describeMovePlan, sessionCount } from '../cli/print/describe-move.js';
import { claudeJsonPath, readMoveInputs } from '../store/move-inputs.js';
import { planMove } from '../store/plan-move.js';

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

export async function runMove(ctx: CommandContext, options: MoveOptions): Promise<number> {
  const claudeDir = resolveClaudeDir(ctx.env, ctx.home);
  await requireClaudeDir(claudeDir);
  const lock: Lock | undefined = options.dryRun ? undefined : await acquireLock(lockPath(ctx.stateDir));
  try {
    const jsonPath = await claudeJsonPath(claudeDir, ctx.env, ctx.home);
    const inputs = await readMoveInputs({ claudeDir, claudeJsonPath: jsonPath, oldPath: options.oldPath, newPath: options.newPath, platform: process.platform });
    const plan = planMove(inputs, { force: options.force });
    for (const warning of plan.warnings) ctx.stderr(`warning: ${warning}\n`);
    const lines = describeMovePlan(plan);
    if (options.dryRun) {
      ctx.stdout(`${[...lines, 'dry run: nothing was written'].join('\n')}\n`);
      return EXIT.ok;
    }
    const runId = newRunId();
    const backupDir = path.join(backupsDir(ctx.stateDir), 'local');
    const root = { claudeDir, home: ctx.home, backupDir, runId, platform: process.platform };
    const result = await applyMove(plan, { root, claudeJsonBackupRel: claudeJsonBackupRel(claudeDir, plan.claudeJson?.file.path ?? jsonPath) });
    for (const warning of result.warnings) ctx.stderr(`warning: ${warning}\n`);
    if (result.backedUp > 0) await pruneBackups(backupDir, undefined, runId).catch(() => undefined);
    const backups = result.backedUp > 0 ? `; ${result.backedUp} backed up in ${shown(path.join(backupDir, runId))}` : '';
    lines.push(`moved ${sessionCount(plan)} session(s): ${result.written} file(s) written, ${result.removed} removed${backups}`);
    ctx.stdout(`${lines.join('\n')}\n`);
    return EXIT.ok;
  } finally {
    await lock?.release();
  }
}
