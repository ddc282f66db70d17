// One sync between two sides, in the order ARCHITECTURE.md draws: manifests → pair → plan →
// read → build writes → write → record. The only place that sequences I/O; everything it
// calls in between is pure.
import { CLAUDE_JSON } from '../agent/safe-path.js';
import { extrasReads, extrasRequest, planExtras, type ExtrasOptions, type ExtrasPlan } from '../config-sync/extras-plan.js';
import { buildExtrasWrites, type ExtrasItem } from '../config-sync/extras-writes.js';
import { createPathMap, type PathPair } from '../mapping/path-map.js';
import type { Manifest, WriteOp, WriteResult } from '../wire/protocol.js';
import type { Transport } from '../transport/transport.js';
import { formatBytes } from '../display-text.js';
import { buildWrites, readsForPlan, type BuiltWrites, type PreparedWrite, type SideReads } from '../planner/build-writes.js';
import { buildAndWriteInGroups, writeGroups } from './grouped-writes.js';
import { settleReconciles } from '../planner/reconcile.js';
import { contentPairs, pairProjectDirs, type Scope } from '../planner/pair-dirs.js';
import { planSync } from '../planner/plan-sync.js';
import { readManifests } from './read-manifests.js';
import { recordResults, type ActionOutcome } from './record-results.js';
import { writeStops, type SideStop } from './write-stops.js';
import type { AncestorState, FetchedBytes, Plan, PlanOptions, Side } from '../planner/types.js';
import { timed, timedSync } from '../timeline.js';

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
  /** issue #5: config (`--config` …) and history; the scope is filled in from `scope` */
  extras: Omit<ExtrasOptions, 'scope' | 'direction' | 'delete'>;
  dryRun: boolean;
  /** told at each phase (manifests, read, write) with what it has to do; the CLI draws it (cli/progress.ts) */
  onPhase?: (label: string, work?: { count: number; bytes: number; unit: 'bytes' }) => void;
  /** `count` items of the current phase are done (told when a side's batch is back) */
  onAdvance?: (count: number) => void;
  /** `bytes` more of the current phase's data were read or written, as the sides report them */
  onBytes?: (bytes: number) => void;
}

/** "from local", "from ssh:pod", "from local and ssh:pod": the sides a batch goes to. */
function sides(counts: Record<Side, number>, remoteLabel: string): string {
  const names = [counts.local > 0 ? 'local' : undefined, counts.remote > 0 ? remoteLabel : undefined].filter((name) => name !== undefined);
  return names.length === 0 ? 'neither side' : names.join(' and ');
}

function keyOf(side: Side, path: string, offset: number): string {
  return `${side}\u0000${path}\u0000${offset}`;
}

function opBytes(op: WriteOp): number {
  return 'data' in op ? op.data.length : 0;
}

export interface SyncResult {
  plan: Plan;
  manifests: { local: Manifest; remote: Manifest };
  /** undefined on a dry run */
  outcomes?: ActionOutcome[];
  ancestor: AncestorState;
  warnings: string[];
  extrasPlan: ExtrasPlan;
  /** config, settings, project settings and history (issue #5); undefined on a dry run */
  extras?: ExtrasItem[];
  /** sides that stopped writing (full, read-only, no permission); empty when none did */
  stopped?: SideStop[];
}

export async function syncSides(request: SyncRequest): Promise<SyncResult> {
  const { local, ancestor } = request;
  const onPhase = request.onPhase ?? (() => undefined);
  const onAdvance = request.onAdvance ?? (() => undefined);
  const onBytes = request.onBytes;
  onPhase(`reading manifests of ${local.label} and '${request.remoteName}'`);
  const extrasOptions: ExtrasOptions = { ...request.extras, direction: request.options.direction, delete: request.options.delete, scope: request.scope };
  const { local: localManifest, remote: remoteManifest } = await readManifests(local, request.remote, ancestor, request.scope, request.sessionIds, extrasRequest(extrasOptions));
  const remote = await request.remote; // settled by now
  const projectMap = createPathMap(request.userPairs);
  const paired = pairProjectDirs(localManifest, remoteManifest, projectMap, request.remoteName);
  const plan = planSync({ local: localManifest, remote: remoteManifest, ancestor, options: request.options, pairings: paired.pairings });
  const extrasPlan = planExtras(localManifest, remoteManifest, ancestor.config, extrasOptions, remote.label);
  const warnings = [
    ...localManifest.warnings.map((line) => `local: ${line}`),
    ...remoteManifest.warnings.map((line) => `${remote.label}: ${line}`),
    ...paired.warnings,
    ...plan.warnings,
    ...extrasPlan.warnings,
  ];
  const manifests = { local: localManifest, remote: remoteManifest };
  const contentMap = createPathMap(contentPairs(request.userPairs, localManifest, remoteManifest, paired.pairings));
  /** One read turn per side; `quiet`: part of the write phase (a group of a big run), no progress of its own. */
  const readTurn = async (sessionReads: SideReads, more: SideReads, quiet = false): Promise<Map<string, Buffer>> => {
    const reads = { local: [...sessionReads.local, ...more.local], remote: [...sessionReads.remote, ...more.remote] };
    const readBytes = [...reads.local, ...reads.remote].reduce((sum, read) => sum + read.length, 0);
    const readCount = reads.local.length + reads.remote.length;
    if (!quiet) onPhase(`reading ${readCount} file(s) (${formatBytes(readBytes)}) from ${sides({ local: reads.local.length, remote: reads.remote.length }, remote.label)}`, { count: readCount, bytes: readBytes, unit: 'bytes' });
    const advance = quiet ? () => undefined : onAdvance;
    const onRead = quiet ? undefined : onBytes;
    // one turn per side: a side's batch is done when its answer is back
    const [localBytes, remoteBytes] = await Promise.all([
      timed('read local', () => local.read(reads.local, onRead)).then((results) => (advance(reads.local.length), results)),
      timed('read remote', () => remote.read(reads.remote, onRead)).then((results) => (advance(reads.remote.length), results)),
    ]);
    const fetched = new Map<string, Buffer>();
    reads.local.forEach((read, index) => fetched.set(keyOf('local', read.path, read.offset), localBytes[index]?.data ?? Buffer.alloc(0)));
    reads.remote.forEach((read, index) => fetched.set(keyOf('remote', read.path, read.offset), remoteBytes[index]?.data ?? Buffer.alloc(0)));
    return fetched;
  };
  const lookup = (fetched: Map<string, Buffer>): FetchedBytes => (side, path, offset) => {
    const data = fetched.get(keyOf(side, path, offset));
    if (data === undefined) throw new Error(`internal: ${side} ${path}@${offset} was not read`);
    return data;
  };
  if (request.dryRun) {
    // A dry run reads what it must compare (never writes), so it shows what a run would do.
    const compared = plan.actions.filter((action) => action.kind === 'reconcile' || action.kind === 'merge');
    if (compared.length === 0) return { plan, manifests, ancestor, warnings, extrasPlan };
    const fetched = await readTurn(readsForPlan({ ...plan, actions: compared }), { local: [], remote: [] });
    const settled = settleReconciles(plan, lookup(fetched), contentMap);
    return { plan: settled.plan, manifests, ancestor, warnings: [...warnings, ...settled.warnings], extrasPlan };
  }

  // Config and history ride in the sessions' read and write turns (issue #3: ≤ 3 turns). A big
  // run of copies and appends (a first sync) reads its sessions group by group while it writes.
  const readInGroups = writeGroups(plan) !== undefined;
  const fetched = await readTurn(readInGroups ? { local: [], remote: [] } : readsForPlan(plan), extrasReads(extrasPlan));
  const settled = settleReconciles(plan, lookup(fetched), contentMap);
  warnings.push(...settled.warnings);
  const where = (side: Side, path: string): string => {
    const label = side === 'local' ? 'local' : remote.label;
    return path === CLAUDE_JSON ? `${label} ${CLAUDE_JSON} (global config)` : `${label} ${manifests[side].claudeDir}/${path}`;
  };
  // Before any write: a settings.json that is not JSON stops the run here, nothing changed.
  const extras = buildExtrasWrites(extrasPlan, {
    fetched: (side, path) => fetched.get(keyOf(side, path, 0)),
    previous: ancestor.config,
    contentMap,
    projectMap,
    now: request.options.now,
    where,
  });
  const indexRemovals: PreparedWrite[] = settled.plan.removeIndexes.map((endpoint) => ({
    action: -1,
    side: endpoint.side,
    op: { kind: 'remove', path: endpoint.path, expect: { any: true }, backup: true } satisfies WriteOp,
  }));
  const extrasBySide = (side: Side): WriteOp[] => extras.writes.filter((write) => write.side === side).map((write) => write.op);
  const tailOf = (side: Side): WriteOp[] => [...indexRemovals.filter((write) => write.side === side).map((write) => write.op), ...extrasBySide(side)];
  // a plan of copies and appends only settles to itself: read in groups → written in groups
  const groups = writeGroups(settled.plan);
  if (readInGroups && groups === undefined) throw new Error('internal: a plan read in groups is not written in groups');
  let built: BuiltWrites;
  let localResults: WriteResult[];
  let remoteResults: WriteResult[];
  const none: SideReads = { local: [], remote: [] };
  const readGroup = async (group: Plan['actions']): Promise<FetchedBytes> => (readInGroups ? lookup(await readTurn(readsForPlan({ ...settled.plan, actions: group }), none, true)) : lookup(fetched));
  if (groups) {
    // A big run of copies and appends (a first sync): rewritten group by group while the first groups are sent.
    const streamed = groups.flat();
    const counts = { local: streamed.filter((action) => action.to.side === 'local').length + tailOf('local').length, remote: streamed.filter((action) => action.to.side === 'remote').length + tailOf('remote').length };
    const writeBytes = streamed.reduce((sum, action) => sum + action.length, 0) + [...tailOf('local'), ...tailOf('remote')].reduce((sum, op) => sum + opBytes(op), 0);
    // one phase: each group is read, rewritten and written while the next is read
    const from = { local: streamed.filter((action) => action.from.side === 'local').length, remote: streamed.filter((action) => action.from.side === 'remote').length };
    onPhase(`copying ${counts.local + counts.remote} change(s) (${formatBytes(writeBytes)}) from ${sides(from, remote.label)} to ${sides(counts, remote.label)}`, { count: counts.local + counts.remote, bytes: writeBytes, unit: 'bytes' });
    const done = await buildAndWriteInGroups({ plan: settled.plan, groups, readGroup, map: contentMap, sides: { local, remote }, tail: { local: tailOf('local'), remote: tailOf('remote') }, onAdvance, onBytes });
    built = done.built;
    localResults = done.results.local;
    remoteResults = done.results.remote;
  } else {
    built = timedSync('rewrite', () => buildWrites(settled.plan, lookup(fetched), contentMap, settled.merged));
    const atOnce = [...built.writes, ...indexRemovals];
    const ops = { local: [...atOnce.filter((write) => write.side === 'local').map((write) => write.op), ...extrasBySide('local')], remote: [...atOnce.filter((write) => write.side === 'remote').map((write) => write.op), ...extrasBySide('remote')] };
    const writeCount = ops.local.length + ops.remote.length;
    const writeBytes = [...ops.local, ...ops.remote].reduce((sum, op) => sum + opBytes(op), 0);
    onPhase(`writing ${writeCount} change(s) (${formatBytes(writeBytes)}) to ${sides({ local: ops.local.length, remote: ops.remote.length }, remote.label)}`, { count: writeCount, bytes: writeBytes, unit: 'bytes' });
    [localResults, remoteResults] = await Promise.all([
      timed('write local', () => local.write(ops.local, onBytes)).then((results) => (onAdvance(ops.local.length), results)),
      timed('write remote', () => remote.write(ops.remote, onBytes)).then((results) => (onAdvance(ops.remote.length), results)),
    ]);
  }
  warnings.push(...built.notes);
  const writes = [...built.writes, ...indexRemovals];
  const bySide = (side: Side): PreparedWrite[] => writes.filter((write) => write.side === side);
  const extrasResults = splitExtrasResults(extras.writes, {
    local: localResults.slice(bySide('local').length),
    remote: remoteResults.slice(bySide('remote').length),
  });
  const finished = extras.finish(extrasResults);
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
    plan: settled.plan,
    converged: built.converged,
    local: localManifest,
    remote: remoteManifest,
    ancestor,
    writes: built.writes,
    results: built.writes.map(
      (write): WriteResult => resultOf.get(write) ?? { ok: false, path: write.op.path, code: 'io', message: 'no answer for this write' },
    ),
  });
  for (const outcome of recorded.outcomes) {
    if (outcome.status === 'skipped' && outcome.action.kind !== 'skip' && outcome.message !== undefined) warnings.push(`${outcome.action.key}: ${outcome.message}`);
  }
  for (const removal of indexRemovals) {
    const result = resultOf.get(removal);
    if (result && !result.ok) warnings.push(`could not remove stale ${removal.op.path} on ${removal.side}: ${result.message}; delete it by hand so Claude Code rebuilds it`);
  }
  const nextAncestor: AncestorState = { ...recorded.ancestor, config: finished.ancestor };
  const stopped = writeStops(
    { local: localResults, remote: remoteResults },
    { local: { label: local.label, claudeDir: localManifest.claudeDir }, remote: { label: remote.label, claudeDir: remoteManifest.claudeDir } },
  );
  return { plan: settled.plan, manifests, outcomes: recorded.outcomes, ancestor: nextAncestor, warnings, extrasPlan, extras: finished.items, stopped };
}

/** Each extras write's result, in `writes` order, from the tails of the two sides' batches. */
function splitExtrasResults(writes: ReadonlyArray<{ side: Side }>, results: Record<Side, WriteResult[]>): Array<WriteResult | undefined> {
  const next: Record<Side, number> = { local: 0, remote: 0 };
  return writes.map((write) => results[write.side][next[write.side]++]);
}
