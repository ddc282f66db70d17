// Reading Claude Code transcripts: one JSON object per line, written append-only, so the
// last line may be incomplete while Claude is writing it (issue #2: read complete lines only).

const NEWLINE = 0x0a;

/** Bytes up to and including the last '\n'; 0 when there is no complete line. */
export function completeLength(data: Uint8Array): number {
  const last = data.lastIndexOf(NEWLINE);
  return last < 0 ? 0 : last + 1;
}

/** Split complete lines (without their '\n'); a trailing partial line is not returned. */
export function splitCompleteLines(data: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (;;) {
    const end = data.indexOf(NEWLINE, start);
    if (end < 0) break;
    lines.push(data.subarray(start, end));
    start = end + 1;
  }
  return lines;
}

export type ParsedLine = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

/** Parse one line as a JSON object; anything else is reported, never thrown. */
export function parseJsonLine(line: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  if (!isRecord(value)) return { ok: false, error: 'not a JSON object' };
  return { ok: true, value };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const CWD_FIELD = /"cwd"\s*:\s*("(?:[^"\\]|\\.)*")/;

/**
 * The first `cwd` value in a transcript head. Works on a head cut anywhere (even inside a
 * line), so a manifest needs to read only the first bytes of a file.
 */
export function firstCwd(head: string): string | undefined {
  const match = CWD_FIELD.exec(head);
  if (!match?.[1]) return undefined;
  try {
    const value: unknown = JSON.parse(match[1]);
    return typeof value === 'string' && value.startsWith('/') ? value : undefined;
  } catch {
    return undefined;
  }
}
