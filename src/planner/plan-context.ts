// What every per-key decision of the planner sees, and the checks shared by all writes.
import type { FileEntry } from '../wire/protocol.js';
import type { SideFacts } from './plan-classify.js';
import type { SideIndex } from './plan-keys.js';
import type { Action, AncestorEntry, DirPairing, LogicalKey, PlanOptions, Side, SkipReason } from './types.js';

export interface PlanContext {
  local: SideIndex;
  remote: SideIndex;
  options: PlanOptions;
  pairings: readonly DirPairing[];
}

/** One logical key with both sides' facts. */
export interface KeyFacts {
  key: LogicalKey;
  kind: FileEntry['kind'];
  sid: string | undefined;
  local: SideFacts | undefined;
  remote: SideFacts | undefined;
  ancestor: AncestorEntry | undefined;
}

/** The planner's verdict for one key, before plan-level bookkeeping. */
export interface Decision {
  action?: Action;
  inSync?: boolean;
  warnings: string[];
  /** a source dir without a pairing: reported once per dir */
  unpaired?: { side: Side; dir: string };
  /** the session's transcript was forked (or is in a recorded conflict): hold its companions */
  holdsSession?: boolean;
}

export function sideIndex(ctx: PlanContext, side: Side): SideIndex {
  return side === 'local' ? ctx.local : ctx.remote;
}

export function factsOn(facts: KeyFacts, side: Side): SideFacts | undefined {
  return side === 'local' ? facts.local : facts.remote;
}

/** push writes only the remote, pull only the local side, sync both. */
export function writable(ctx: PlanContext, side: Side): boolean {
  const { direction } = ctx.options;
  return direction === 'sync' || (direction === 'push' ? side === 'remote' : side === 'local');
}

export function skip(key: LogicalKey, reason: SkipReason, message: string): Decision {
  return { action: { kind: 'skip', key, reason, message }, warnings: [] };
}

export function liveMessage(sid: string, side: Side): string {
  return `session ${sid} is live on ${side} (Claude Code is running it): not written; rerun after it exits, or pass --force`;
}

/**
 * Why a write into `side` must not happen, if it must not: the session is live there, or (for
 * appends and merges into an existing file) the file ends in a line Claude is still writing.
 */
export function blockedWrite(
  ctx: PlanContext,
  facts: KeyFacts,
  side: Side,
  existing: SideFacts | undefined,
  appends: boolean,
): { reason: SkipReason; message: string } | undefined {
  const { sid } = facts;
  if (sid !== undefined && !ctx.options.force && sideIndex(ctx, side).live.has(sid)) {
    return { reason: 'live', message: liveMessage(sid, side) };
  }
  if (appends && existing !== undefined && existing.entry.size > existing.len) {
    return {
      reason: 'partial-line',
      message: `${existing.entry.path} on ${side} ends in an incomplete line (still being written?): left for the next run`,
    };
  }
  return undefined;
}
