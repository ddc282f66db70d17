// Path rewriting inside transcript lines (issue #2, item 3). Claude Code writes each line with
// JSON.stringify, so parse → rewrite strings and keys → stringify changes only the paths; a
// line with nothing to rewrite keeps its original bytes. Most lines take a faster route with
// the same result: the boundary regex run over the raw line (see rewriteRawLine).
import { isUtf8 } from 'node:buffer';
import { isRecord } from '../claude-format/jsonl.js';
import { applyMatches, findPrefixes, type MapDirection, type PathMap, perMapAndDirection, rewriteString, sourcePrefixes } from './path-map.js';
import { isWhole, latin1MapOf, rewriteJsonlBytes, rewriteJsonlBytesInto, type ByteRewriteRoute, type RewrittenPieces, type SlowLine } from './rewrite-jsonl-bytes.js';
import { closingQuote, identifierMayHoldPrefix, isFollowedByColon, isJsonSpace } from './json-scan.js';

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

interface LineRewriter {
  /** source prefixes as JSON.stringify writes them ('"' and '\' escaped; no control chars) */
  escapedPrefixes: readonly string[];
  /** no prefix on either side needs escaping, so raw JSON text can be rewritten in place */
  rawAllowed: boolean;
}

const lineRewriterFor = perMapAndDirection((map, direction): LineRewriter => {
  const escapedPrefixes = sourcePrefixes(map, direction).map((prefix) => JSON.stringify(prefix).slice(1, -1));
  const needsEscape = (path: string): boolean => path.includes('"') || path.includes('\\');
  const rawAllowed = !map.pairs.some((pair) => needsEscape(pair.local) || needsEscape(pair.remote));
  return { escapedPrefixes, rawAllowed };
});

/**
 * Rewrite the raw line without the walk and JSON.stringify (the common case, and faster).
 * Gives the walk's bytes for a line written by JSON.stringify; undefined when the walk must
 * decide: a prefix inside a key (two keys may become one) or in an identifier value.
 */
function rewriteRawLine(map: PathMap, line: string, direction: MapDirection, prefixes: readonly string[]): string | undefined {
  const matches = findPrefixes(map, line, direction, 'jsonString');
  if (matches.length === 0) return line;
  if (identifierMayHoldPrefix(line, prefixes)) return undefined;
  let stringEnd = -1; // the closing quote of the string holding the previous match
  for (const match of matches) {
    if (match.start < stringEnd) continue;
    stringEnd = closingQuote(line, match.end);
    if (stringEnd < 0 || isFollowedByColon(line, stringEnd)) return undefined;
  }
  return applyMatches(line, matches);
}

// Escapes JSON.stringify never writes: `\/`, and `\u` other than for a control char (it writes
// lone surrogates as `\udXXX`; other writers may spell any char so). Over-matches `\\u…`.
const UNUSUAL_ESCAPE = /\\(?:\/|u(?!00[01][0-9A-Fa-f]))/;

function parseObject(line: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  return isRecord(value) ? value : undefined;
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
  if (rename === undefined) {
    // Parsing is needed anyway to report corrupt lines; the walk and stringify often are not.
    // With JSON.stringify's escapes only, each char of a decoded string has one spelling in the
    // raw line, so raw substring and boundary tests agree with tests on the decoded strings.
    const { escapedPrefixes, rawAllowed } = lineRewriterFor(map, direction);
    if (!UNUSUAL_ESCAPE.test(line)) {
      if (rawAllowed) {
        const raw = rewriteRawLine(map, line, direction, escapedPrefixes);
        if (raw !== undefined) return { line: raw, changed: raw !== line, invalid: false };
      } else if (!escapedPrefixes.some((prefix) => line.includes(prefix))) {
        return { line, changed: false, invalid: false };
      }
    }
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

/**
 * A line that is not valid UTF-8 would lose its odd bytes to U+FFFD through a string (issue #13,
 * defect 5): it is rewritten as latin1 text instead, one char per byte, so every byte outside
 * a mapped path comes back as it was. Undefined for a valid line (the usual route).
 */
function rewriteOddBytes(map: PathMap, data: Buffer, text: string, direction: MapDirection, options?: RewriteOptions): { bytes: Buffer; line: RewrittenLine } | undefined {
  if (!text.includes('\ufffd') || isUtf8(data)) return undefined;
  const line = rewriteJsonLine(latin1MapOf(map), data.toString('latin1'), direction, options);
  return { bytes: Buffer.from(line.line, 'latin1'), line };
}

/** One line's bytes (without its '\n') in the other side's form; odd bytes kept (see above). */
export function rewriteLineBytes(map: PathMap, line: Buffer, direction: MapDirection): Buffer {
  return rewriteJsonl(map, line, direction).data;
}

function routeFor(map: PathMap, direction: MapDirection, options?: RewriteOptions): ByteRewriteRoute {
  const slow = (line: Buffer): SlowLine => {
    const text = line.toString('utf8');
    const odd = rewriteOddBytes(map, line, text, direction, options);
    if (odd !== undefined) return { bytes: odd.line.changed ? odd.bytes : undefined, invalid: odd.line.invalid };
    const rewritten = rewriteJsonLine(map, text, direction, options);
    return { bytes: rewritten.changed ? Buffer.from(rewritten.line, 'utf8') : undefined, invalid: rewritten.invalid };
  };
  return { slow, allSlow: options?.renameSessionId !== undefined };
}

/**
 * Rewrite complete lines. Unchanged lines keep their exact bytes (even invalid UTF-8); lines
 * that are not JSON objects are copied and listed (1-based). Bytes after the last '\n', if a
 * caller passes any, are treated as one more line and left without a '\n'. Most lines are
 * rewritten on bytes (rewrite-jsonl-bytes.ts); the others go through rewriteJsonLine.
 */
export function rewriteJsonl(map: PathMap, data: Buffer, direction: MapDirection, options?: RewriteOptions): { data: Buffer; invalidLines: number[] } {
  return rewriteJsonlBytes(map, data, direction, routeFor(map, direction, options));
}

/** Input bytes rewritten between two turns of the event loop (~15 ms on the bench machine). */
export const REWRITE_STEP_BYTES = 4 * 1024 * 1024;

/**
 * rewriteJsonl in steps of whole lines, giving the event loop a turn between steps: a first
 * sync's 100 MB session took ~0.4 s in one go, and meanwhile the compression jobs, which need
 * the main thread between their threadpool passes, and the next reads stood still (one core
 * idle; issue #11). The same bytes and invalid lines as rewriteJsonl.
 */
export async function rewriteJsonlInSteps(map: PathMap, data: Buffer, direction: MapDirection, stepBytes: number = REWRITE_STEP_BYTES): Promise<{ data: Buffer; invalidLines: number[] }> {
  if (data.length <= stepBytes) return rewriteJsonl(map, data, direction);
  const route = routeFor(map, direction);
  const out: RewrittenPieces = { pieces: [], length: 0, invalidLines: [] };
  let lines = 0;
  for (let start = 0; start < data.length; ) {
    const newline = data.indexOf(0x0a, Math.min(start + stepBytes, data.length) - 1);
    const end = newline < 0 ? data.length : newline + 1;
    lines += rewriteJsonlBytesInto(out, map, data.subarray(start, end), direction, route, lines + 1);
    start = end;
    if (start < data.length) await new Promise((resolve) => setImmediate(resolve));
  }
  if (isWhole(out.pieces, data)) return { data, invalidLines: out.invalidLines };
  return { data: Buffer.concat(out.pieces, out.length), invalidLines: out.invalidLines };
}
