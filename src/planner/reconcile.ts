// After the read turn: each `reconcile` of the plan becomes what its two whole copies call for
// (planner/compare-copies.ts) — `record` when they are the same lines in the same order, a
// `merge` (its result computed here, handed to build-writes) when they only added lines, or
// the planned fork or conflict skip when a history was really rewritten; a session that
// forks holds its companions, as plan-sync does for forks it knows of at plan time. Planned
// merges are computed here too: one that changes no side is a `record`, one that would change
// only a side this run may not write is dropped (a push has nothing to say about it). Pure, so
// a dry run shows the same (it reads, it does not write).
import type { PathMap } from '../mapping/path-map.js';
import { rewriteLineBytes } from '../mapping/rewrite-jsonl.js';
import { compareCopies, type CopiesVerdict } from './compare-copies.js';
import { commonLinePrefix, mergeLines, mergeTails } from './merge.js';
import { isTranscriptKey, sessionIdOfKey, splitProjectPath } from './plan-keys.js';
import { writtenEndpoints } from './plan-report.js';
import type { Action, FetchedBytes, Plan, Side } from './types.js';

/** A merge whose result is known: per side the bytes kept in place, the old tail and the new one. */
export interface MergeResult {
  keep: Record<Side, number>;
  old: Record<Side, Buffer>;
  next: Record<Side, Buffer>;
}

export interface Settled {
  plan: Plan;
  /** results of merges decided here, by index into `plan.actions` */
  merged: Map<number, MergeResult>;
  warnings: string[];
}

/** The merge of what follows each side's `keep` (after the common lines, when there is no ancestor). */
export function mergeResult(action: Extract<Action, { kind: 'merge' }>, fetched: FetchedBytes, map: PathMap): MergeResult {
  let localTail = fetched('local', action.local.path, action.local.keep);
  let remoteTail = fetched('remote', action.remote.path, action.remote.keep);
  let localKeep = action.local.keep;
  let remoteKeep = action.remote.keep;
  const toLocal = (line: Buffer): Buffer => rewriteLineBytes(map, line, 'toLocal');
  const toRemote = (line: Buffer): Buffer => rewriteLineBytes(map, line, 'toRemote');
  if (localKeep === 0 && remoteKeep === 0) {
    // The copies may share a history that was copied by hand; keep it in place.
    const common = commonLinePrefix(localTail, remoteTail, toLocal);
    localKeep = common.localLen;
    remoteKeep = common.remoteLen;
    localTail = localTail.subarray(common.localLen);
    remoteTail = remoteTail.subarray(common.remoteLen);
  }
  const tails = mergeTails(localTail, remoteTail, toLocal, toRemote);
  return { keep: { local: localKeep, remote: remoteKeep }, old: { local: localTail, remote: remoteTail }, next: { local: tails.local, remote: tails.remote } };
}

type Reconcile = Extract<Action, { kind: 'reconcile' }>;

function settleOne(action: Reconcile, fetched: FetchedBytes, map: PathMap, direction: Plan['direction']): { action: Action; merged?: MergeResult; warnings: string[] } {
  const data = { local: fetched('local', action.local.path, 0), remote: fetched('remote', action.remote.path, 0) };
  const toLocal = (line: Buffer): Buffer => rewriteLineBytes(map, line, 'toLocal');
  const toRemote = (line: Buffer): Buffer => rewriteLineBytes(map, line, 'toRemote');
  const verdict = compareCopies({ ...data, toLocal, toRemote, ...(action.agreed ? { agreed: action.agreed } : {}), shrank: action.shrank });
  if (action.recordedConflict !== undefined) return settleRecordedConflict(action, verdict);
  if (verdict.kind === 'rewritten') {
    const chosen = action.ifRewritten.kind === 'fork' ? { ...action.ifRewritten, reason: verdict.reason } : action.ifRewritten;
    return { action: chosen, warnings: [] };
  }
  // A one-way run gives the target the source's order of the same lines: the copies end equal.
  const source: Side | undefined = direction === 'push' ? 'local' : direction === 'pull' ? 'remote' : undefined;
  const tails = mergeLines(verdict.lines.local, verdict.lines.remote, toRemote, verdict.sameKeys ? source : undefined);
  const merged: MergeResult = {
    keep: verdict.keep,
    old: { local: data.local.subarray(verdict.keep.local), remote: data.remote.subarray(verdict.keep.remote) },
    next: { local: tails.local, remote: tails.remote },
  };
  const merge: Action = {
    kind: 'merge',
    key: action.key,
    local: { ...action.local, keep: verdict.keep.local },
    remote: { ...action.remote, keep: verdict.keep.remote },
    writeSides: action.writeSides,
    advanceAncestor: action.advanceAncestor,
    mtimeMs: action.mtimeMs,
  };
  return { action: merge, merged, warnings: action.mergeWarnings };
}

/**
 * A conflict recorded by an earlier fork clears only when both copies are equal line for line
 * after path mapping (the common leading lines are all of both); the fork copy is left as it is.
 */
function settleRecordedConflict(action: Reconcile, verdict: CopiesVerdict): { action: Action; warnings: string[] } {
  const equal = verdict.kind === 'mergeable' && verdict.lines.local.length === 0 && verdict.lines.remote.length === 0;
  if (!equal) return { action: action.ifRewritten, warnings: [] };
  const forkId = action.recordedConflict?.forkId ?? '';
  return {
    action: { kind: 'record', key: action.key, local: action.local.path, remote: action.remote.path },
    warnings: [`${action.key}: the two copies are equal again — the conflict recorded by an earlier run resolved itself (the copy kept as session ${forkId} is left as it is)`],
  };
}

/**
 * A merge that changes neither side is a `record` (the copies hold the same lines in the same
 * order); one that would change only a side this run may not write is nothing to do.
 */
function sizedUp(action: Extract<Action, { kind: 'merge' }>, merged: MergeResult): Action | undefined {
  const changes = (side: Side): boolean => !merged.next[side].equals(merged.old[side]);
  if (!changes('local') && !changes('remote')) return { kind: 'record', key: action.key, local: action.local.path, remote: action.remote.path };
  return action.writeSides.some(changes) ? action : undefined;
}

/** A companion of a session that forks waits until the session is resolved (plan-sync.ts). */
function held(action: Action, sid: string): Action {
  if (action.kind === 'skip' || action.kind === 'record') return action;
  return { kind: 'skip', key: action.key, reason: 'blob-conflict', message: `session ${sid} is in conflict (see ${sid}.jsonl): its companion files are left alone until that is resolved` };
}

export function settleReconciles(plan: Plan, fetched: FetchedBytes, map: PathMap): Settled {
  const merged = new Map<number, MergeResult>();
  const warnings: string[] = [];
  const forked = new Set<string>();
  const results = new Map<Action, MergeResult>();
  const actions = plan.actions.flatMap((action): Action[] => {
    if (action.kind === 'merge') {
      const result = mergeResult(action, fetched, map);
      const kept = sizedUp(action, result);
      if (kept?.kind === 'merge') results.set(kept, result);
      return kept ? [kept] : [];
    }
    if (action.kind !== 'reconcile') return [action];
    const settled = settleOne(action, fetched, map, plan.direction);
    const sid = sessionIdOfKey(action.key);
    if (sid !== undefined && isTranscriptKey(action.key) && (settled.action.kind === 'fork' || settled.action.kind === 'skip')) forked.add(sid);
    if (settled.merged === undefined || settled.action.kind !== 'merge') {
      warnings.push(...settled.warnings);
      return [settled.action];
    }
    const kept = sizedUp(settled.action, settled.merged);
    if (kept?.kind === 'merge') {
      results.set(kept, settled.merged);
      warnings.push(...settled.warnings);
    }
    return kept ? [kept] : [];
  });
  const final = actions.map((action) => {
    const sid = sessionIdOfKey(action.key);
    if (sid === undefined || isTranscriptKey(action.key) || !forked.has(sid)) return action;
    return held(action, sid);
  });
  final.forEach((action, index) => {
    const result = results.get(action);
    if (result !== undefined) merged.set(index, result);
  });
  // A stale sessions-index.json is removed only beside a file that is really written.
  const writtenDirs = new Set(final.flatMap(writtenEndpoints).map((endpoint) => `${endpoint.side}\u0000${splitProjectPath(endpoint.path)?.dir ?? ''}`));
  const removeIndexes = plan.removeIndexes.filter((index) => writtenDirs.has(`${index.side}\u0000${splitProjectPath(index.path)?.dir ?? ''}`));
  return { plan: { ...plan, actions: final, removeIndexes }, merged, warnings };
}
