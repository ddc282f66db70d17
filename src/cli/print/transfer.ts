// The words of a push/pull/sync result: one JSON document, or the warnings on stderr and the
// plan (dry run) or outcomes on stdout.
import type { ProcessIO } from '../../commands/context.js';
import type { TransferResult } from '../../commands/transfer.js';
import { describeExtras, describeExtrasPlan } from './describe-extras.js';
import { describeOutcomes, describePlan } from './describe-plan.js';
import { describeWriteStop } from './write-stops.js';

export function printTransfer(io: Pick<ProcessIO, 'stdout' | 'stderr'>, result: TransferResult, json: boolean): number {
  const { summary } = result;
  if (json) {
    const config = result.extras ?? describeExtrasPlan(result.extrasPlan);
    io.stdout(`${JSON.stringify({ remote: result.remote, turns: result.turns, ...summary, config, stopped: result.stopped })}\n`);
  } else {
    for (const warning of result.warnings) io.stderr(`warning: ${warning}\n`);
    const lines = summary.dryRun ? describePlan(result.plan) : describeOutcomes(summary);
    const extraLines = result.extras ? describeExtras(result.extras) : describeExtrasPlan(result.extrasPlan);
    io.stdout(`${[...extraLines, ...lines].join('\n')}\n`);
    for (const stop of result.stopped) io.stderr(`ccsync: ${describeWriteStop(stop)}\n`);
  }
  return result.exitCode;
}
