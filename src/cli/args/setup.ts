// `ccsync setup REMOTE [--store DIR] [--install-claude] [--dry-run]` (issue #4): check the
// arguments and hand one typed value to src/commands/setup.ts.
import { normalizeAbsolutePath } from '../../config/destination.js';
import { resolveRemote } from '../../config/resolve-remote.js';
import { UsageError } from '../../errors.js';
import { runSetup } from '../../commands/setup.js';
import type { CommandContext } from '../../commands/context.js';
import { printSetup } from '../print/setup.js';
import { checkRemoteName } from './remote.js';

export interface SetupArgs {
  remote: string;
  store: string | undefined;
  installClaude: boolean;
  dryRun: boolean;
}

/** The store is a path on the remote: absolute (this machine cannot resolve the remote's ~). */
export function parseStore(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) throw new UsageError('--store contains a control character');
  if (!text.startsWith('/')) throw new UsageError(`--store ${JSON.stringify(text)}: give an absolute path on the remote, e.g. /workspace/claude-sessions`);
  const path = normalizeAbsolutePath(text);
  if (path === '/') throw new UsageError('--store /: give a dir of its own, e.g. /workspace/claude-sessions');
  return path;
}

export async function setupCommand(ctx: CommandContext, args: SetupArgs): Promise<number> {
  const name = checkRemoteName(args.remote);
  const store = parseStore(args.store);
  return printSetup(ctx, await runSetup(ctx, { remote: resolveRemote(ctx.config, name, ctx.env), store, installClaude: args.installClaude, dryRun: args.dryRun }));
}
