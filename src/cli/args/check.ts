// `ccsync check REMOTE [--json]` (issues #3, #4): can each endpoint of the remote be reached,
// and what is there (OS, node, Claude dir and its free space, claude, the agent). Exit 1 when
// the transfer endpoint fails: push/pull/sync would fail too.
import { resolveRemote } from '../../config/resolve-remote.js';
import { checkRemote } from '../../commands/check.js';
import { printCheck } from '../print/check-report.js';
import type { CommandContext } from '../../commands/context.js';
import { writeLine } from '../output.js';
import { checkRemoteName } from './remote.js';

export interface CheckArgs {
  remote: string;
  json: boolean;
}

export async function checkCommand(ctx: CommandContext, args: CheckArgs): Promise<number> {
  const remote = resolveRemote(ctx.config, checkRemoteName(args.remote), ctx.env);
  if (!args.json && ctx.isTTY) writeLine(ctx.stderr, `checking ${remote.name}...`);
  return printCheck(ctx, await checkRemote(ctx, remote), args.json);
}
