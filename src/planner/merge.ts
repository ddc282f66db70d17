// Union of two transcript tails by line identity (ARCHITECTURE.md, "Merge"). Pure. A session
// may branch inside one file, so the union of two diverged copies is still a valid
// transcript (../shared/claude-code-format.md, "Lines"): nothing is dropped, and neither
// side's lines change order (merge-order.ts). Lines travel as bytes: a line that is not valid
// UTF-8 keeps every byte outside its mapped paths (issue #13, defect 5).
import { parseJsonLine } from '../claude-format/jsonl.js';
import { mergeOrder, type OrderLine } from './merge-order.js';

const NEWLINE = 0x0a;

/** One line's bytes (no '\n') in the other side's form: `rewriteLineBytes` with a map. */
export type LineConvert = (line: Buffer) => Buffer;

export interface MergedTails {
  local: Buffer;
  remote: Buffer;
  /** lines each side gains */
  added: { local: number; remote: number };
}

export interface TailLine extends OrderLine {
  /** the line in local form, without its '\n' */
  localForm: Buffer;
  /** the side's own bytes, with the '\n' */
  own: Buffer;
  /** the line's uuid, if it has one */
  uuid: string | undefined;
}

function stringField(value: Record<string, unknown>, field: string): string | undefined {
  const found = value[field];
  return typeof found === 'string' && found !== '' ? found : undefined;
}

/** The tail's lines, each with its '\n' (views into `tail`, not copies). */
function splitTail(tail: Buffer, which: string): Buffer[] {
  if (tail.length > 0 && tail[tail.length - 1] !== NEWLINE) {
    // The planner only hands over complete lines; anything else would lose or glue a line.
    throw new Error(`internal: ${which} merge input does not end with a newline`);
  }
  const out: Buffer[] = [];
  for (let start = 0; start < tail.length; ) {
    const end = tail.indexOf(NEWLINE, start) + 1;
    out.push(tail.subarray(start, end));
    start = end;
  }
  return out;
}

/**
 * Strings that may hold a path differ per machine; without them a line without uuid reads the
 * same on every machine, so ties between such lines break the same way whichever pair meets
 * (a pick that depended on one side's paths could flip back and forth between pairs).
 */
function withoutPaths(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('/') || value.includes('\\') ? '' : value;
  if (Array.isArray(value)) return value.map(withoutPaths);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).map(([key, inner]) => [withoutPaths(key), withoutPaths(inner)]);
  }
  return value;
}

/**
 * A line is known by its `uuid`, else by its bytes in local form (issue #2: "lines without one
 * by content"); a key repeated on one side gets its occurrence number, so a side's duplicates
 * are kept and the n-th copy on one side is the n-th copy on the other.
 */
export function readLines(tail: Buffer, which: string, toLocalForm: LineConvert | undefined): TailLine[] {
  const occurrences = new Map<string, number>();
  return splitTail(tail, which).map((own) => {
    const bare = own.subarray(0, own.length - 1);
    const localForm = toLocalForm ? toLocalForm(bare) : bare;
    const parsed = parseJsonLine(localForm.toString('utf8'));
    const value = parsed.ok ? parsed.value : undefined;
    const uuid = value ? stringField(value, 'uuid') : undefined;
    const timestamp = value ? stringField(value, 'timestamp') : undefined;
    const base = uuid !== undefined ? `u:${uuid}` : `b:${localForm.toString('latin1')}`;
    const seen = occurrences.get(base) ?? 0;
    occurrences.set(base, seen + 1);
    const key = seen === 0 ? base : `${base}\u0000${seen}`;
    let rank: string | undefined;
    const rankOf = (): string => {
      if (rank !== undefined) return rank;
      const what = uuid !== undefined ? `u:${uuid}` : value ? `j:${JSON.stringify(withoutPaths(value))}` : `x:${localForm.toString('latin1')}`;
      rank = seen === 0 ? what : `${what}\u0000${seen}`;
      return rank;
    };
    return { key, timestamp, rank: rankOf, localForm, own, uuid };
  });
}

/**
 * Merge two sides' lines (`readLines`): each output side keeps its own bytes for the lines it
 * had and gets converted bytes for the others (`toRemote` converts a local line).
 */
export function mergeLines(localLines: readonly TailLine[], remoteLines: readonly TailLine[], toRemote: LineConvert, equalSetsTake?: 'local' | 'remote'): MergedTails {
  const localOut: Buffer[] = [];
  const remoteOut: Buffer[] = [];
  const added = { local: 0, remote: 0 };
  const newline = Buffer.from('\n');
  for (const slot of mergeOrder(localLines, remoteLines, equalSetsTake)) {
    const mine = slot.local === undefined ? undefined : localLines[slot.local];
    const theirs = slot.remote === undefined ? undefined : remoteLines[slot.remote];
    if (mine) localOut.push(mine.own);
    else if (theirs) {
      localOut.push(theirs.localForm, newline);
      added.local += 1;
    }
    if (theirs) remoteOut.push(theirs.own);
    else if (mine) {
      remoteOut.push(toRemote(mine.own.subarray(0, mine.own.length - 1)), newline);
      added.remote += 1;
    }
  }
  return { local: Buffer.concat(localOut), remote: Buffer.concat(remoteOut), added };
}

/**
 * Merge two complete-line tails (what follows each side's common prefix). `toLocal` converts
 * a remote line to local form, `toRemote` a local line to remote form.
 */
export function mergeTails(local: Buffer, remote: Buffer, toLocal: LineConvert, toRemote: LineConvert): MergedTails {
  return mergeLines(readLines(local, 'local', undefined), readLines(remote, 'remote', toLocal), toRemote);
}

/**
 * The longest run of leading complete lines that are equal once remote lines are in local
 * form, as byte lengths on each side. Lets a merge without an ancestor leave a shared history
 * (copied by hand, or synced before the state was lost) where it is.
 */
export function commonLinePrefix(local: Buffer, remote: Buffer, toLocal: LineConvert): { localLen: number; remoteLen: number } {
  let localLen = 0;
  let remoteLen = 0;
  for (;;) {
    const localEnd = local.indexOf(NEWLINE, localLen);
    const remoteEnd = remote.indexOf(NEWLINE, remoteLen);
    if (localEnd < 0 || remoteEnd < 0) break;
    const localLine = local.subarray(localLen, localEnd);
    const remoteLine = remote.subarray(remoteLen, remoteEnd);
    if (!localLine.equals(toLocal(remoteLine))) break;
    localLen = localEnd + 1;
    remoteLen = remoteEnd + 1;
  }
  return { localLen, remoteLen };
}
