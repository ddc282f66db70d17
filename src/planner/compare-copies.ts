// What two whole copies of one stream are to each other, by line key (uuid, else the bytes in
// local form; planner/merge.ts). Pure. A transcript is a grow-only set of lines (issue #13):
// equal copies, or one holding every line of the other, or two that each only added lines
// are merged — whatever order they hold them in and whatever the recorded state says. Only a
// real rewrite is one: a uuid whose content differs after path mapping, or lines that one
// side had at the last sync and no longer has while the other side has lines it lacks.
import { commonLinePrefix, readLines, type LineConvert, type TailLine } from './merge.js';
import type { Side } from './types.js';

export interface CopiesInput {
  local: Buffer;
  remote: Buffer;
  toLocal: LineConvert;
  toRemote: LineConvert;
  /** a side whose first `len` bytes are what both sides held at the last sync */
  agreed?: { side: Side; len: number };
  /** sides shorter than at the last sync (ccsync and Claude Code only ever add lines) */
  shrank: readonly Side[];
}

export type CopiesVerdict =
  | {
      kind: 'mergeable';
      /** bytes of the shared leading lines on each side (left in place by the merge) */
      keep: Record<Side, number>;
      lines: Record<Side, TailLine[]>;
      /** the same line keys on both sides (maybe in another order) */
      sameKeys: boolean;
    }
  | { kind: 'rewritten'; reason: string };

function byKey(lines: readonly TailLine[]): Map<string, TailLine> {
  return new Map(lines.map((line) => [line.key, line]));
}

/** One line, as both sides hold it: equal in local form, or equal in remote form. */
function sameContent(local: TailLine, remote: TailLine, toRemote: LineConvert): boolean {
  if (local.localForm.equals(remote.localForm)) return true;
  return toRemote(local.localForm).equals(remote.own.subarray(0, remote.own.length - 1));
}

/** The agreed side's lines that were there at the last sync, past the shared leading lines. */
function agreedLines(lines: readonly TailLine[], from: number, len: number): TailLine[] {
  const out: TailLine[] = [];
  let offset = from;
  for (const line of lines) {
    offset += line.own.length;
    if (offset > len) break;
    out.push(line);
  }
  return out;
}

export function compareCopies(input: CopiesInput): CopiesVerdict {
  const common = commonLinePrefix(input.local, input.remote, input.toLocal);
  const keep: Record<Side, number> = { local: common.localLen, remote: common.remoteLen };
  const lines: Record<Side, TailLine[]> = {
    local: readLines(input.local.subarray(keep.local), 'local', undefined),
    remote: readLines(input.remote.subarray(keep.remote), 'remote', input.toLocal),
  };
  const index: Record<Side, Map<string, TailLine>> = { local: byKey(lines.local), remote: byKey(lines.remote) };
  for (const mine of lines.local) {
    const theirs = mine.uuid === undefined ? undefined : index.remote.get(mine.key);
    if (theirs !== undefined && !sameContent(mine, theirs, input.toRemote)) {
      return { kind: 'rewritten', reason: `line ${mine.uuid ?? ''} differs between the two copies (a history was rewritten)` };
    }
  }
  const holdsAll = (big: Side, small: Side): boolean => lines[small].every((line) => index[big].has(line.key));
  const localHoldsAll = holdsAll('local', 'remote');
  const remoteHoldsAll = holdsAll('remote', 'local');
  if (!localHoldsAll && !remoteHoldsAll) {
    const [shrunk] = input.shrank;
    if (shrunk !== undefined) {
      return { kind: 'rewritten', reason: `the ${shrunk} copy lost lines it had at the last sync and has lines the other lacks (a history was rewritten)` };
    }
    const agreed = input.agreed;
    if (agreed !== undefined) {
      const other: Side = agreed.side === 'local' ? 'remote' : 'local';
      const missing = agreedLines(lines[agreed.side], keep[agreed.side], agreed.len).filter((line) => !index[other].has(line.key));
      if (missing.length > 0) {
        return { kind: 'rewritten', reason: `the ${other} copy lost ${missing.length} line(s) both copies had at the last sync and has lines the other lacks (a history was rewritten)` };
      }
    }
  }
  return { kind: 'mergeable', keep, lines, sameKeys: localHoldsAll && remoteHoldsAll };
}
