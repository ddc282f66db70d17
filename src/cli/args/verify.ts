// `ccsync verify [PATH] [--all] [--repair] [--json]`: check session transcripts and repair what
// is safe (issue #5).
import { runVerify, type VerifyOptions } from '../../commands/verify.js';
import { printVerify } from '../print/verify.js';
import { parseScope } from './scope.js';
import type { CommandContext } from '../../commands/context.js';

export interface VerifyArgs {
  path?: string;
  all: boolean;
  repair: boolean;
  json: boolean;
}

export function parseVerifyArgs(ctx: CommandContext, args: VerifyArgs): VerifyOptions {
  return { scope: parseScope(ctx.cwd, args.path, args.all, 'PATH'), repair: args.repair, json: args.json };
}

export async function verifyCommand(ctx: CommandContext, args: VerifyArgs): Promise<number> {
  const options = parseVerifyArgs(ctx, args);
  return printVerify(ctx, await runVerify(ctx, options), options.json);
}
