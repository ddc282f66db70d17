// From a plan and the bytes it asked for to the write batches of each side. Pure: paths are
// rewritten here (the agent on the far side only moves bytes), merges are computed here.
import { rewriteJsonl } from '../mapping/rewrite-jsonl.js';
import type { MapDirection, PathMap } from '../mapping/path-map.js';
import type { ReadRequest, WriteOp } from '../wire/protocol.js';
import { mergeResult, type MergeResult } from './reconcile.js';
import type { Action, FetchedBytes, Plan, Side } from './types.js';

export type { FetchedBytes } from './types.js';

export interface SideReads {
  local: ReadRequest[];
  remote: ReadRequest[];
}

export interface PreparedWrite {
  /** index into plan.actions; -1 for plan-level writes (stale index removal) */
  action: number;
  side: Side;
  op: WriteOp;
  /** the op's data bytes, when the data itself was let go once sent (grouped-writes.ts) */
  dataBytes?: number;
}

/** The data bytes a prepared write carries (or carried). */
export function writeBytes(write: PreparedWrite): number {
  return write.dataBytes ?? ('data' in write.op ? write.op.data.length : 0);
}

export interface BuiltWrites {
  writes: PreparedWrite[];
  /** one line each: corrupt lines passed through, merges that found nothing to add … */
  notes: string[];
  /**
   * Merges (by action index) after which both sides hold the same lines in the same order even
   * though a side was not written (a one-way run whose source held everything): their state is
   * recorded like a sync's, so push and pull alone settle (issue #13, defect 2).
   */
  converged: Set<number>;
}

export function directionTo(side: Side): MapDirection {
  return side === 'remote' ? 'toRemote' : 'toLocal';
}

/** Every byte range the plan needs, one batch per side. */
export function readsForPlan(plan: Plan): SideReads {
  const reads: SideReads = { local: [], remote: [] };
  for (const action of plan.actions) {
    switch (action.kind) {
      case 'copy':
      case 'fork':
      case 'replace':
        reads[action.from.side].push({ path: action.from.path, offset: 0, length: action.length });
        break;
      case 'append':
        reads[action.from.side].push({ path: action.from.path, offset: action.offset, length: action.length });
        break;
      case 'merge':
        reads.local.push({ path: action.local.path, offset: action.local.keep, length: action.local.length - action.local.keep });
        reads.remote.push({ path: action.remote.path, offset: action.remote.keep, length: action.remote.length - action.remote.keep });
        break;
      case 'reconcile':
        reads.local.push({ path: action.local.path, offset: 0, length: action.local.length });
        reads.remote.push({ path: action.remote.path, offset: 0, length: action.remote.length });
        break;
      default:
        break;
    }
  }
  return reads;
}

/** A transcript's bytes in the other side's form, and the lines that were not JSON. */
export type Rewritten = { data: Buffer; invalidLines: number[] };

/**
 * `merged`: results already computed for some merges (planner/reconcile.ts), by action index;
 * `rewritten`: the same for the data of some copies and appends (grouped-writes.ts rewrites
 * them in steps, between turns of the event loop).
 */
export function buildWrites(plan: Plan, fetched: FetchedBytes, map: PathMap, merged: ReadonlyMap<number, MergeResult> = new Map(), rewritten: ReadonlyMap<number, Rewritten> = new Map()): BuiltWrites {
  const writes: PreparedWrite[] = [];
  const notes: string[] = [];
  const converged = new Set<number>();
  const convert = (data: Buffer, to: Side, where: string, rename?: { from: string; to: string }, done?: Rewritten): Buffer => {
    const result = done ?? rewriteJsonl(map, data, directionTo(to), rename ? { renameSessionId: rename } : undefined);
    if (result.invalidLines.length > 0) {
      notes.push(`${where}: ${result.invalidLines.length} line(s) are not valid JSON (line ${result.invalidLines.slice(0, 5).join(', ')} of the part sent); copied byte for byte, paths in them not rewritten`);
    }
    return result.data;
  };
  plan.actions.forEach((action, index) => {
    const push = (side: Side, op: WriteOp): void => {
      writes.push({ action: index, side, op });
    };
    switch (action.kind) {
      case 'copy': {
        const data = fetched(action.from.side, action.from.path, 0);
        const body = action.fileKind === 'jsonl' ? convert(data, action.to.side, action.from.path, undefined, rewritten.get(index)) : data;
        push(action.to.side, { kind: 'put', path: action.to.path, expect: { absent: true }, data: body, mtimeMs: action.mtimeMs, backup: false });
        break;
      }
      case 'append': {
        const data = convert(fetched(action.from.side, action.from.path, action.offset), action.to.side, action.from.path, undefined, rewritten.get(index));
        push(action.to.side, { kind: 'append', path: action.to.path, expect: { size: action.targetSize }, data, mtimeMs: action.mtimeMs });
        break;
      }
      case 'fork': {
        const rename = { from: action.sessionId, to: action.forkId };
        const data = convert(fetched(action.from.side, action.from.path, 0), action.to.side, action.from.path, rename);
        // The target's own copy stays as it is; a backup is kept all the same (ARCHITECTURE.md, fork).
        push(action.to.side, { kind: 'backup', path: action.counterpart.path });
        push(action.to.side, { kind: 'put', path: action.to.path, expect: { absent: true }, data, mtimeMs: action.mtimeMs, backup: false });
        break;
      }
      case 'replace': {
        const data = fetched(action.from.side, action.from.path, 0);
        push(action.to.side, { kind: 'put', path: action.to.path, expect: { size: action.targetSize }, data, mtimeMs: action.mtimeMs, backup: true });
        break;
      }
      case 'delete':
        push(action.at.side, { kind: 'remove', path: action.at.path, expect: { size: action.size }, backup: true });
        break;
      case 'merge': {
        const result = merged.get(index) ?? mergeResult(action, fetched, map);
        const sides: Side[] = ['local', 'remote'];
        if (sides.every((side) => action.writeSides.includes(side) || result.next[side].equals(result.old[side]))) converged.add(index);
        for (const write of mergeWrites(action, result)) push(write.side, write.op);
        break;
      }
      default:
        break;
    }
  });
  return { writes, notes, converged };
}

function mergeWrites(action: Extract<Action, { kind: 'merge' }>, merged: MergeResult): Array<{ side: Side; op: WriteOp }> {
  const result: Array<{ side: Side; op: WriteOp }> = [];
  for (const side of ['local', 'remote'] as const) {
    const old = merged.old[side];
    const next = merged.next[side];
    if (!action.writeSides.includes(side) || next.equals(old)) continue;
    const info = action[side];
    if (next.subarray(0, old.length).equals(old)) {
      // Only lines added at the end: a verified append leaves the existing bytes untouched.
      result.push({ side, op: { kind: 'append', path: info.path, expect: { size: info.size }, data: next.subarray(old.length), mtimeMs: action.mtimeMs } });
    } else {
      result.push({ side, op: { kind: 'splice', path: info.path, expect: { size: info.size }, keep: merged.keep[side], data: next, mtimeMs: action.mtimeMs, backup: true } });
    }
  }
  return result;
}
