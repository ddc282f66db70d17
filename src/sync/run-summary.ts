// What a run came to, counted from its outcomes (or, for a dry run, from its plan): the
// `--json` document's counts and actions, and what the exit code is decided from.
import type { ActionOutcome } from './record-results.js';
import type { Action, Plan } from '../planner/types.js';
import { plannedBytes } from '../planner/planned-bytes.js';

export interface RunSummary {
  direction: Plan['direction'];
  dryRun: boolean;
  done: number;
  failed: number;
  skipped: number;
  conflicts: number;
  inSync: number;
  bytesWritten: number;
  /** what the plan meant to write (copies, appends, forks exactly; merges at most), dry run or not */
  bytesPlanned: number;
  warnings: string[];
  actions: Array<{ kind: Action['kind']; key: string; status: ActionOutcome['status'] | 'planned'; message?: string; bytes: number; stopped?: true }>;
}

/** What a dry run's action would come to: skips and forks are known before any write. */
function plannedOutcome(action: Action): ActionOutcome {
  if (action.kind === 'skip') {
    return { action, status: action.reason === 'conflict' ? 'conflict' : 'skipped', bytes: 0, message: action.message };
  }
  return { action, status: action.kind === 'fork' ? 'conflict' : 'done', bytes: plannedBytes(action) };
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
    bytesWritten: outcomes ? outcomes.reduce((sum, outcome) => sum + outcome.bytes, 0) : 0,
    bytesPlanned: plan.actions.reduce((sum, action) => sum + plannedBytes(action), 0),
    warnings,
    actions: list.map((outcome) => {
      const entry = {
        kind: outcome.action.kind,
        key: outcome.action.key,
        status: outcomes || outcome.action.kind === 'skip' ? outcome.status : ('planned' as const),
        bytes: outcome.bytes,
      };
      const described = outcome.message === undefined ? entry : { ...entry, message: outcome.message };
      return outcome.stopped ? { ...described, stopped: true as const } : described;
    }),
  };
}
