// Union of two transcript tails by line identity (ARCHITECTURE.md, "Merge"). Pure. A session
// may branch inside one file, so the union of two diverged copies is still a valid
// transcript (../shared/claude-code-format.md, "Lines"): nothing is dropped, and neither
// side's lines change order (merge-order.ts).
import { parseJsonLine } from '../claude-format/jsonl.js';
import { mergeOrder, type OrderLine } from './merge-order.js';

const NEWLINE = 0x0a;

export interface MergedTails {
  local: Buffer;
  remote: Buffer;
  /** lines each side gains */
  added: { local: number; remote: number };
}

interface TailLine extends OrderLine {
  /** the line in local form */
  bytes: string;
  /** the side's own bytes, with the '\n' */
  own: Buffer;
  /** the line as text on its own side */
  text: string;
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
 * A line is known by its `uuid`, else by its bytes in local form (issue #2: "lines without one
 * by content"); a key repeated on one side gets its occurrence number, so a side's duplicates
 * are kept and the n-th copy on one side is the n-th copy on the other.
 */
function readTail(tail: Buffer, which: string, toLocalForm: (line: string) => string): TailLine[] {
  const occurrences = new Map<string, number>();
  return splitTail(tail, which).map((own) => {
    const text = own.toString('utf8', 0, own.length - 1);
    const localForm = toLocalForm(text);
    const parsed = parseJsonLine(localForm);
    const value = parsed.ok ? parsed.value : undefined;
    const uuid = value ? stringField(value, 'uuid') : undefined;
    const timestamp = value ? stringField(value, 'timestamp') : undefined;
    const base = uuid !== undefined ? `u:${uuid}` : `b:${localForm}`;
    const seen = occurrences.get(base) ?? 0;
    occurrences.set(base, seen + 1);
    const key = seen === 0 ? base : `${base}\u0000${seen}`;
    return { key, bytes: localForm, timestamp, own, text };
  });
}

/**
 * Merge two complete-line tails (what follows each side's common prefix). `toLocal` converts
 * a remote line to local form, `toRemote` a local line to remote form. Each output side keeps
 * its own bytes for the lines it had and gets converted bytes for the others.
 */
export function mergeTails(
  local: Buffer,
  remote: Buffer,
  toLocal: (line: string) => string,
  toRemote: (line: string) => string,
): MergedTails {
  const localLines = readTail(local, 'local', (line) => line);
  const remoteLines = readTail(remote, 'remote', toLocal);
  const localOut: Buffer[] = [];
  const remoteOut: Buffer[] = [];
  const added = { local: 0, remote: 0 };
  for (const slot of mergeOrder(localLines, remoteLines)) {
    const mine = slot.local === undefined ? undefined : localLines[slot.local];
    const theirs = slot.remote === undefined ? undefined : remoteLines[slot.remote];
    if (mine) localOut.push(mine.own);
    else if (theirs) {
      localOut.push(Buffer.from(`${theirs.bytes}\n`));
      added.local += 1;
    }
    if (theirs) remoteOut.push(theirs.own);
    else if (mine) {
      remoteOut.push(Buffer.from(`${toRemote(mine.text)}\n`));
      added.remote += 1;
    }
  }
  return { local: Buffer.concat(localOut), remote: Buffer.concat(remoteOut), added };
}

/**
 * The longest run of leading complete lines that are equal once remote lines are in local
 * form, as byte lengths on each side. Lets a merge without an ancestor leave a shared history
 * (copied by hand, or synced before the state was lost) where it is.
 */
export function commonLinePrefix(local: Buffer, remote: Buffer, toLocal: (line: string) => string): { localLen: number; remoteLen: number } {
  let localLen = 0;
  let remoteLen = 0;
  for (;;) {
    const localEnd = local.indexOf(0x0a, localLen);
    const remoteEnd = remote.indexOf(0x0a, remoteLen);
    if (localEnd < 0 || remoteEnd < 0) break;
    const localLine = local.subarray(localLen, localEnd);
    const remoteLine = remote.subarray(remoteLen, remoteEnd);
    if (!localLine.equals(Buffer.from(toLocal(remoteLine.toString('utf8'))))) break;
    localLen = localEnd + 1;
    remoteLen = remoteEnd + 1;
  }
  return { localLen, remoteLen };
}
