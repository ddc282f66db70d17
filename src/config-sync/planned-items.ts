// A dry run's config, settings and history as the same objects a real run reports (issue #10:
// `--json` has one shape for both), with status `planned` for what would be written.
import type { ExtrasPlan } from './extras-plan.js';
import type { ExtrasItem } from './extras-writes.js';

export interface PlannedExtrasItem extends Omit<ExtrasItem, 'status'> {
  status: ExtrasItem['status'] | 'planned';
}

/** Bytes the config copies would write (merged documents are unknown until read: not counted). */
export function plannedExtrasBytes(plan: ExtrasPlan): number {
  return plan.files.reduce((sum, file) => sum + (file.action.kind === 'copy' ? file.action.length : 0), 0);
}

export function plannedExtrasItems(plan: ExtrasPlan): PlannedExtrasItem[] {
  const items: PlannedExtrasItem[] = [];
  for (const file of plan.files) {
    const action = file.action;
    const base = { area: 'config' as const, path: file.path };
    if (action.kind === 'copy') items.push({ ...base, status: 'planned', detail: `copy ${action.from} → ${action.from === 'local' ? 'remote' : 'local'}` });
    else if (action.kind === 'remove') items.push({ ...base, status: 'planned', detail: `delete on ${action.at} (backed up)` });
    else if (action.kind === 'conflict') items.push({ ...base, status: 'conflict', detail: action.message });
    else if (action.kind === 'skip') items.push({ ...base, status: 'skipped', detail: action.message });
    else items.push({ ...base, status: 'in-sync' });
  }
  const documents = [
    ['settings', plan.settings],
    ['project-settings', plan.projectSettings],
    ['history', plan.history],
  ] as const;
  for (const [area, doc] of documents) {
    if (doc === undefined) continue;
    items.push(doc.changed ? { area, path: doc.path, status: 'planned', detail: 'read both sides, merge, write what changed' } : { area, path: doc.path, status: 'in-sync' });
  }
  return items;
}
