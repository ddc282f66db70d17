// Report lines for config, settings, project settings and history (issue #5). Status never
// names .credentials.json (issue #5: a secret).
import type { ExtrasPlan } from '../../config-sync/extras-plan.js';
import type { ExtrasItem } from '../../config-sync/extras-writes.js';

export function describeExtras(items: readonly ExtrasItem[]): string[] {
  const lines = items
    .filter((item) => item.status !== 'in-sync' && item.stopped !== true)
    .map((item) => `${item.status.padEnd(8)} ${item.area.padEnd(7)} ${item.path}${item.detail ? `: ${item.detail}` : ''}`);
  if (items.some((item) => item.area !== 'history')) {
    const count = (status: ExtrasItem['status']): number => items.filter((item) => item.status === status).length;
    lines.push(`config: ${count('done')} done, ${count('conflict')} conflict(s), ${count('skipped')} skipped, ${count('failed')} failed, ${count('in-sync')} in sync`);
  }
  return lines;
}

/** A dry run's view: what the config files would do, and which documents would be merged. */
export function describeExtrasPlan(plan: ExtrasPlan): string[] {
  const lines: string[] = [];
  for (const file of plan.files) {
    const action = file.action;
    if (action.kind === 'copy') lines.push(`copy    ${file.path} ${action.from} → ${action.from === 'local' ? 'remote' : 'local'}`);
    else if (action.kind === 'remove') lines.push(`delete  ${file.path} on ${action.at} (backed up)`);
    else if (action.kind === 'conflict') lines.push(`conflict ${file.path}: ${action.message}`);
    else if (action.kind === 'skip') lines.push(`skip    ${file.path}: ${action.message}`);
  }
  for (const doc of [plan.settings, plan.projectSettings, plan.history]) {
    if (doc?.changed) lines.push(`merge   ${doc.path} (read both sides, merge, write what changed)`);
  }
  return lines;
}
