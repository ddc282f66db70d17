// `ccsync launch REMOTE [LOCAL_PATH] [--resume ID | --continue | --new] [--tmux [NAME]]
// [--attach] [-- CLAUDE_ARGS...]` (issue #4): check the arguments into one typed value and
// hand it to src/commands/launch.ts.
import { resolveRemote } from '../../config/resolve-remote.js';
import { UsageError } from '../../errors.js';
import { checkTmuxName, type LaunchSession } from '../../pod/launch-script.js';
import { runLaunch, type LaunchOptions } from '../../commands/launch.js';
import { parseScope, parseSessionArg } from './scope.js';
import type { CommandContext } from '../../commands/context.js';
import { checkRemoteName } from './remote.js';
import { transferAndPrint } from './transfer.js';
import { printLaunch } from '../print/launch.js';

export interface LaunchArgs {
  remote: string;
  /** the operands after REMOTE, as commander gave them (LOCAL_PATH and CLAUDE_ARGS, `--` removed) */
  operands: string[];
  /** how many of `operands`, at the end, came after `--` */
  afterDoubleDash: number;
  resume: string | undefined;
  continue: boolean;
  new: boolean;
  /** `--tmux` alone is true; `--tmux NAME` the name */
  tmux: string | boolean | undefined;
  attach: boolean;
  dryRun: boolean;
}

export function parseLaunchArgs(ctx: CommandContext, args: LaunchArgs): LaunchOptions {
  const name = checkRemoteName(args.remote);
  const split = args.operands.length - args.afterDoubleDash;
  const before = args.operands.slice(0, split);
  const claudeArgs = args.operands.slice(split);
  if (before.length > 1) throw new UsageError(`unexpected argument ${JSON.stringify(before[1])}: give claude's own arguments after --, e.g. \`ccsync launch ${name} -- --model opus\``);
  const scope = parseScope(ctx.cwd, before[0], false, 'LOCAL_PATH');
  if (scope.kind !== 'path') throw new UsageError('launch takes one project');

  const chosen = [args.resume !== undefined && '--resume', args.continue && '--continue', args.new && '--new'].filter((flag) => flag !== false);
  if (chosen.length > 1) throw new UsageError(`give one of ${chosen.join(', ')}`);
  const resume = parseSessionArg(args.resume, '--resume');
  const session: LaunchSession | undefined = resume !== undefined ? { kind: 'resume', id: resume.kind === 'id' ? resume.id : resume.prefix } : args.continue ? { kind: 'continue' } : args.new ? { kind: 'new' } : undefined;
  if (args.attach && (chosen.length > 0 || claudeArgs.length > 0)) {
    throw new UsageError('--attach re-attaches to a running claude: it takes no --resume, --continue, --new or claude arguments');
  }
  const tmuxName = typeof args.tmux === 'string' ? args.tmux : undefined;
  if (tmuxName !== undefined && !checkTmuxName(tmuxName)) {
    throw new UsageError(`--tmux ${JSON.stringify(tmuxName)}: a tmux session name is 1-64 letters, digits, _ and -`);
  }
  const tmux = args.tmux !== undefined || args.attach ? { name: tmuxName, attach: args.attach } : undefined;
  return { remote: resolveRemote(ctx.config, name, ctx.env), scope, session, ...(resume?.kind === 'prefix' ? { resumePrefix: true } : {}), claudeArgs, tmux, dryRun: args.dryRun };
}

export async function launchCommand(ctx: CommandContext, args: LaunchArgs): Promise<number> {
  return printLaunch(ctx, await runLaunch(ctx, parseLaunchArgs(ctx, args), (options) => transferAndPrint(ctx, options)));
}
