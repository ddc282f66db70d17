// `ccsync import FILE [--project PATH] [--dry-run] [--json]`: a bundle from `ccsync export`
// written into PATH's project (default: the current dir), paths rewritten (issue #5).
import { runImport, type ImportOptions } from '../../commands/import.js';
import { UsageError } from '../../errors.js';
import { printImport } from '../print/import.js';
import { absolutePath } from './scope.js';
import type { CommandContext } from '../../commands/context.js';

export interface ImportArgs {
  file: string;
  project?: string;
  dryRun: boolean;
  json: boolean;
}

export function parseImportArgs(ctx: CommandContext, args: ImportArgs): ImportOptions {
  if (args.file === '') throw new UsageError('FILE is empty');
  const projectPath = absolutePath(ctx.cwd, args.project ?? ctx.cwd, '--project');
  return { file: args.file, projectPath, dryRun: args.dryRun, json: args.json };
}

export async function importCommand(ctx: CommandContext, args: ImportArgs): Promise<number> {
  const options = parseImportArgs(ctx, args);
  return printImport(ctx, await runImport(ctx, options), options.json);
}
