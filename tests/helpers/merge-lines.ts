// Helpers for the merge tests: build JSONL tails and read them back as key sequences, with the
// same identity the merge uses (uuid, else the bytes; a side's repeats numbered).

// Each converter takes text (for building expectations) or a line's bytes (what the merge passes).
export function same(line: Buffer): Buffer;
export function same(text: string): string;
export function same(value: string | Buffer): string | Buffer {
  return value;
}
export function toRemotePaths(line: Buffer): Buffer;
export function toRemotePaths(text: string): string;
export function toRemotePaths(value: string | Buffer): string | Buffer {
  return typeof value === 'string' ? value.replaceAll('/home/alice', '/Users/alice') : Buffer.from(toRemotePaths(value.toString('utf8')));
}
export function toLocalPaths(line: Buffer): Buffer;
export function toLocalPaths(text: string): string;
export function toLocalPaths(value: string | Buffer): string | Buffer {
  return typeof value === 'string' ? value.replaceAll('/Users/alice', '/home/alice') : Buffer.from(toLocalPaths(value.toString('utf8')));
}

/** An ISO time `ms` milliseconds after 10:00:00 on a fixed day. */
export function at(ms: number): string {
  return new Date(Date.parse('2026-03-01T10:00:00.000Z') + ms).toISOString();
}

export function line(fields: Record<string, unknown>): string {
  return `${JSON.stringify(fields)}\n`;
}

export function buf(...texts: string[]): Buffer {
  return Buffer.from(texts.join(''));
}

/** The complete lines of a tail, without their '\n'. */
export function lines(data: Buffer): string[] {
  return data.toString('utf8').split('\n').slice(0, -1);
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : undefined;
  } catch {
    return undefined;
  }
}

export function uuidOf(text: string): string | undefined {
  const uuid = parse(text)?.uuid;
  return typeof uuid === 'string' && uuid !== '' ? uuid : undefined;
}

/** Each line's identity in order: `u:<uuid>` or `b:<bytes>`, then `#n` for the n-th repeat. */
export function keys(data: Buffer): string[] {
  const seen = new Map<string, number>();
  return lines(data).map((text) => {
    const uuid = uuidOf(text);
    const base = uuid !== undefined ? `u:${uuid}` : `b:${text}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return `${base}#${n}`;
  });
}

/** The uuids of a tail in order (for readable expectations). */
export function uuids(data: Buffer): string[] {
  return lines(data).map((text) => uuidOf(text) ?? '-');
}

/** `sequence` restricted to the members of `only`. */
export function restrict(sequence: readonly string[], only: readonly string[]): string[] {
  const keep = new Set(only);
  return sequence.filter((key) => keep.has(key));
}

/** True when the keys the two sequences share come in the same relative order in both. */
export function sharedOrderAgrees(a: readonly string[], b: readonly string[]): boolean {
  const inA = new Set(a);
  const inB = new Set(b);
  return a.filter((key) => inB.has(key)).join('\n') === b.filter((key) => inA.has(key)).join('\n');
}
