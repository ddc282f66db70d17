// Secret redaction for `ccsync export` (issue #5): each secret found by secret-rules.ts becomes
// `[REDACTED:<kind>]`. In a JSONL file the rules run on the decoded string values of each line,
// so every line stays a valid JSON object (and a key in a private-key block's `\n`s is seen as
// the text it is); a line is re-serialised only when something in it was redacted.
import { isRecord } from '../claude-format/jsonl.js';
import { SECRET_RULES, type SecretMatch } from './secret-rules.js';

export interface Redaction {
  kind: string;
  /** the file's logical path in the bundle */
  file: string;
  /** 1-based line of the file */
  line: number;
  count: number;
}

export function placeholder(kind: string): string {
  return `[REDACTED:${kind}]`;
}

/** The matches that win: leftmost first; at one start, the rule listed first; no overlaps. */
export function findSecrets(text: string): SecretMatch[] {
  const candidates: Array<SecretMatch & { priority: number }> = [];
  SECRET_RULES.forEach((rule, priority) => {
    if (!rule.hint.test(text)) return;
    for (const match of rule.find(text)) candidates.push({ ...match, priority });
  });
  if (candidates.length === 0) return [];
  candidates.sort((a, b) => a.start - b.start || a.priority - b.priority || b.end - a.end);
  const kept: SecretMatch[] = [];
  let end = -1;
  for (const candidate of candidates) {
    if (candidate.start < end || candidate.end <= candidate.start) continue;
    kept.push({ start: candidate.start, end: candidate.end, kind: candidate.kind });
    end = candidate.end;
  }
  return kept;
}

/** `text` with its secrets replaced, and what was found (offsets in `text`). */
export function redactText(text: string): { text: string; found: SecretMatch[] } {
  const found = findSecrets(text);
  if (found.length === 0) return { text, found };
  let result = '';
  let copied = 0;
  for (const match of found) {
    result += text.slice(copied, match.start) + placeholder(match.kind);
    copied = match.end;
  }
  return { text: result + text.slice(copied), found };
}

/** Counts per kind for one line, in the order first seen. */
function tally(file: string, line: number, kinds: readonly string[], into: Redaction[]): void {
  for (const kind of kinds) {
    const known = into.find((entry) => entry.file === file && entry.line === line && entry.kind === kind);
    if (known) known.count++;
    else into.push({ kind, file, line, count: 1 });
  }
}

function redactValue(value: unknown, kinds: string[]): unknown {
  if (typeof value === 'string') {
    const { text, found } = redactText(value);
    for (const match of found) kinds.push(match.kind);
    return text;
  }
  if (Array.isArray(value)) {
    let changed = false;
    const next = value.map((item: unknown) => {
      const result = redactValue(item, kinds);
      if (result !== item) changed = true;
      return result;
    });
    return changed ? next : value;
  }
  if (isRecord(value)) {
    let result: Record<string, unknown> | undefined;
    for (const key of Object.keys(value)) {
      const item: unknown = value[key];
      const next = redactValue(item, kinds);
      if (next === item) continue;
      // defineProperty: a "__proto__" key from JSON.parse stays an own property
      result ??= Object.defineProperties({}, Object.getOwnPropertyDescriptors(value));
      Object.defineProperty(result, key, { value: next, enumerable: true, writable: true, configurable: true });
    }
    return result ?? value;
  }
  return value;
}

/** One JSONL line (without '\n'): its secrets redacted inside string values; a line that is not JSON is redacted as text. */
export function redactJsonLine(line: string): { line: string; kinds: string[] } {
  const kinds: string[] = [];
  if (!SECRET_RULES.some((rule) => rule.hint.test(line))) return { line, kinds };
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    const { text, found } = redactText(line);
    return { line: text, kinds: found.map((match) => match.kind) };
  }
  const next = redactValue(parsed, kinds);
  return next === parsed ? { line, kinds } : { line: JSON.stringify(next), kinds };
}

/** A JSONL file's text (complete lines): redacted line by line, with the report. */
export function redactJsonl(file: string, text: string, report: Redaction[]): string {
  const lines = text.split('\n');
  let changed = false;
  const out = lines.map((line, index) => {
    const result = redactJsonLine(line);
    if (result.kinds.length === 0) return line;
    changed = true;
    tally(file, index + 1, result.kinds, report);
    return result.line;
  });
  return changed ? out.join('\n') : text;
}

/** Any other text file (a tool result, a file-history backup of an `.env`): redacted as plain text. */
export function redactPlainText(file: string, text: string, report: Redaction[]): string {
  const { text: result, found } = redactText(text);
  let line = 1;
  let counted = 0;
  for (const match of found) {
    for (let at = text.indexOf('\n', counted); at >= 0 && at < match.start; at = text.indexOf('\n', at + 1)) {
      line++;
      counted = at + 1;
    }
    tally(file, line, [match.kind], report);
  }
  return result;
}
