// The path rewrite of whole transcripts on bytes (issue #11: a first sync rewrites hundreds of MB,
// and every line carries a `cwd`). Each line is read as latin1 — one char per byte, so offsets
// in the text are offsets in the buffer — and the output is built from ranges of the input
// with the other side's prefixes in between: no per-line decode, join and re-encode, and every
// byte outside a mapped path arrives as it was. The decisions are those of rewriteJsonLine's
// raw route (rewrite-jsonl.ts), on the same chars: its patterns are ASCII, and ASCII bytes are
// the same chars in either reading. The one exception is the boundary test next to a prefix,
// which asks whether a neighbouring char is a letter or digit of any script: a prefix next to a
// non-ASCII byte sends its line to the exact route, as do the lines that route would send to
// the JSON walk (a prefix in a key or an identifier field, escapes JSON.stringify never writes,
// a session id to rename).
import { isAscii } from 'node:buffer';
import { createPathMap, findPrefixes, perMapAndDirection, type MapDirection, type PathMap } from './path-map.js';
import { closingQuote, identifierMayHoldPrefix, isFollowedByColon, isJsonSpace } from './json-scan.js';

/** One line through the exact route: its new bytes (undefined: unchanged), and whether it is a JSON object at all. */
export interface SlowLine {
  bytes: Buffer | undefined;
  invalid: boolean;
}

export interface ByteRewriteRoute {
  /** the exact route for one line (without its '\n'): rewrite-jsonl.ts's per-line logic */
  slow: (line: Buffer) => SlowLine;
  /** every line takes the exact route (a session id is renamed: forks) */
  allSlow: boolean;
}

interface Latin1Rewriter {
  /** the map with every path spelled as its UTF-8 bytes read as latin1 */
  map: PathMap;
  /** the source prefixes in that spelling, longest first, and as JSON.stringify writes them */
  sources: readonly string[];
  escapedSources: readonly string[];
  /** no prefix on either side needs escaping in JSON, so raw JSON text can be rewritten in place */
  rawAllowed: boolean;
}


const latin1 = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');
const latin1Maps = new WeakMap<PathMap, PathMap>();

/** The map with each path spelled as its UTF-8 bytes read as latin1 (one char per byte); one per map. */
export function latin1MapOf(map: PathMap): PathMap {
  let found = latin1Maps.get(map);
  if (found === undefined) {
    found = createPathMap(map.pairs.map((pair) => ({ local: latin1(pair.local), remote: latin1(pair.remote) })));
    latin1Maps.set(map, found);
  }
  return found;
}

const rewriterFor = perMapAndDirection((map, direction): Latin1Rewriter => {
  const spelled = latin1MapOf(map);
  const sources = spelled.pairs.map((pair) => (direction === 'toRemote' ? pair.local : pair.remote)).sort((a, b) => b.length - a.length);
  const needsEscape = (path: string): boolean => path.includes('"') || path.includes('\\');
  return {
    map: spelled,
    sources,
    escapedSources: sources.map((source) => JSON.stringify(source).slice(1, -1)),
    rawAllowed: !map.pairs.some((pair) => needsEscape(pair.local) || needsEscape(pair.remote)),
  };
});

/** A prefix with a non-ASCII char on either side: only the exact route can tell its boundary. */
function prefixNextToHighByte(text: string, sources: readonly string[]): boolean {
  for (const source of sources) {
    for (let at = text.indexOf(source); at >= 0; at = text.indexOf(source, at + 1)) {
      const after = at + source.length;
      if (text.charCodeAt(at - 1) >= 0x80 || text.charCodeAt(after) >= 0x80) return true;
      if (text.charCodeAt(after) === 0x2e && text.charCodeAt(after + 1) >= 0x80) return true;
    }
  }
  return false;
}

/**
 * A JSON object, as JSON.parse + isRecord tell it: the same answer on latin1 text as on the
 * decoded line (bytes ≥ 0x80 are characters inside strings either way, and errors outside).
 */
function isJsonObject(text: string): boolean {
  let first = 0;
  while (isJsonSpace(text.charCodeAt(first))) first++;
  if (text.charCodeAt(first) !== 0x7b) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** UNUSUAL_ESCAPE.test, as a scan of the backslashes (most lines hold many, in escaped newlines). */
function hasUnusualEscape(text: string): boolean {
  for (let at = text.indexOf('\\'); at >= 0; at = text.indexOf('\\', at + 1)) {
    const next = text.charCodeAt(at + 1);
    if (next === 0x2f) return true;
    if (next === 0x75 && !(text.charCodeAt(at + 2) === 0x30 && text.charCodeAt(at + 3) === 0x30 && (text.charCodeAt(at + 4) === 0x30 || text.charCodeAt(at + 4) === 0x31) && isHexDigit(text.charCodeAt(at + 5)))) return true;
  }
  return false;
}

function isHexDigit(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

type LineResult = { kind: 'same' } | { kind: 'invalid' } | { kind: 'slow' } | { kind: 'matches'; matches: ReturnType<typeof findPrefixes> };

/** The raw route on one line's latin1 text; 'slow' where it would hand the line to the walk. */
function rawRoute(rewriter: Latin1Rewriter, text: string, ascii: boolean, direction: MapDirection): LineResult {
  if (!isJsonObject(text)) return { kind: 'invalid' };
  if (!rewriter.rawAllowed || hasUnusualEscape(text)) return { kind: 'slow' };
  if (!ascii && prefixNextToHighByte(text, rewriter.sources)) return { kind: 'slow' };
  const matches = findPrefixes(rewriter.map, text, direction, 'jsonString');
  if (matches.length === 0) return { kind: 'same' };
  if (identifierMayHoldPrefix(text, rewriter.escapedSources)) return { kind: 'slow' };
  let stringEnd = -1;
  for (const match of matches) {
    if (match.start < stringEnd) continue;
    stringEnd = closingQuote(text, match.end);
    if (stringEnd < 0 || isFollowedByColon(text, stringEnd)) return { kind: 'slow' };
  }
  return { kind: 'matches', matches };
}

const NEWLINE = 0x0a;

/** Rewritten output as pieces (views of the input and the other side's prefixes), not yet joined. */
export interface RewrittenPieces {
  pieces: Buffer[];
  length: number;
  /** 1-based, counted from the first line of the whole input */
  invalidLines: number[];
}

/**
 * Rewrite complete lines onto `out`: the same bytes as rewriting each line with rewriteJsonLine.
 * Lines that are not JSON objects are copied and listed, numbered from `firstLine`; bytes after
 * the last '\n' count as one more line. Returns the number of lines read.
 */
export function rewriteJsonlBytesInto(out: RewrittenPieces, map: PathMap, data: Buffer, direction: MapDirection, route: ByteRewriteRoute, firstLine = 1): number {
  const rewriter = rewriterFor(map, direction);
  const { pieces, invalidLines } = out;
  const targets = new Map<string, Buffer>();
  let copiedTo = 0; // bytes of `data` before this are in `pieces`
  const keep = (end: number): void => {
    if (end > copiedTo) {
      pieces.push(data.subarray(copiedTo, end));
      out.length += end - copiedTo;
    }
  };
  let lineNumber = firstLine - 1;
  for (let start = 0; start < data.length; ) {
    const newline = data.indexOf(NEWLINE, start);
    const end = newline < 0 ? data.length : newline;
    lineNumber++;
    const line = data.subarray(start, end);
    const result: LineResult = route.allSlow ? { kind: 'slow' } : rawRoute(rewriter, data.toString('latin1', start, end), isAscii(line), direction);
    if (result.kind === 'invalid') invalidLines.push(lineNumber);
    else if (result.kind === 'matches') {
      for (const match of result.matches) {
        keep(start + match.start);
        let target = targets.get(match.target);
        if (target === undefined) {
          target = Buffer.from(match.target, 'latin1');
          targets.set(match.target, target);
        }
        pieces.push(target);
        out.length += target.length;
        copiedTo = start + match.end;
      }
    } else if (result.kind === 'slow') {
      const slow = route.slow(line);
      if (slow.invalid) invalidLines.push(lineNumber);
      if (slow.bytes !== undefined) {
        keep(start);
        pieces.push(slow.bytes);
        out.length += slow.bytes.length;
        copiedTo = end;
      }
    }
    start = newline < 0 ? data.length : newline + 1;
  }
  keep(data.length);
  return lineNumber - firstLine + 1;
}

/** `pieces` are views of `data` end to end, all of it: nothing was rewritten. */
export function isWhole(pieces: readonly Buffer[], data: Buffer): boolean {
  let at = data.byteOffset;
  for (const piece of pieces) {
    if (piece.buffer !== data.buffer || piece.byteOffset !== at) return false;
    at += piece.length;
  }
  return at === data.byteOffset + data.length;
}

/**
 * Rewrite complete lines; the same bytes as rewriting each line with rewriteJsonLine. Lines that
 * are not JSON objects are copied and listed (1-based); bytes after the last '\n' count as one
 * more line. Nothing changed → `data` itself.
 */
export function rewriteJsonlBytes(map: PathMap, data: Buffer, direction: MapDirection, route: ByteRewriteRoute): { data: Buffer; invalidLines: number[] } {
  const out: RewrittenPieces = { pieces: [], length: 0, invalidLines: [] };
  rewriteJsonlBytesInto(out, map, data, direction, route);
  if (isWhole(out.pieces, data)) return { data, invalidLines: out.invalidLines };
  return { data: Buffer.concat(out.pieces, out.length), invalidLines: out.invalidLines };
}
