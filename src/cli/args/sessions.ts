// `ccsync sessions [PATH]`: the local sessions with title, size, lines and last activity.
import { listSessions, type SessionsOptions } from '../../commands/sessions.js';
import { printSessions } from '../print/sessions.js';
import { parseScope } from './scope.js';
import type { CommandContext } from '../../commands/context.js';

export interface SessionsArgs {
  path?: string;
  all: boolean;
  json: boolean;
}

export function parseSessionsArgs(ctx: CommandContext, args: SessionsArgs): SessionsOptions {
  return { scope: parseScope(ctx.cwd, args.path, args.all, 'PATH'), json: args.json };
}

export async function sessionsCommand(ctx: CommandContext, args: SessionsArgs): Promise<number> {
  const options = parseSessionsArgs(ctx, args);
  return printSessions(ctx, await listSessions(ctx, options), options.json);
}
