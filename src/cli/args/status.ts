// `ccsync status [REMOTE]`: per session, how the local copy stands against a remote's.
import { UsageError } from '../../errors.js';
import { remoteNames, resolveRemote } from '../../config/resolve-remote.js';
import { statusRemotes } from '../../commands/status-remotes.js';
import type { StatusOptions } from '../../commands/status.js';
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

export async function parseStatusArgs(ctx: CommandContext, args: StatusArgs): Promise<StatusOptions> {
  const named = args.remote !== undefined;
  const names = named ? [checkRemoteName(args.remote ?? '')] : remoteNames(ctx.config.file);
  if (names.length === 0) throw new UsageError('no remotes are configured; add one with `ccsync remote add NAME DEST`');
  const scope = parseScope(ctx.cwd, undefined, args.all, 'PATH');
  const config = args.config === true;
  // a remote named is shown whatever it maps (and its errors stop the run); without one, the
  // remotes that map this directory are, and the others get a line each
  const picked = named ? { remotes: names.map((name) => resolveRemote(ctx.config, name, ctx.env)), skipped: [], problems: [] } : await statusRemotes(ctx, names, scope, config);
  return { ...picked, scope, json: args.json, config };
}

export async function statusCommand(ctx: CommandContext, args: StatusArgs): Promise<number> {
  const options = await parseStatusArgs(ctx, args);
  // the engine is loaded once the arguments hold (issue #11: a usage error costs no more than start-up)
  const { runStatus } = await import('../../commands/status.js');
  return printStatus(ctx, await runStatus(ctx, options), options.json);
}
