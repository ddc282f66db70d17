// `status` for the sessions the quick check cannot place (no sync state, or a copy whose
// last-synced prefix changed — another pair's merge, a rewrite): both whole copies are read in
// one turn per side and compared as a sync would (planner/reconcile.ts), so status says what
// the next sync will do instead of guessing "conflict" (issue #13).
import { createPathMap, type PathPair } from '../mapping/path-map.js';
import { readsForPlan } from '../planner/build-writes.js';
import type { KeyStatus } from '../planner/plan-classify.js';
import { contentPairs, pairProjectDirs } from '../planner/pair-dirs.js';
import { planSync } from '../planner/plan-sync.js';
import { settleReconciles, type MergeResult } from '../planner/reconcile.js';
import type { Action, AncestorState, LogicalKey, Side } from '../planner/types.js';
import type { Transport } from '../transport/transport.js';
import type { Manifest } from '../wire/protocol.js';

export interface CompareRequest {
  local: Transport;
  remote: Transport;
  manifests: { local: Manifest; remote: Manifest };
  ancestor: AncestorState;
  userPairs: readonly PathPair[];
  remoteName: string;
  /** the keys whose status is wanted */
  keys: ReadonlySet<LogicalKey>;
}

function statusOf(action: Action | undefined, merged: MergeResult | undefined): KeyStatus | undefined {
  if (action === undefined) return undefined;
  if (action.kind === 'record') return 'in-sync';
  if (action.kind === 'fork' || action.kind === 'skip') return 'conflict';
  if (action.kind !== 'merge' || merged === undefined) return undefined;
  const gains = (side: Side): boolean => !merged.next[side].equals(merged.old[side]);
  if (gains('local') && gains('remote')) return 'diverged';
  return gains('remote') ? 'local-ahead' : 'remote-ahead';
}

/** The status of each wanted key that needs a comparison; keys that need none are left out. */
export async function compareForStatus(request: CompareRequest): Promise<Map<LogicalKey, KeyStatus>> {
  const { local, remote } = request.manifests;
  const paired = pairProjectDirs(local, remote, createPathMap(request.userPairs), request.remoteName);
  // Read-only: a live session is compared too (`force`), nothing is written.
  const plan = planSync({ local, remote, ancestor: request.ancestor, options: { direction: 'sync', delete: false, force: true, now: 0 }, pairings: paired.pairings });
  const compared = { ...plan, actions: plan.actions.filter((action) => action.kind === 'reconcile' && request.keys.has(action.key)) };
  const out = new Map<LogicalKey, KeyStatus>();
  if (compared.actions.length === 0) return out;
  const reads = readsForPlan(compared);
  const [localBytes, remoteBytes] = await Promise.all([request.local.read(reads.local), request.remote.read(reads.remote)]);
  const fetched = new Map<string, Buffer>();
  const keyOf = (side: Side, path: string): string => `${side}\u0000${path}`;
  reads.local.forEach((read, index) => fetched.set(keyOf('local', read.path), localBytes[index]?.data ?? Buffer.alloc(0)));
  reads.remote.forEach((read, index) => fetched.set(keyOf('remote', read.path), remoteBytes[index]?.data ?? Buffer.alloc(0)));
  const map = createPathMap(contentPairs(request.userPairs, local, remote, paired.pairings));
  const settled = settleReconciles(compared, (side, path) => fetched.get(keyOf(side, path)) ?? Buffer.alloc(0), map);
  settled.plan.actions.forEach((action, index) => {
    const status = statusOf(action, settled.merged.get(index));
    if (status !== undefined) out.set(action.key, status);
  });
  return out;
}
