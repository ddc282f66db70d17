// Printing a plan is the dry run (model: antfu/ni); printing outcomes is the report.
import { formatBytes } from '../../display-text.js';
import type { RunSummary } from '../../sync/run-summary.js';
import type { Action, Plan } from '../../planner/types.js';
import { plannedBytes } from '../../planner/planned-bytes.js';
import { isTranscriptKey } from '../../planner/plan-keys.js';

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

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The last line of a dry run (issue #10): "would copy 2 sessions, append to 3, 27 KiB". Sessions
 * are their transcripts; their companions (subagents, file history …) and config files are
 * counted as other files. `extraFiles`/`extraBytes`: the config files the run would copy.
 */
export function describeDryRunSummary(plan: Plan, extraFiles: number, extraBytes: number): string {
  const sessions = (kind: Action['kind']): number => plan.actions.filter((action) => action.kind === kind && isTranscriptKey(action.key)).length;
  const parts: string[] = [];
  if (sessions('copy') > 0) parts.push(`copy ${count(sessions('copy'), 'session')}`);
  if (sessions('append') > 0) parts.push(`append to ${sessions('append')}`);
  if (sessions('merge') > 0) parts.push(`merge ${sessions('merge')}`);
  if (sessions('reconcile') > 0) parts.push(`compare ${sessions('reconcile')} (both copies read)`);
  if (sessions('fork') > 0) parts.push(`keep both copies of ${sessions('fork')} (conflict)`);
  if (sessions('replace') > 0) parts.push(`replace ${sessions('replace')}`);
  if (sessions('delete') > 0) parts.push(`delete ${count(sessions('delete'), 'session')}`);
  const written = new Set<Action['kind']>(['copy', 'append', 'merge', 'reconcile', 'fork', 'replace', 'delete']);
  const companions = plan.actions.filter((action) => written.has(action.kind) && !isTranscriptKey(action.key)).length + extraFiles;
  if (companions > 0) parts.push(`${parts.length === 0 ? 'write ' : ''}${count(companions, 'other file')}`);
  const skipped = plan.actions.filter((action) => action.kind === 'skip').length;
  const bytes = plan.actions.reduce((sum, action) => sum + plannedBytes(action), 0) + extraBytes;
  if (parts.length === 0) return `dry run: nothing to ${plan.direction} (${count(plan.inSync.length, 'file')} in sync${skipped > 0 ? `, ${skipped} skipped` : ''}); nothing was written`;
  return `dry run: would ${parts.join(', ')}, ${formatBytes(bytes)}${skipped > 0 ? ` (${skipped} skipped)` : ''}; nothing was written`;
}
