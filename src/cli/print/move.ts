// The words of `ccsync move` (the plan's warnings went to stderr during the run): the apply's
// warnings on stderr; the plan (and, after a real run, what was written) on stdout.
import type { ProcessIO } from '../../commands/context.js';
import type { MoveResult } from '../../commands/move.js';
import { shown } from '../output.js';
import { describeMovePlan, sessionCount } from './describe-move.js';

export function printMove(io: Pick<ProcessIO, 'stdout' | 'stderr'>, result: MoveResult): number {
  const { plan, applied } = result;
  const lines = describeMovePlan(plan);
  if (applied === undefined) {
    io.stdout(`${[...lines, 'dry run: nothing was written'].join('\n')}\n`);
    return result.exitCode;
  }
  for (const warning of applied.warnings) io.stderr(`warning: ${warning}\n`);
  const backups = applied.backedUp > 0 ? `; ${applied.backedUp} backed up in ${shown(applied.backupRunDir)}` : '';
  lines.push(`moved ${sessionCount(plan)} session(s): ${applied.written} file(s) written, ${applied.removed} removed${backups}`);
  io.stdout(`${lines.join('\n')}\n`);
  return result.exitCode;
}
