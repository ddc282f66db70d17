// Printing a plan is the dry run (model: antfu/ni); printing outcomes is the report.
import { formatBytes } from '../../display-text.js';
import type { RunSummary } from '../../sync/run-summary.js';
import type { Action, Plan } from '../../planner/types.js';

function arrow(from: string, to: string): string {
  return `${from} → ${to}`;
}

export function describeAction(action: Action): string {
  switch (action.kind) {
    case 'copy':
      return `copy    ${action.key} ${arrow(action.from.side, action.to.side)} (${formatBytes(action.length)}) as ${action.to.path}`;
    case 'append':
      return `append  ${action.key} ${arrow(action.from.side, action.to.side)} (+${formatBytes(action.length)})`;
    case 'merge':
      return `merge   ${action.key} (both sides have new lines; writing ${action.writeSides.join(' and ')})`;
    case 'reconcile':
      return `compare ${action.key} (changed since the last sync: both copies are read; lines only added are merged, a rewritten history becomes a new session)`;
    case 'fork':
      return `fork    ${action.key} ${arrow(action.from.side, action.to.side)} as new session ${action.forkId} (${action.reason})`;
    case 'replace':
      return `replace ${action.key} ${arrow(action.from.side, action.to.side)} (${formatBytes(action.length)}, old copy backed up)`;
    case 'delete':
      return `delete  ${action.key} on ${action.at.side} (backed up)`;
    case 'record':
      return `same    ${action.key} (already equal; recorded)`;
    case 'skip':
      return `skip    ${action.key}: ${action.message}`;
  }
}

export function describePlan(plan: Plan): string[] {
  const lines = plan.actions.map(describeAction);
  for (const index of plan.removeIndexes) lines.push(`remove  ${index.path} on ${index.side} (stale; Claude Code rebuilds it)`);
  if (lines.length === 0) lines.push(`nothing to ${plan.direction}: ${plan.inSync.length} file(s) in sync`);
  return lines;
}

export function describeOutcomes(summary: RunSummary): string[] {
  const lines = summary.actions
    .filter((action) => (action.status !== 'done' || action.kind !== 'record') && action.stopped !== true)
    .map((action) => `${action.status.padEnd(8)} ${action.kind.padEnd(7)} ${action.key}${action.message ? `: ${action.message}` : ''}`);
  lines.push(
    `${summary.direction}: ${summary.done} done, ${summary.conflicts} conflict(s), ${summary.skipped} skipped, ${summary.failed} failed, ${summary.inSync} already in sync, ${formatBytes(summary.bytesWritten)} written`,
  );
  return lines;
}
