// A big run of copies and appends (a first sync: hundreds of MB) is rewritten and written in
// groups (issue #11): the paths of the next group are rewritten while the transport
// compresses and sends the ones before, instead of rewriting everything first. Each group is
// one write call per side, in plan order, so the results come back in the order of the writes;
// each op stays atomic on its own (put: temp file + rename), as in one call.
import { buildWrites, type BuiltWrites, type FetchedBytes, type PreparedWrite } from '../planner/build-writes.js';
import type { PathMap } from '../mapping/path-map.js';
import type { Action, Plan, Side } from '../planner/types.js';
import type { OnBytes, Transport } from '../transport/transport.js';
import type { WriteOp, WriteResult } from '../wire/protocol.js';
import { timed, timedSync } from '../timeline.js';

/** Below this many bytes read, a run is built and written at once (the usual incremental run). */
export const GROUPED_FROM_BYTES = 32 * 1024 * 1024;
/** Bytes read per group: a few of the transport's write batches. */
export const GROUP_BYTES = 16 * 1024 * 1024;

type Streamed = Extract<Action, { kind: 'copy' | 'append' }>;

function isStreamed(action: Action): action is Streamed {
  return action.kind === 'copy' || action.kind === 'append';
}

/**
 * The plan's actions in groups of about GROUP_BYTES, or undefined when the run is small or holds
 * anything but copies and appends (merges, forks, replacements: built at once, as before).
 */
export function writeGroups(plan: Plan): Streamed[][] | undefined {
  if (!plan.actions.every(isStreamed)) return undefined;
  const actions = plan.actions.filter(isStreamed);
  if (actions.reduce((sum, action) => sum + action.length, 0) < GROUPED_FROM_BYTES) return undefined;
  const groups: Streamed[][] = [];
  let current: Streamed[] = [];
  let bytes = 0;
  for (const action of actions) {
    if (current.length > 0 && bytes + action.length > GROUP_BYTES) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(action);
    bytes += action.length;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

export interface GroupedRun {
  plan: Plan;
  groups: Streamed[][];
  fetched: FetchedBytes;
  map: PathMap;
  sides: Record<Side, Transport>;
  /** written after the groups, one call per side (stale index removals, config and history) */
  tail: Record<Side, WriteOp[]>;
  onAdvance: (count: number) => void;
  /** bytes of op data handled (the progress bar) */
  onBytes?: OnBytes | undefined;
}

/** Build and write group by group; the results per side in the order of the ops written. */
export async function buildAndWriteInGroups(run: GroupedRun): Promise<{ built: BuiltWrites; results: Record<Side, WriteResult[]> }> {
  const writes: PreparedWrite[] = [];
  const notes: string[] = [];
  const calls: Record<Side, Array<Promise<WriteResult[]>>> = { local: [], remote: [] };
  const write = (side: Side, ops: WriteOp[]): void => {
    if (ops.length === 0) return;
    const call = timed(`write ${side}`, () => run.sides[side].write(ops, run.onBytes)).then((results) => (run.onAdvance(ops.length), results));
    call.catch(() => undefined); // awaited below, in order
    calls[side].push(call);
  };
  let offset = 0;
  for (const group of run.groups) {
    const part = timedSync('rewrite', () => buildWrites({ ...run.plan, actions: group }, run.fetched, run.map));
    for (const prepared of part.writes) writes.push({ ...prepared, action: prepared.action + offset });
    notes.push(...part.notes);
    offset += group.length;
    for (const side of ['local', 'remote'] as const) write(side, part.writes.filter((prepared) => prepared.side === side).map((prepared) => prepared.op));
    // let the transport send what is compressed while the next group is rewritten
    await new Promise((resolve) => setImmediate(resolve));
  }
  for (const side of ['local', 'remote'] as const) write(side, run.tail[side]);
  const [local, remote] = await Promise.all([Promise.all(calls.local), Promise.all(calls.remote)]);
  // copies and appends only: no merge to converge
  return { built: { writes, notes, converged: new Set() }, results: { local: local.flat(), remote: remote.flat() } };
}
