// Path rewriting inside transcript lines (issue #2, item 3). Claude Code writes each line with
// JSON.stringify, so parse → rewrite strings and keys → stringify changes only the paths; a
// line with nothing to rewrite keeps its original bytes.
import { isRecord } from '../store/jsonl.js';
import { rewriteString, sourcePrefixes, type MapDirection, type PathMap } from './path-map.js';

export interface RewriteOptions {
  /** for forks: a top-level `sessionId` equal to `from` becomes `to` */
  renameSessionId?: { from: string; to: string };
}

export interface RewrittenLine {
  line: string;
  changed: boolean;
  invalid: boolean;
}

// Identifiers that hold the conversation together (`parentUuid` chains, summaries' leaves,
// the session a line belongs to): never rewritten, even when they look like paths.
const IDENTIFIER_KEYS = new Set(['uuid', 'parentUuid', 'leafUuid', 'sessionId']);

type RewriteText = (text: string) => string;

/** Returns `value` itself when nothing inside it changed. */
function rewriteValue(value: unknown, rewrite: RewriteText): unknown {
  if (typeof value === 'string') return rewrite(value);
  if (Array.isArray(value)) return rewriteArray(value, rewrite);
  if (isRecord(value)) return rewriteObject(value, rewrite);
  return value;
}

function rewriteArray(items: unknown[], rewrite: RewriteText): unknown[] {
  let result: unknown[] | undefined;
  for (let index = 0; index < items.length; index++) {
    const item: unknown = items[index];
    const next = rewriteValue(item, rewrite);
    if (next === item) continue;
    result ??= items.slice();
    result[index] = next;
  }
  return result ?? items;
}

// JSON.parse makes "__proto__" an own data property; plain assignment would set the prototype.
function setEntry(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** Keys are rewritten too (file-history `trackedFileBackups` keys are paths); order is kept. */
function rewriteObject(object: Record<string, unknown>, rewrite: RewriteText): Record<string, unknown> {
  const keys = Object.keys(object);
  let result: Record<string, unknown> | undefined;
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index];
    if (key === undefined) continue;
    const value: unknown = object[key];
    const nextKey = rewrite(key);
    const nextValue = IDENTIFIER_KEYS.has(key) ? value : rewriteValue(value, rewrite);
    if (result === undefined) {
      if (nextKey === key && nextValue === value) continue;
      result = {};
      for (const earlier of keys.slice(0, index)) setEntry(result, earlier, object[earlier]);
    }
    // Two keys that become one (two remote paths mapped onto one local path) would lose an
    // entry: the later one keeps its original key instead.
    setEntry(result, Object.hasOwn(result, nextKey) ? key : nextKey, nextValue);
  }
  return result ?? object;
}

// Prefixes as they appear inside a JSON string written by JSON.stringify ('"' and '\' escaped;
// control chars are refused by createPathMap).
const escapedPrefixesByMap = new WeakMap<PathMap, Partial<Record<MapDirection, readonly string[]>>>();

function escapedPrefixes(map: PathMap, direction: MapDirection): readonly string[] {
  let byDirection = escapedPrefixesByMap.get(map);
  if (byDirection === undefined) {
    byDirection = {};
    escapedPrefixesByMap.set(map, byDirection);
  }
  const cached = byDirection[direction];
  if (cached !== undefined) return cached;
  const escaped = sourcePrefixes(map, direction).map((prefix) => JSON.stringify(prefix).slice(1, -1));
  byDirection[direction] = escaped;
  return escaped;
}

/**
 * False only when no string in the line can hold a prefix. Without `\u` and `\/` escapes every
 * char of a decoded string has one spelling in the raw line, so a substring test on the
 * escaped prefixes is exact; with them (ANSI codes in tool output, other writers) we parse.
 */
function mayHoldPrefix(line: string, prefixes: readonly string[]): boolean {
  if (prefixes.length === 0) return false;
  if (line.includes('\\u') || line.includes('\\/')) return true;
  return prefixes.some((prefix) => line.includes(prefix));
}

function parseObject(line: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  return isRecord(value) ? value : undefined;
}

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** The JSON whitespace before and after the value (a char scan: a `\s*$` regex is quadratic). */
function surroundingSpace(line: string): [string, string] {
  let start = 0;
  while (start < line.length && isJsonSpace(line.charCodeAt(start))) start++;
  let end = line.length;
  while (end > start && isJsonSpace(line.charCodeAt(end - 1))) end--;
  return [line.slice(0, start), line.slice(end)];
}

/** Rewrite one line (without its '\n'). Invalid JSON or a non-object comes back byte for byte. */
export function rewriteJsonLine(map: PathMap, line: string, direction: MapDirection, options?: RewriteOptions): RewrittenLine {
  const rename = options?.renameSessionId;
  const parsed = parseObject(line);
  if (parsed === undefined) return { line, changed: false, invalid: true };
  // Parsing is needed anyway to report corrupt lines; the walk and stringify are not.
  if (rename === undefined && !mayHoldPrefix(line, escapedPrefixes(map, direction))) {
    return { line, changed: false, invalid: false };
  }
  let result = rewriteObject(parsed, (text) => rewriteString(map, text, direction));
  if (rename !== undefined && result.sessionId === rename.from && rename.from !== rename.to) {
    if (result === parsed) result = { ...parsed }; // spread defines keys, so "__proto__" is safe
    result.sessionId = rename.to; // an existing key: its place in the line is kept
  }
  if (result === parsed) return { line, changed: false, invalid: false };
  // Whitespace around the object (a '\r' from a CRLF file) is not part of the JSON: keep it.
  const [leading, trailing] = surroundingSpace(line);
  const next = leading + JSON.stringify(result) + trailing;
  return { line: next, changed: next !== line, invalid: false };
}

const NEWLINE = 0x0a;

/**
 * Rewrite complete lines. Unchanged lines keep their exact bytes (even invalid UTF-8); lines
 * that are not JSON objects are copied and listed (1-based). Bytes after the last '\n', if a
 * caller passes any, are treated as one more line and left without a '\n'.
 */
export function rewriteJsonl(map: PathMap, data: Buffer, direction: MapDirection, options?: RewriteOptions): { data: Buffer; invalidLines: number[] } {
  const invalidLines: number[] = [];
  const chunks: Buffer[] = [];
  let anyChanged = false;
  let unchangedFrom = 0; // start of the run of unchanged bytes not yet in `chunks`
  let lineNumber = 0;
  for (let start = 0; start < data.length; ) {
    const newline = data.indexOf(NEWLINE, start);
    const end = newline < 0 ? data.length : newline;
    lineNumber++;
    const rewritten = rewriteJsonLine(map, data.toString('utf8', start, end), direction, options);
    if (rewritten.invalid) invalidLines.push(lineNumber);
    if (rewritten.changed) {
      anyChanged = true;
      if (unchangedFrom < start) chunks.push(data.subarray(unchangedFrom, start));
      chunks.push(Buffer.from(rewritten.line, 'utf8'));
      unchangedFrom = end;
    }
    start = newline < 0 ? data.length : newline + 1;
  }
  if (!anyChanged) return { data, invalidLines };
  if (unchangedFrom < data.length) chunks.push(data.subarray(unchangedFrom));
  return { data: Buffer.concat(chunks), invalidLines };
}
