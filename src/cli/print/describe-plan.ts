// Printing a plan is the dry run (model: antfu/ni); printing outcomes is the report.
import { formatBytes } from '../../format-bytes.js';
import type { ActionOutcome } from '../../sync/record-results.js';
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

export interface RunSummary {
  direction: Plan['direction'];
  dryRun: boolean;
  done: number;
  failed: number;
  skipped: number;
  conflicts: number;
  inSync: number;
  bytesWritten: number;
  warnings: string[];
  actions: Array<{ kind: Action['kind']; key: string; status: ActionOutcome['status'] | 'planned'; message?: string; bytes: number }>;
}

/** What a dry run's action would come to: skips and forks are known before any write. */
function plannedOutcome(action: Action): ActionOutcome {
  if (action.kind === 'skip') {
    return { action, status: action.reason === 'conflict' ? 'conflict' : 'skipped', bytes: 0, message: action.message };
  }
  return { action, status: action.kind === 'fork' ? 'conflict' : 'done', bytes: 0 };
}

export function summarize(plan: Plan, outcomes: ActionOutcome[] | undefined, warnings: string[]): RunSummary {
  // A dry run counts the skips and conflicts it foresees, so `--dry-run --json` (and its exit
  // code) tell a script what the run would leave to resolve.
  const list = outcomes ?? plan.actions.map(plannedOutcome);
  const count = (status: ActionOutcome['status']): number => list.filter((outcome) => outcome.status === status).length;
  return {
    direction: plan.direction,
    dryRun: outcomes === undefined,
    done: outcomes ? count('done') : 0,
    failed: count('failed'),
    skipped: count('skipped'),
    conflicts: count('conflict'),
    inSync: plan.inSync.length,
    bytesWritten: list.reduce((sum, outcome) => sum + outcome.bytes, 0),
    warnings,
    actions: list.map((outcome) => {
      const entry = {
        kind: outcome.action.kind,
        key: outcome.action.key,
        status: outcomes || outcome.action.kind === 'skip' ? outcome.status : ('planned' as const),
        bytes: outcome.bytes,
      };
      return outcome.message === undefined ? entry : { ...entry, message: outcome.message };
    }),
  };
}

export function describeOutcomes(summary: RunSummary): string[] {
  const lines = summary.actions
    .filter((action) => action.status !== 'done' || action.kind !== 'record')
    .map((action) => `${action.status.padEnd(8)} ${action.kind.padEnd(7)} ${action.key}${action.message ? `: ${action.message}` : ''}`);
  lines.push(
    `${summary.direction}: ${summary.done} done, ${summary.conflicts} conflict(s), ${summary.skipped} skipped, ${summary.failed} failed, ${summary.inSync} already in sync, ${formatBytes(summary.bytesWritten)} written`,
  );
  return lines;
}
