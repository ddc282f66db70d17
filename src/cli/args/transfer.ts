// `ccsync push | pull | sync REMOTE [LOCAL_PATH]`: check the arguments, resolve the remote
// (its `${VAR}` values too), and hand one typed value to the engine (antfu/ni: parse → plan
// value → run).
import { UsageError } from '../../errors.js';
import { resolveRemote, type ResolvedRemote } from '../../config/resolve-remote.js';
import { runTransfer } from '../../commands/transfer.js';
import { parseScope, parseSessionId, type Scope } from './scope.js';
import type { CommandContext } from '../../commands/context.js';
import { checkRemoteName } from './remote.js';

/** push = local → remote, pull = remote → local, sync = both ways. */
export type TransferDirection = 'push' | 'pull' | 'sync';

export interface TransferArgs {
  direction: TransferDirection;
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

export interface TransferOptions {
  direction: TransferDirection;
  remote: ResolvedRemote;
  /** default: the current directory's project and its subdirectories; `--all`: every mapped project */
  scope: Scope;
  /** `--session ID`: only this session (a lowercase UUID) */
  sessionId: string | undefined;
  /** print the plan, write nothing */
  dryRun: boolean;
  /** one JSON document on stdout */
  json: boolean;
  /** propagate deletions (only of files the other side did not change) */
  delete: boolean;
  /** write even into sessions live on the target */
  force: boolean;
  /** `--config`: CLAUDE.md, settings.json, agents/, commands/, skills/, output-styles/ (issue #5) */
  config?: boolean;
  /** `--include-credentials` (with --config): .credentials.json too */
  includeCredentials?: boolean;
  /** `--project-settings`: the mapped projects' entries of ~/.claude.json */
  projectSettings?: boolean;
}

export function parseTransferArgs(ctx: CommandContext, args: TransferArgs): TransferOptions {
  const name = checkRemoteName(args.remote);
  const scope = parseScope(ctx.cwd, args.localPath, args.all, 'LOCAL_PATH');
  const sessionId = parseSessionId(args.session);
  if (args.includeCredentials && !args.config) throw new UsageError('--include-credentials goes with --config (it adds .credentials.json to the config files)');
  return {
    direction: args.direction,
    remote: resolveRemote(ctx.config, name, ctx.env),
    scope,
    sessionId,
    dryRun: args.dryRun,
    json: args.json,
    delete: args.delete,
    force: args.force,
    config: args.config === true,
    includeCredentials: args.includeCredentials === true,
    projectSettings: args.projectSettings === true,
  };
}

export async function transferCommand(ctx: CommandContext, args: TransferArgs): Promise<number> {
  return runTransfer(ctx, parseTransferArgs(ctx, args));
}
