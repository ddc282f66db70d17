// What the sh agent sends back, parsed from bytes the client does not trust (issue #3): a turn
// is `R <length> <status>\n` + output (the bootstrap loop frames it), the output a run of
// records `TAG <length>\n<bytes>`, and stat lines `hexmode size sec.nsec inode dev path`.
import { ExitError } from '../../errors.js';

export interface ShRecord {
  tag: string;
  data: Buffer;
}

const RECORD_HEAD = /^([A-Z]) (\d{1,10})$/;

export function parseRecords(output: Buffer, label: string): ShRecord[] {
  const records: ShRecord[] = [];
  let at = 0;
  while (at < output.length) {
    const newline = output.indexOf(0x0a, at);
    const head = newline < 0 || newline - at > 16 ? undefined : RECORD_HEAD.exec(output.toString('latin1', at, newline));
    const tag = head?.[1];
    const length = Number(head?.[2]);
    if (tag === undefined || !Number.isSafeInteger(length) || newline + 1 + length > output.length) {
      throw new ExitError(`${label}: the sh agent sent a malformed record at byte ${at} (protocol error)`);
    }
    records.push({ tag, data: output.subarray(newline + 1, newline + 1 + length) });
    at = newline + 1 + length;
  }
  return records;
}

export interface StatLine {
  kind: 'file' | 'dir' | 'symlink' | 'other';
  size: number;
  /** as Node computes `mtimeMs` from the timespec: sec * 1e3 + nsec / 1e6 */
  mtimeMs: number;
  sec: number;
  nsec: number;
  inode: string;
  path: string;
}

const STAT_LINE = /^([0-9a-fA-F]{1,6}) (\d{1,16}) (-?\d{1,12})\.(\d{1,9}) (\d{1,24}) (\d{1,24}) (.+)$/;

export function parseStatLine(line: string): StatLine | undefined {
  const match = STAT_LINE.exec(line);
  if (!match) return undefined;
  const [, mode = '', size = '', sec = '', frac = '', inode = '', dev = '', path = ''] = match;
  const type = Number.parseInt(mode, 16) & 0o170000;
  const kind = type === 0o100000 ? 'file' : type === 0o040000 ? 'dir' : type === 0o120000 ? 'symlink' : 'other';
  const nsec = Number(frac.padEnd(9, '0'));
  const seconds = Number(sec);
  // before 1970 stat prints the signed decimal (-1.5005), not the timespec; rare, and only approximately Node's value
  const mtimeMs = sec.startsWith('-') ? -(Math.abs(seconds) * 1e3 + nsec / 1e6) : seconds * 1e3 + nsec / 1e6;
  return { kind, size: Number(size), mtimeMs, sec: seconds, nsec, inode: `${dev}:${inode}`, path };
}

/** Stat lines of a listing; a line that is not one (a name with a newline cannot be, it was excluded) is an error. */
export function parseStatLines(data: Buffer, label: string): StatLine[] {
  const text = data.toString('utf8');
  const out: StatLine[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const parsed = parseStatLine(line);
    if (!parsed) throw new ExitError(`${label}: the sh agent sent a malformed stat line (protocol error)`);
    out.push(parsed);
  }
  return out;
}

/** The nanosecond range [lo, hi] whose timespec Node reports as exactly `mtimeMs` (for the quick check in sh). */
export function nanosFor(mtimeMs: number): { sec: number; lo: number; hi: number } | undefined {
  if (!Number.isFinite(mtimeMs) || mtimeMs < 0) return undefined;
  const sec = Math.floor(mtimeMs / 1000);
  const guess = Math.round((mtimeMs - sec * 1000) * 1e6);
  let lo = Infinity;
  let hi = -Infinity;
  for (let n = Math.max(0, guess - 4096); n <= Math.min(999_999_999, guess + 4096); n++) {
    if (sec * 1e3 + n / 1e6 === mtimeMs) {
      lo = Math.min(lo, n);
      hi = Math.max(hi, n);
    }
  }
  return lo <= hi ? { sec, lo, hi } : undefined;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** A fingerprint field: 64 hex chars, or `@` for the next window record (no sha256 tool on the remote). */
export function takeFp(field: string, windows: Buffer[], hash: (data: Buffer) => string, label: string): string {
  if (HEX64.test(field)) return field;
  const data = field === '@' ? windows.shift() : undefined;
  if (data === undefined) throw new ExitError(`${label}: the sh agent sent a malformed fingerprint (protocol error)`);
  return hash(data);
}
