// One sync between two sides, in the order ARCHITECTURE.md draws: manifests → pair → plan →
// read → build writes → write → record. The only place that sequences I/O; everything it
// calls in between is pure.
import { createPathMap, type PathPair } from '../mapping/path-map.js';
import type { Manifest, WriteOp, WriteResult } from '../transport/protocol.js';
import type { Transport } from '../transport/transport.js';
import { buildWrites, readsForPlan, type PreparedWrite } from './build-writes.js';
import { contentPairs, pairProjectDirs, type Scope } from './pair-dirs.js';
import { planSync } from './plan-sync.js';
import { readManifests } from './read-manifests.js';
import { recordResults, type ActionOutcome } from './record-results.js';
import type { AncestorState, Plan, PlanOptions, Side } from './types.js';

export interface SyncRequest {
  remoteName: string;
  local: Transport;
  /** may still be opening: the local manifest is read meanwhile */
  remote: Transport | Promise<Transport>;
  ancestor: AncestorState;
  userPairs: readonly PathPair[];
  scope: Scope;
  sessionIds?: string[];
  options: PlanOptions;
  dryRun: boolean;
  /** progress lines for stderr */
  progress?: (line: string) => void;
}

export interface SyncResult {
  plan: Plan;
  manifests: { local: Manifest; remote: Manifest };
  /** undefined on a dry run */
  outcomes?: ActionOutcome[];
  ancestor: AncestorState;
  warnings: string[];
}

export async function syncSides(request: SyncRequest): Promise<SyncResult> {
  const { local, ancestor } = request;
  const progress = request.progress ?? (() => undefined);
  progress(`reading manifests of ${local.label} and '${request.remoteName}'`);
  const { local: localManifest, remote: remoteManifest } = await readManifests(local, request.remote, ancestor, request.scope, request.sessionIds);
  const remote = await request.remote; // settled by now
  const projectMap = createPathMap(request.userPairs);
  const paired = pairProjectDirs(localManifest, remoteManifest, projectMap, request.remoteName);
  const plan = planSync({ local: localManifest, remote: remoteManifest, ancestor, options: request.options, pairings: paired.pairings });
  const warnings = [
    ...localManifest.warnings.map((line) => `local: ${line}`),
    ...remoteManifest.warnings.map((line) => `${remote.label}: ${line}`),
    ...paired.warnings,
    ...plan.warnings,
  ];
  const manifests = { local: localManifest, remote: remoteManifest };
  if (request.dryRun) return { plan, manifests, ancestor, warnings };

  const reads = readsForPlan(plan);
  progress(`reading ${reads.local.length + reads.remote.length} byte range(s)`);
  const [localBytes, remoteBytes] = await Promise.all([local.read(reads.local), remote.read(reads.remote)]);
  const fetched = new Map<string, Buffer>();
  const keyOf = (side: Side, path: string, offset: number): string => `${side}\u0000${path}\u0000${offset}`;
  reads.local.forEach((read, index) => fetched.set(keyOf('local', read.path, read.offset), localBytes[index]?.data ?? Buffer.alloc(0)));
  reads.remote.forEach((read, index) => fetched.set(keyOf('remote', read.path, read.offset), remoteBytes[index]?.data ?? Buffer.alloc(0)));
  const contentMap = createPathMap(contentPairs(request.userPairs, localManifest, remoteManifest, paired.pairings));
  const built = buildWrites(
    plan,
    (side, path, offset) => {
      const data = fetched.get(keyOf(side, path, offset));
      if (data === undefined) throw new Error(`internal: ${side} ${path}@${offset} was not read`);
      return data;
    },
    contentMap,
  );
  warnings.push(...built.notes);
  const indexRemovals: PreparedWrite[] = plan.removeIndexes.map((endpoint) => ({
    action: -1,
    side: endpoint.side,
    op: { kind: 'remove', path: endpoint.path, expect: { any: true }, backup: true } satisfies WriteOp,
  }));
  const writes = [...built.writes, ...indexRemovals];
  const bySide = (side: Side): PreparedWrite[] => writes.filter((write) => write.side === side);
  progress(`writing ${writes.length} change(s)`);
  const [localResults, remoteResults] = await Promise.all([
    local.write(bySide('local').map((write) => write.op)),
    remote.write(bySide('remote').map((write) => write.op)),
  ]);
  const resultOf = new Map<PreparedWrite, WriteResult>();
  bySide('local').forEach((write, index) => {
    const result = localResults[index];
    if (result) resultOf.set(write, result);
  });
  bySide('remote').forEach((write, index) => {
    const result = remoteResults[index];
    if (result) resultOf.set(write, result);
  });
  const recorded = recordResults({
    plan,
    local: localManifest,
    remote: remoteManifest,
    ancestor,
    writes: built.writes,
    results: built.writes.map(
      (write): WriteResult => resultOf.get(write) ?? { ok: false, path: write.op.path, code: 'io', message: 'no answer for this write' },
    ),
  });
  for (const removal of indexRemovals) {
    const result = resultOf.get(removal);
    if (result && !result.ok) warnings.push(`could not remove stale ${removal.op.path} on ${removal.side}: ${result.message}; delete it by hand so Claude Code rebuilds it`);
  }
  return { plan, manifests, outcomes: recorded.outcomes, ancestor: recorded.ancestor, warnings };
}
