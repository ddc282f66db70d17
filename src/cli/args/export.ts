// `ccsync export SESSION | --project PATH [-o FILE] [--no-redact] [--json]`: one portable,
// git-friendly bundle of sessions and their companions, secrets redacted (issue #5).
import { UsageError } from '../../errors.js';
import { runExport, type ExportOptions } from '../../commands/export.js';
import { printExport } from '../print/export.js';
import { createProgress } from '../progress.js';
import { absolutePath, parseSessionArg } from './scope.js';
import type { CommandContext } from '../../commands/context.js';

export interface ExportArgs {
  session?: string;
  project?: string;
  output?: string;
  redact: boolean;
  json: boolean;
}

export function parseExportArgs(ctx: CommandContext, args: ExportArgs): ExportOptions {
  if ((args.session === undefined) === (args.project === undefined)) throw new UsageError('give either SESSION or --project PATH (one of them)');
  if (args.json && args.output === undefined) throw new UsageError('--json prints a report on stdout, so the bundle needs -o FILE');
  if (args.output === '') throw new UsageError('-o: the file name is empty');
  const session = parseSessionArg(args.session, 'SESSION');
  return {
    ...(session !== undefined && { session }),
    ...(args.project !== undefined && { project: absolutePath(ctx.cwd, args.project, '--project') }),
    ...(args.output !== undefined && { output: args.output }),
    redact: args.redact,
    json: args.json,
  };
}

export async function exportCommand(ctx: CommandContext, args: ExportArgs): Promise<number> {
  const options = parseExportArgs(ctx, args);
  return printExport(ctx, await runExport(ctx, options, createProgress(ctx, { json: options.json })), options.json);
}
