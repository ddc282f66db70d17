// A big run of copies and appends (a first sync: hundreds of MB) is rewritten and written in
// groups (issue #11): the paths of the next group are rewritten while the transport
// compresses and sends the ones before, instead of rewriting everything first. Each group is
// one write call per side, in plan order, so the results come back in the order of the writes;
// each op stays atomic on its own (put: temp file + rename), as in one call. The sources are read
// group by group too, the next group while this one is rewritten: a first sync holds a few
// groups in memory, not the whole store (on a VM each fresh page costs a fault: reading,
// rewriting and packing 334 MB at once took ~1.3 GB and ~2 s of system time; issue #11).
import { buildWrites, directionTo, writeBytes, type BuiltWrites, type FetchedBytes, type PreparedWrite, type Rewritten } from '../planner/build-writes.js';
import { rewriteJsonlInSteps } from '../mapping/rewrite-jsonl.js';
import type { PathMap } from '../mapping/path-map.js';
import type { Action, Plan, Side } from '../planner/types.js';
import type { OnBytes, Transport } from '../transport/transport.js';
import type { WriteOp, WriteResult } from '../wire/protocol.js';
import { timed } from '../timeline.js';

/** Below this many bytes read, a run is built and written at once (the usual incremental run). */
export const GROUPED_FROM_BYTES = 32 * 1024 * 1024;
/** Bytes read per group: a few of the transport's write batches. */
export const GROUP_BYTES = 16 * 1024 * 1024;
/**
 * Groups rewritten but not yet sent (compressed into the pipe) before the next is rewritten:
 * enough to keep the compressor busy, few enough that raw bytes in memory stay a few groups.
 * Sent groups hold only their compressed frames until answered (write-batches.ts lets the data
 * go), so waiting for answers instead stalled a first sync 1.3 s behind its 100 MB session.
 */
const GROUPS_UNSENT = 2;
/** Groups sent but not answered: a bound for a side that reads slower than we send. */
const GROUPS_UNANSWERED = 12;

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
  // Biggest first: a big session's write (one op: its fsync flushes ~100 MB) then ends while
  // the small ones still stream, instead of being the tail of the run (issue #11).
  const actions = plan.actions.filter(isStreamed).sort((a, b) => b.length - a.length);
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
  /** reads one group's sources (a read turn per side) */
  readGroup: (group: Streamed[]) => Promise<FetchedBytes>;
  map: PathMap;
  sides: Record<Side, Transport>;
  /** written after the groups, one call per side (stale index removals, config and history) */
  tail: Record<Side, WriteOp[]>;
  onAdvance: (count: number) => void;
  /** bytes of op data handled (the progress bar) */
  onBytes?: OnBytes | undefined;
}

/**
 * The group's transcripts in the other side's form, rewritten a few MB at a time with a turn of
 * the event loop between (rewriteJsonlInSteps): the reads of the next group and the compression
 * of the groups before go on meanwhile (issue #11: one 100 MB session in one go left a core idle
 * for 0.4 s). By index into the group, for buildWrites.
 */
async function rewriteInSteps(group: readonly Streamed[], fetched: FetchedBytes, map: PathMap): Promise<Map<number, Rewritten>> {
  const rewritten = new Map<number, Rewritten>();
  for (const [index, action] of group.entries()) {
    if (action.kind === 'copy' && action.fileKind !== 'jsonl') continue;
    const data = fetched(action.from.side, action.from.path, action.kind === 'append' ? action.offset : 0);
    rewritten.set(index, await rewriteJsonlInSteps(map, data, directionTo(action.to.side)));
    await new Promise((resolve) => setImmediate(resolve));
  }
  return rewritten;
}

function withoutData(op: WriteOp): WriteOp {
  return 'data' in op ? { ...op, data: EMPTY } : op;
}
const EMPTY = Buffer.alloc(0);

const missing: FetchedBytes = (side, path, offset) => {
  throw new Error(`internal: ${side} ${path}@${offset} was not read`);
};

/** Build and write group by group; the results per side in the order of the ops written. */
export async function buildAndWriteInGroups(run: GroupedRun): Promise<{ built: BuiltWrites; results: Record<Side, WriteResult[]> }> {
  const writes: PreparedWrite[] = [];
  const notes: string[] = [];
  const calls: Record<Side, Array<Promise<WriteResult[]>>> = { local: [], remote: [] };
  /** One write call; resolves when its ops were handed on (or the call settled), the call itself is kept. */
  const write = (side: Side, ops: WriteOp[]): { sent: Promise<unknown>; answered: Promise<unknown> } => {
    const count = ops.length; // the ops (and their data) are the transport's from here
    if (count === 0) return { sent: Promise.resolve(), answered: Promise.resolve() };
    let handedOn: () => void = () => undefined;
    const sent = new Promise<void>((resolve) => (handedOn = resolve));
    const call = timed(`write ${side}`, () => run.sides[side].write(ops, run.onBytes, handedOn)).then((results) => (run.onAdvance(count), results));
    call.catch(() => undefined); // awaited below, in order
    calls[side].push(call);
    const settled = call.then(() => undefined, () => undefined);
    return { sent: Promise.race([sent, settled]), answered: settled };
  };
  const sentGroups: Array<Promise<unknown>> = []; // per group: both sides handed on
  const answeredGroups: Array<Promise<unknown>> = []; // per group: both sides answered (or failed)
  // at most two groups' reads are held: this one's and the next one's
  const reads = new Map<number, Promise<FetchedBytes>>();
  const readAhead = (index: number): Promise<FetchedBytes> => {
    const group = run.groups[index];
    if (group === undefined) return Promise.resolve(missing);
    let read = reads.get(index);
    if (read === undefined) {
      read = timed('read', () => run.readGroup(group));
      read.catch(() => undefined); // awaited in turn below
      reads.set(index, read);
    }
    return read;
  };
  const planIndex = new Map(run.plan.actions.map((action, index) => [action, index]));
  try {
    for (let index = 0; index < run.groups.length; index++) {
      const group = run.groups[index] ?? [];
      await sentGroups[index - GROUPS_UNSENT];
      await answeredGroups[index - GROUPS_UNANSWERED];
      const fetched = await readAhead(index);
      reads.delete(index); // its bytes can go once they are written
      if (index + 1 < run.groups.length) void readAhead(index + 1); // read while this group is rewritten and sent
      const rewritten = await timed('rewrite', () => rewriteInSteps(group, fetched, run.map));
      const part = buildWrites({ ...run.plan, actions: group }, fetched, run.map, new Map(), rewritten);
      // kept for the record without their data: a first sync would otherwise hold every byte it wrote
      for (const prepared of part.writes) {
        const source = group[prepared.action];
        const action = source === undefined ? undefined : planIndex.get(source);
        if (action === undefined) throw new Error('internal: a grouped write for an action not in the plan');
        writes.push({ action, side: prepared.side, op: withoutData(prepared.op), dataBytes: writeBytes(prepared) });
      }
      notes.push(...part.notes);
      const sideCalls = (['local', 'remote'] as const).map((side) => write(side, part.writes.filter((prepared) => prepared.side === side).map((prepared) => prepared.op)));
      sentGroups.push(Promise.all(sideCalls.map((call) => call.sent)));
      answeredGroups.push(Promise.all(sideCalls.map((call) => call.answered)));
      // let the transport send what is compressed while the next group is rewritten
      await new Promise((resolve) => setImmediate(resolve));
    }
  } catch (error) {
    // a read failed: the writes already sent end first (each is whole or absent), then the run stops
    await Promise.allSettled([...calls.local, ...calls.remote]);
    throw error;
  }
  for (const side of ['local', 'remote'] as const) write(side, run.tail[side]);
  const [local, remote] = await Promise.all([Promise.all(calls.local), Promise.all(calls.remote)]);
  // copies and appends only: no merge to converge
  return { built: { writes, notes, converged: new Set() }, results: { local: local.flat(), remote: remote.flat() } };
}
