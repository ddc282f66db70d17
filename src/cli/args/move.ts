// `ccsync move OLD_PATH NEW_PATH`: re-home a project's sessions on this machine after its
// folder moved (same rewrite engine as sync; history.jsonl and .claude.json follow).
import { UsageError } from '../../errors.js';
import { runMove, type MoveOptions } from '../../commands/move.js';
import { printMove } from '../print/move.js';
import { absolutePath } from './scope.js';
import type { CommandContext } from '../../commands/context.js';

export interface MoveArgs {
  oldPath: string;
  newPath: string;
  dryRun: boolean;
  force: boolean;
}

export function parseMoveArgs(ctx: CommandContext, args: MoveArgs): MoveOptions {
  const oldPath = absolutePath(ctx.cwd, args.oldPath, 'OLD_PATH');
  const newPath = absolutePath(ctx.cwd, args.newPath, 'NEW_PATH');
  if (oldPath === newPath) throw new UsageError(`OLD_PATH and NEW_PATH are the same path (${oldPath})`);
  return { oldPath, newPath, dryRun: args.dryRun, force: args.force };
}

export async function moveCommand(ctx: CommandContext, args: MoveArgs): Promise<number> {
  return printMove(ctx, await runMove(ctx, parseMoveArgs(ctx, args)));
}
