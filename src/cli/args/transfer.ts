// `ccsync push | pull | sync REMOTE [LOCAL_PATH]`: check the arguments, resolve the remote
// (its `${VAR}` values too), and hand one typed value to the engine (antfu/ni: parse → plan
// value → run).
import { UsageError } from '../../errors.js';
import { resolveRemote } from '../../config/resolve-remote.js';
import { runTransfer, type TransferOptions } from '../../commands/transfer.js';
import { parseScope, parseSessionArg } from './scope.js';
import type { CommandContext } from '../../commands/context.js';
import { createProgress } from '../progress.js';
import { journalSink } from '../interrupt.js';
import { printTransfer } from '../print/transfer.js';
import { checkRemoteName } from './remote.js';

export interface TransferArgs {
  direction: TransferOptions['direction'];
  remote: string;
  localPath?: string;
  all: boolean;
  session?: string;
  dryRun: boolean;
  json: boolean;
  delete: boolean;
  force: boolean;
  config?: boolean;
  includeCredentials?: boolean;
  projectSettings?: boolean;
}

export function parseTransferArgs(ctx: CommandContext, args: TransferArgs): TransferOptions {
  const name = checkRemoteName(args.remote);
  const scope = parseScope(ctx.cwd, args.localPath, args.all, 'LOCAL_PATH');
  const session = parseSessionArg(args.session, '--session');
  if (args.includeCredentials && !args.config) throw new UsageError('--include-credentials goes with --config (it adds .credentials.json to the config files)');
  return {
    direction: args.direction,
    remote: resolveRemote(ctx.config, name, ctx.env),
    scope,
    sessionId: session?.kind === 'id' ? session.id : undefined,
    ...(session?.kind === 'prefix' ? { sessionPrefix: session.prefix } : {}),
    dryRun: args.dryRun,
    json: args.json,
    delete: args.delete,
    force: args.force,
    config: args.config === true,
    includeCredentials: args.includeCredentials === true,
    projectSettings: args.projectSettings === true,
  };
}

/** Run one push/pull/sync and print its result; the exit code comes back (launch runs two). */
export async function transferAndPrint(ctx: CommandContext, options: TransferOptions): Promise<number> {
  return printTransfer(ctx, await runTransfer(ctx, options, journalSink(createProgress(ctx, { json: options.json }))), options.json);
}

export async function transferCommand(ctx: CommandContext, args: TransferArgs): Promise<number> {
  return transferAndPrint(ctx, parseTransferArgs(ctx, args));
}
