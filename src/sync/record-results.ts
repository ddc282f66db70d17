// After the writes: what each action achieved, and the new ancestor. Pure. An action counts
// as done only when every write it needed reported success, so the state never records more
// than reached disk (issue #3, "Interruptions").
import type { FileEntry, Manifest, WriteResult } from '../wire/protocol.js';
import { writeBytes, type PreparedWrite } from '../planner/build-writes.js';
import type { Action, AncestorEntry, AncestorState, Plan, Side, SideRecord } from '../planner/types.js';

/** The start of a skipped outcome's message when another program wrote the file meanwhile. */
export const RACED = 'changed while ccsync wrote it (another program writes it too); left for the next run';

export interface ActionOutcome {
  action: Action;
  status: 'done' | 'failed' | 'skipped' | 'conflict';
  /** bytes that reached disk on the target side(s): failed writes count nothing */
  bytes: number;
  message?: string;
  /** failed because its side stopped writing (full, read-only, no permission): reported once per side */
  stopped?: true;
}

export interface RecordInput {
  plan: Plan;
  local: Manifest;
  remote: Manifest;
  ancestor: AncestorState;
  writes: PreparedWrite[];
  /** results in the same order as `writes` */
  results: WriteResult[];
  /** merges after which both sides are equal although one was not written (build-writes.ts) */
  converged?: ReadonlySet<number>;
}

function entryAt(manifest: Manifest, path: string): FileEntry | undefined {
  return manifest.files.find((file) => file.path === path);
}

function recordFromManifest(manifest: Manifest, path: string, previous: SideRecord | undefined): SideRecord | undefined {
  const entry = entryAt(manifest, path);
  if (entry === undefined) return undefined;
  if (entry.unchanged) return previous;
  if (entry.fp === undefined) return undefined;
  return { path, size: entry.size, mtimeMs: entry.mtimeMs, len: entry.completeLen ?? entry.size, fp: entry.fp };
}

function recordFromWrite(result: WriteResult): SideRecord | undefined {
  if (!result.ok || result.size === undefined || result.mtimeMs === undefined || result.fp === undefined) return undefined;
  // After a write ccsync made, the file ends on a line boundary: every byte is "complete".
  return { path: result.path, size: result.size, mtimeMs: result.mtimeMs, len: result.size, fp: result.fp };
}

function pathOn(action: Action, side: Side): string | undefined {
  switch (action.kind) {
    case 'copy':
    case 'append':
    case 'replace':
      return action.from.side === side ? action.from.path : action.to.path;
    case 'fork':
      return action.from.side === side ? action.from.path : action.counterpart.path;
    case 'record':
      return action[side];
    case 'merge':
      return action[side].path;
    case 'delete':
      return action.at.side === side ? action.at.path : undefined;
    default:
      return undefined;
  }
}

export function recordResults(input: RecordInput): { ancestor: AncestorState; outcomes: ActionOutcome[] } {
  const entries: Record<string, AncestorEntry> = { ...input.ancestor.entries };
  const byAction = new Map<number, Array<{ write: PreparedWrite; result: WriteResult }>>();
  input.writes.forEach((write, index) => {
    const result = input.results[index];
    if (result === undefined) return;
    const list = byAction.get(write.action) ?? [];
    list.push({ write, result });
    byAction.set(write.action, list);
  });
  const outcomes = input.plan.actions.map((action, index): ActionOutcome => {
    const done = byAction.get(index) ?? [];
    const failed = done.find((item) => !item.result.ok);
    const bytes = done.reduce((sum, item) => sum + (item.result.ok ? writeBytes(item.write) : 0), 0);
    if (action.kind === 'skip') {
      return { action, status: action.reason === 'conflict' ? 'conflict' : 'skipped', bytes: 0, message: action.message };
    }
    if (failed && !failed.result.ok) {
      // issue #13, defect 7: a file that moved on under the write (another program writes it
      // too) is a race, not a failure: nothing is recorded, the next run plans it afresh
      const raced = done.every((item) => item.result.ok || item.result.code === 'changed');
      const message = `${failed.result.path}: ${failed.result.message}`;
      if (raced) return { action, status: 'skipped', bytes, message: `${RACED}: ${message}` };
      return { action, status: 'failed', bytes, message, ...(failed.result.stop ? { stopped: true as const } : {}) };
    }
    const previous = entries[action.key];
    if (action.kind === 'delete') {
      delete entries[action.key];
      return { action, status: 'done', bytes: 0 };
    }
    if (action.kind === 'merge' && !action.advanceAncestor && input.converged?.has(index) !== true) {
      return { action, status: 'done', bytes };
    }
    const sideRecord = (side: Side): SideRecord | undefined => {
      // A fork writes a new session beside the key's file; the key's own copies are unchanged.
      const written = action.kind === 'fork' ? undefined : done.find((item) => item.write.side === side);
      if (written) return recordFromWrite(written.result);
      const path = pathOn(action, side);
      if (path === undefined) return undefined;
      return recordFromManifest(side === 'local' ? input.local : input.remote, path, previous?.[side]);
    };
    const local = sideRecord('local');
    const remote = sideRecord('remote');
    if (local && remote) {
      entries[action.key] =
        action.kind === 'fork' ? { local, remote, conflict: { forkId: action.forkId, reason: action.reason } } : { local, remote };
    }
    return { action, status: action.kind === 'fork' ? 'conflict' : 'done', bytes };
  });
  return { ancestor: { version: 1, entries }, outcomes };
}
