// After the writes: which resolutions took effect, and the new ancestor. Pure. A session's
// conflict is cleared only when every write of its new content reported success, so the state
// never records more than reached disk (ARCHITECTURE.md, "Writes").
import type { WriteResult } from '../wire/protocol.js';
import type { AncestorEntry, AncestorState, Side, SideRecord } from '../planner/types.js';
import type { Choice, RecordSource, Resolution } from './resolve-types.js';

export interface ResolutionOutcome {
  sessionId: string;
  choice: Choice;
  /** resolved: the conflict is cleared; blocked: nothing written; failed: a write of S or its new copy failed */
  status: 'resolved' | 'blocked' | 'failed';
  /** ops that were planned, with what became of each (`planned` on a dry run) */
  ops: Array<{ side: Side; what: string; status: 'done' | 'failed' | 'not run' | 'planned'; message?: string }>;
  notes: string[];
  message?: string;
}

function recordFromWrite(result: WriteResult | undefined): SideRecord | undefined {
  if (result === undefined || !result.ok || result.size === undefined || result.mtimeMs === undefined || result.fp === undefined) return undefined;
  // A file ccsync wrote ends on a line boundary: every byte is complete.
  return { path: result.path, size: result.size, mtimeMs: result.mtimeMs, len: result.size, fp: result.fp };
}

/** The outcome a dry run foresees. */
export function plannedOutcome(resolution: Resolution): ResolutionOutcome {
  const base = { sessionId: resolution.sessionId, choice: resolution.choice, notes: resolution.notes };
  if (resolution.blocked !== undefined) return { ...base, status: 'blocked', ops: [], message: resolution.blocked };
  return { ...base, status: 'resolved', ops: resolution.ops.map((op) => ({ side: op.side, what: op.what, status: 'planned' as const })) };
}

/**
 * `results[i][j]` answers op j of resolution i; undefined when it was not run (its phase-1
 * ops failed). Index removals and fork-copy removals that fail are reported but do not keep
 * the conflict: the session's histories are already where the choice puts them.
 */
export function recordResolutions(
  ancestor: AncestorState,
  resolutions: readonly Resolution[],
  results: ReadonlyArray<ReadonlyArray<WriteResult | undefined>>,
): { ancestor: AncestorState; outcomes: ResolutionOutcome[] } {
  const entries: Record<string, AncestorEntry> = { ...ancestor.entries };
  const outcomes = resolutions.map((resolution, index): ResolutionOutcome => {
    if (resolution.blocked !== undefined) return plannedOutcome(resolution);
    const answers = results[index] ?? [];
    const ops = resolution.ops.map((op, opIndex) => {
      const result = answers[opIndex];
      if (result === undefined) return { side: op.side, what: op.what, status: 'not run' as const };
      return result.ok ? { side: op.side, what: op.what, status: 'done' as const } : { side: op.side, what: op.what, status: 'failed' as const, message: result.message };
    });
    const sideRecord = (source: RecordSource): SideRecord | undefined => ('record' in source ? source.record : recordFromWrite(answers[source.op]));
    const settled = resolution.records.map((planned) => ({ key: planned.key, local: sideRecord(planned.local), remote: sideRecord(planned.remote) }));
    const [session] = settled;
    const base = { sessionId: resolution.sessionId, choice: resolution.choice, notes: resolution.notes, ops };
    if (session === undefined || session.local === undefined || session.remote === undefined) {
      const failed = ops.find((op) => op.status === 'failed');
      return { ...base, status: 'failed', message: failed?.message ?? 'a write of the new content did not happen: the conflict stays' };
    }
    for (const { key, local, remote } of settled) if (local && remote) entries[key] = { local, remote };
    for (const { key, ops: removals } of resolution.forget) {
      if (removals.every((opIndex) => answers[opIndex]?.ok === true)) delete entries[key];
    }
    return { ...base, status: 'resolved' };
  });
  return { ancestor: { version: 1, entries }, outcomes };
}
