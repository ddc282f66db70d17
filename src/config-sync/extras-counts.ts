// What the config files add to a run's exit code: failures, and conflicts (done or foreseen).
import type { ExtrasPlan } from './extras-plan.js';
import type { ExtrasItem } from './extras-writes.js';

export function countExtras(items: readonly ExtrasItem[]): { failed: number; conflicts: number } {
  return {
    failed: items.filter((item) => item.status === 'failed').length,
    conflicts: items.filter((item) => item.status === 'conflict').length,
  };
}

export function plannedConflicts(plan: ExtrasPlan): number {
  return plan.files.filter((file) => file.action.kind === 'conflict').length;
}
