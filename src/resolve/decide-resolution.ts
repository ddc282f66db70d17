// The pure step of `ccsync resolve`: one conflicting session's facts and the user's choice in,
// the write ops and ancestor records out (issue #5). Rules (README, "resolve"):
//   local  — the remote's S becomes the local history (converted through the path map);
//   remote — the reverse;
//   both   — S holds the local history on both sides; the remote's history lives on, on both
//            sides, as session `keepBothId` (written first, phase 1, before S is replaced);
//   merge  — S holds the union of both histories by uuid (merge.ts) on both sides.
// Replaced files are backed up. The fork copy F is removed (backed up) only when every line of
// it, on every side that has it, is in a history the choice keeps; otherwise it stays.
import { fingerprintBuffer } from '../agent/fingerprint.js';
import { createPathMap, type PathMap } from '../mapping/path-map.js';
import { rewriteJsonl, rewriteLineBytes } from '../mapping/rewrite-jsonl.js';
import { commonLinePrefix, mergeTails } from '../planner/merge.js';
import { projectPath, splitProjectPath } from '../planner/plan-keys.js';
import type { Side, SideRecord } from '../planner/types.js';
import { missingFrom, sameHistory } from './history-keys.js';
import type { Choice, ConflictFacts, PlannedOp, PlannedRecord, RecordSource, Resolution, TranscriptCopy } from './resolve-types.js';

const SIDES: readonly Side[] = ['local', 'remote'];
const NO_PATHS = createPathMap([]);

export interface DecideOptions {
  /** write even into a session Claude Code is running (`--force`) */
  force: boolean;
}

/** What S (and keep both's second id) hold on each side after the choice. */
interface Finals {
  session: Record<Side, Buffer>;
  mtimeMs: number;
  describe: Record<Side, string>;
  /** keep both: the remote history under the second id, as it would be written on each side */
  keepBoth?: Record<Side, Buffer>;
}

function convert(map: PathMap, data: Buffer, to: Side, rename?: { from: string; to: string }): Buffer {
  const options = rename ? { renameSessionId: rename } : undefined;
  return rewriteJsonl(map, data, to === 'remote' ? 'toRemote' : 'toLocal', options).data;
}

function merged(facts: ConflictFacts, map: PathMap): Record<Side, Buffer> {
  const toLocal = (line: Buffer): Buffer => rewriteLineBytes(map, line, 'toLocal');
  const toRemote = (line: Buffer): Buffer => rewriteLineBytes(map, line, 'toRemote');
  const local = facts.local.data;
  const remote = facts.remote.data;
  const common = commonLinePrefix(local, remote, toLocal);
  const tails = mergeTails(local.subarray(common.localLen), remote.subarray(common.remoteLen), toLocal, toRemote);
  return {
    local: Buffer.concat([local.subarray(0, common.localLen), tails.local]),
    remote: Buffer.concat([remote.subarray(0, common.remoteLen), tails.remote]),
  };
}

function finalsFor(facts: ConflictFacts, choice: Choice, map: PathMap): Finals {
  const { local, remote } = facts;
  switch (choice) {
    case 'local':
      return {
        session: { local: local.data, remote: convert(map, local.data, 'remote') },
        mtimeMs: local.mtimeMs,
        describe: { local: 'kept', remote: 'replaced by the local history' },
      };
    case 'remote':
      return {
        session: { local: convert(map, remote.data, 'local'), remote: remote.data },
        mtimeMs: remote.mtimeMs,
        describe: { local: 'replaced by the remote history', remote: 'kept' },
      };
    case 'both': {
      const rename = { from: facts.sessionId, to: facts.keepBothId };
      return {
        session: { local: local.data, remote: convert(map, local.data, 'remote') },
        mtimeMs: local.mtimeMs,
        describe: { local: 'kept', remote: `replaced by the local history (the remote history goes to ${facts.keepBothId})` },
        keepBoth: { local: convert(map, remote.data, 'local', rename), remote: convert(NO_PATHS, remote.data, 'remote', rename) },
      };
    }
    case 'merge':
      return {
        session: merged(facts, map),
        mtimeMs: Math.max(local.mtimeMs, remote.mtimeMs),
        describe: { local: 'gets the lines of the remote history', remote: 'gets the lines of the local history' },
      };
  }
}

export function recordOf(copy: TranscriptCopy): SideRecord {
  return { path: copy.path, size: copy.size, mtimeMs: copy.mtimeMs, len: copy.data.length, fp: fingerprintBuffer(copy.data, copy.data.length) };
}

function indexPath(copy: TranscriptCopy): string | undefined {
  const split = splitProjectPath(copy.path);
  return copy.dirHasIndex && split ? projectPath(split.dir, 'sessions-index.json') : undefined;
}

function blockedSide(copy: TranscriptCopy, side: Side, sessionId: string, options: DecideOptions): string | undefined {
  if (copy.live && !options.force) return `session ${sessionId} is live on ${side} (Claude Code is running it): exit it there and run again, or pass --force`;
  if (copy.size > copy.data.length) return `${copy.path} on ${side} ends in an incomplete line (still being written?): run again when Claude has finished`;
  return undefined;
}

export function decideResolution(facts: ConflictFacts, choice: Choice, map: PathMap, options: DecideOptions = { force: false }): Resolution {
  const sid = facts.sessionId;
  const finals = finalsFor(facts, choice, map);
  const ops: PlannedOp[] = [];
  const notes: string[] = [];
  const add = (op: PlannedOp): number => ops.push(op) - 1;
  const sessionKey = `${sid}.jsonl`;
  const writeS = SIDES.filter((side) => !finals.session[side].equals(facts[side].data));
  for (const side of writeS) {
    const blocked = blockedSide(facts[side], side, sid, options);
    if (blocked) return { sessionId: sid, choice, blocked, ops: [], records: [], forget: [], notes: [] };
  }
  // Phase 1: keep both's new copy of the remote history, where that id is not there yet.
  const keepBothKey = `${facts.keepBothId}.jsonl`;
  const keepBothOps: Partial<Record<Side, number>> = {};
  if (finals.keepBoth) {
    for (const side of SIDES) {
      if (facts.keepBoth[side]) continue;
      const split = splitProjectPath(facts[side].path);
      const path = split ? projectPath(split.dir, keepBothKey) : keepBothKey;
      const op = { kind: 'put' as const, path, expect: { absent: true as const }, data: finals.keepBoth[side], mtimeMs: facts.remote.mtimeMs, backup: false };
      keepBothOps[side] = add({ side, op, phase: 1, what: `write the remote history of ${sid} as session ${facts.keepBothId} on ${side}` });
    }
  }
  // Phase 2: S itself, on the sides whose content changes (the old copy is backed up).
  const sessionOps: Partial<Record<Side, number>> = {};
  for (const side of writeS) {
    const copy = facts[side];
    const op = { kind: 'put' as const, path: copy.path, expect: { size: copy.size }, data: finals.session[side], mtimeMs: finals.mtimeMs, backup: true };
    sessionOps[side] = add({ side, op, phase: 2, what: `${sid} on ${side}: ${finals.describe[side]} (old copy backed up)` });
  }
  for (const side of SIDES) {
    const index = indexPath(facts[side]);
    if (index !== undefined && (sessionOps[side] !== undefined || keepBothOps[side] !== undefined)) {
      add({ side, op: { kind: 'remove', path: index, expect: { any: true }, backup: true }, phase: 2, what: `remove the stale ${index} on ${side} (Claude Code rebuilds it)` });
    }
  }
  const source = (op: number | undefined, copy: TranscriptCopy): RecordSource => (op === undefined ? { record: recordOf(copy) } : { op });
  const records: PlannedRecord[] = [
    { key: sessionKey, local: source(sessionOps.local, facts.local), remote: source(sessionOps.remote, facts.remote) },
  ];
  if (finals.keepBoth) {
    const keepBothRecord = keepBothRecordFor(facts, finals.keepBoth, keepBothOps, keepBothKey);
    if (keepBothRecord) records.push(keepBothRecord);
    else if (!facts.ancestorKeys.keepBoth) notes.push(`session ${facts.keepBothId} differs between the sides: the next sync merges it`);
  }
  const forget = forkRemoval(facts, finals, choice, ops, notes);
  return { sessionId: sid, choice, ops, records, forget, notes };
}

function keepBothRecordFor(
  facts: ConflictFacts,
  finals: Record<Side, Buffer>,
  opIndex: Partial<Record<Side, number>>,
  key: string,
): PlannedRecord | undefined {
  const existing = SIDES.filter((side) => facts.keepBoth[side] !== undefined);
  if (existing.length === 2 && facts.ancestorKeys.keepBoth) return undefined; // synced already
  // A copy already there is left as it is; it counts as in sync only if it holds exactly what
  // would have been written (compared on its own side, so paths are in the same form).
  if (!existing.every((side) => sameHistory(facts.keepBoth[side]?.data ?? Buffer.alloc(0), finals[side]))) return undefined;
  const sideSource = (side: Side): RecordSource | undefined => {
    const copy = facts.keepBoth[side];
    const op = opIndex[side];
    if (op !== undefined) return { op };
    return copy ? { record: recordOf(copy) } : undefined;
  };
  const local = sideSource('local');
  const remote = sideSource('remote');
  return local && remote ? { key, local, remote } : undefined;
}

/** Removes the fork copy where every line of it is kept; says why it stays otherwise. */
function forkRemoval(facts: ConflictFacts, finals: Finals, choice: Choice, ops: PlannedOp[], notes: string[]): Resolution['forget'] {
  const forkId = facts.forkId;
  if (forkId === undefined) return [];
  if (choice === 'both' && forkId === facts.keepBothId) {
    notes.push(`the fork copy ${forkId} holds the remote history: it is the second session kept`);
    return [];
  }
  const present = SIDES.filter((side) => facts.fork[side] !== undefined);
  if (present.length === 0) return [];
  const reasons: string[] = [];
  for (const side of present) {
    const copy = facts.fork[side];
    if (copy === undefined) continue;
    const secondCopy = facts.keepBoth[side]?.data ?? finals.keepBoth?.[side];
    const kept = [finals.session[side], ...(secondCopy ? [secondCopy] : [])];
    const missing = missingFrom(copy.data, kept);
    if (missing > 0) reasons.push(`${missing} line(s) of it on ${side} are in no history this choice keeps`);
    if (copy.live) reasons.push(`it is live on ${side}`);
    if (copy.size > copy.data.length) reasons.push(`it ends in an incomplete line on ${side}`);
  }
  if (reasons.length > 0) {
    notes.push(`the fork copy ${forkId} stays (${reasons.join('; ')}); delete it in Claude Code if you do not want it`);
    return [];
  }
  const removals: number[] = [];
  for (const side of present) {
    const copy = facts.fork[side];
    if (copy === undefined) continue;
    const op = { kind: 'remove' as const, path: copy.path, expect: { size: copy.size }, backup: true };
    removals.push(ops.push({ side, op, phase: 2, what: `remove the fork copy ${forkId} on ${side}: every line of it is in the kept history (backed up)` }) - 1);
  }
  return facts.ancestorKeys.fork ? [{ key: `${forkId}.jsonl`, ops: removals }] : [];
}
