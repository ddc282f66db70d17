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

/**
 * Whether a recorded `cwd` is an absolute path on any platform Claude Code runs on: POSIX
 * `/…`, or Windows `C:\…` / `C:/…` / UNC `\\server\…` (a synced store may hold either).
 */
export function isAbsoluteCwd(value: string): boolean {
  return value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value) || value.startsWith('\\\\');
}

const CWD_FIELD = /"cwd"\s*:\s*("(?:[^"\\]|\\.)*")/g;

/**
 * The first absolute `cwd` in a transcript head. Works on a head cut anywhere (even inside a
 * line), so a manifest needs to read only the first bytes of a file. Complete lines are
 * parsed, so a nested `"cwd"` (say in a tool input) never wins over the line's own field;
 * only the cut last line is searched textually (Claude writes `cwd` before `message`).
 */
export function firstCwd(head: string): string | undefined {
  const lastNewline = head.lastIndexOf('\n');
  const complete = lastNewline < 0 ? [] : head.slice(0, lastNewline).split('\n');
  for (const line of complete) {
    const parsed = parseJsonLine(line);
    if (!parsed.ok) continue;
    const cwd = parsed.value['cwd'];
    if (typeof cwd === 'string' && isAbsoluteCwd(cwd)) return cwd;
  }
  return firstCwdInText(head.slice(lastNewline + 1));
}

function firstCwdInText(text: string): string | undefined {
  for (const match of text.matchAll(CWD_FIELD)) {
    const literal = match[1];
    if (literal === undefined) continue;
    let value: unknown;
    try {
      value = JSON.parse(literal);
    } catch {
      continue;
    }
    if (typeof value === 'string' && isAbsoluteCwd(value)) return value;
  }
  return undefined;
}
