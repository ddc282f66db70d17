// `ccsync status [REMOTE]`: per session, how the local copy stands against a remote's.
import { UsageError } from '../../errors.js';
import { remoteNames, resolveRemote, type ResolvedRemote } from '../../config/resolve-remote.js';
import { runStatus, type StatusOptions } from '../../commands/status.js';
import { parseScope } from './scope.js';
import type { CommandContext } from '../../commands/context.js';
import { printStatus } from '../print/status.js';
import { checkRemoteName } from './remote.js';

export interface StatusArgs {
  remote?: string;
  all: boolean;
  json: boolean;
  config?: boolean;
}

export function parseStatusArgs(ctx: CommandContext, args: StatusArgs): StatusOptions {
  const names = args.remote === undefined ? remoteNames(ctx.config.file) : [checkRemoteName(args.remote)];
  if (names.length === 0) throw new UsageError('no remotes are configured; add one with `ccsync remote add NAME DEST`');
  return {
    remotes: names.map((name) => resolveRemote(ctx.config, name, ctx.env)),
    scope: parseScope(ctx.cwd, undefined, args.all, 'PATH'),
    json: args.json,
    config: args.config === true,
  };
}

export async function statusCommand(ctx: CommandContext, args: StatusArgs): Promise<number> {
  const options = parseStatusArgs(ctx, args);
  return printStatus(ctx, await runStatus(ctx, options), options.json);
}
