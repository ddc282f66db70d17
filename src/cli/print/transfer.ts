// The words of a push/pull/sync result: one JSON document, or the warnings on stderr and the
// plan (dry run) or outcomes on stdout.
import type { ProcessIO } from '../../commands/context.js';
import type { TransferResult } from '../../commands/transfer.js';
import { describeExtras, describeExtrasPlan } from './describe-extras.js';
import { describeDryRunSummary, describeOutcomes, describePlan } from './describe-plan.js';
import { describeWriteStop } from './write-stops.js';
import { writeJson } from '../output.js';
import { plannedExtrasBytes, plannedExtrasItems } from '../../config-sync/planned-items.js';

export function printTransfer(io: Pick<ProcessIO, 'stdout' | 'stderr'>, result: TransferResult, json: boolean): number {
  const { summary } = result;
  if (json) {
    // one shape for a dry run and a real run (issue #10): objects, planned bytes filled in
    const config = result.extras ?? plannedExtrasItems(result.extrasPlan);
    const bytesPlanned = summary.bytesPlanned + plannedExtrasBytes(result.extrasPlan);
    writeJson(io, { remote: result.remote, turns: result.turns, ...summary, bytesPlanned, config, stopped: result.stopped });
  } else {
    for (const warning of result.warnings) io.stderr(`warning: ${warning}\n`);
    // a dry run ends with its one-line summary (which also says when there is nothing to do)
    const planned = result.plan.actions.length + result.plan.removeIndexes.length > 0 ? describePlan(result.plan) : [];
    const lines = summary.dryRun ? planned : describeOutcomes(summary);
    const extraLines = result.extras ? describeExtras(result.extras) : describeExtrasPlan(result.extrasPlan);
    const copies = result.extrasPlan.files.filter((file) => file.action.kind === 'copy' || file.action.kind === 'remove').length;
    const last = summary.dryRun ? [describeDryRunSummary(result.plan, copies, plannedExtrasBytes(result.extrasPlan))] : [];
    io.stdout(`${[...extraLines, ...lines, ...last].join('\n')}\n`);
    for (const stop of result.stopped) io.stderr(`ccsync: ${describeWriteStop(stop)}\n`);
  }
  return result.exitCode;
}
