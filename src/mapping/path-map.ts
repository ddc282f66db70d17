// Prefix pairs between the two machines' paths (issue #2, item 3): which local dir is which
// remote dir, and the rewrite of those prefixes wherever they occur in text.
import { ExitError } from '../errors.js';

export interface PathPair {
  local: string;
  remote: string;
}
export type MapDirection = 'toRemote' | 'toLocal';
export interface PathMap {
  readonly pairs: readonly PathPair[];
}

/** Validated, normalised pairs; throws ExitError with a one-line message for a bad set. */
export function createPathMap(pairs: readonly PathPair[]): PathMap {
  const kept: PathPair[] = [];
  const remoteOfLocal = new Map<string, string>();
  const localOfRemote = new Map<string, string>();
  for (const pair of pairs) {
    const local = normalisePrefix(pair.local, 'local');
    const remote = normalisePrefix(pair.remote, 'remote');
    const knownRemote = remoteOfLocal.get(local);
    const knownLocal = localOfRemote.get(remote);
    if (knownRemote === remote && knownLocal === local) continue; // exact duplicate
    if (knownRemote !== undefined) {
      throw new ExitError(`path mapping: local ${show(local)} is mapped to two remote paths, ${show(knownRemote)} and ${show(remote)}; keep one`);
    }
    if (knownLocal !== undefined) {
      throw new ExitError(`path mapping: remote ${show(remote)} is mapped from two local paths, ${show(knownLocal)} and ${show(local)}; keep one`);
    }
    remoteOfLocal.set(local, remote);
    localOfRemote.set(remote, local);
    kept.push(Object.freeze({ local, remote }));
  }
  // Frozen: compiled regexes are cached per map object, so its pairs must not change.
  return Object.freeze({ pairs: Object.freeze(kept) });
}

function show(path: string): string {
  return JSON.stringify(path); // escapes control chars, so the message stays one line
}

function normalisePrefix(path: unknown, side: 'local' | 'remote'): string {
  if (typeof path !== 'string') throw new ExitError(`path mapping: the ${side} path must be a string`);
  const bad = (why: string): ExitError => new ExitError(`path mapping: ${side} path ${show(path)} ${why}`);
  if (!path.startsWith('/')) throw bad('is not absolute (it must start with /)');
  // Control chars (NUL, newline, …) cannot be matched in JSONL text and are refused outright.
  if (/[\u0000-\u001f\u007f]/.test(path)) throw bad('contains a control character (NUL, newline, …)');
  const stripped = path.replace(/\/+$/, '');
  if (stripped === '') throw bad('is the root dir; map a dir below /');
  const segments = stripped.split('/').slice(1);
  if (segments.some((segment) => segment === '')) throw bad('contains an empty segment (//)');
  if (segments.some((segment) => segment === '.' || segment === '..')) throw bad('contains a . or .. segment');
  return stripped;
}

/** Boundary-aware: `/a/proj` is under `/a/proj` and `/a`, not under `/a/pro`. */
export function isUnder(path: string, root: string): boolean {
  const base = root.replace(/\/+$/, '');
  if (base === '') return path.startsWith('/');
  return path === base || path.startsWith(`${base}/`);
}

function sourceAndTarget(pair: PathPair, direction: MapDirection): [string, string] {
  return direction === 'toRemote' ? [pair.local, pair.remote] : [pair.remote, pair.local];
}

/** The other side's path for `path`, by the longest prefix; undefined when none covers it. */
export function mapPath(map: PathMap, path: string, direction: MapDirection): string | undefined {
  let best: [string, string] | undefined;
  for (const pair of map.pairs) {
    const [source, target] = sourceAndTarget(pair, direction);
    if (source === '' || !isUnder(path, source)) continue;
    if (best === undefined || source.length > best[0].length) best = [source, target];
  }
  if (best === undefined) return undefined;
  return best[1] + path.slice(best[0].length);
}

// Chars that continue a path name. The brief's set is [A-Za-z0-9._~+@/-]; letters, digits and
// marks of every script are added so that "/a/projé" is not read as "/a/proj" + "é", and
// "/x/é/a/proj" is not read as an occurrence of "/a/proj".
const PATH_CHAR = String.raw`\p{L}\p{N}\p{M}._~+@\/-`;
// What may follow a prefix without ending it: a path char other than '/' and '.'; a '.' ends
// it only when no path char follows ("see /a/proj." but not "/a/proj.bak").
const NAME_CHAR = String.raw`\p{L}\p{N}\p{M}_~+@-`;

/**
 * Where the text is: `text` is the string itself; `jsonString` is the raw text of a JSON string
 * as JSON.stringify writes it (no `\/`, and `\u` only for control chars), where a prefix right
 * after an escaped control char ("\n/a/proj" written as `\n/a/proj`) starts at a boundary.
 */
export type TextForm = 'text' | 'jsonString';

interface CompiledRewrite {
  /** undefined when the map has no prefix on this side */
  regexes: Record<TextForm, RegExp> | undefined;
  targets: Map<string, string>;
  /** the source-side prefixes, longest first */
  sources: readonly string[];
}

/** `build(map, direction)`, computed once per map and direction (a map is never changed once made). */
export function perMapAndDirection<T>(build: (map: PathMap, direction: MapDirection) => T): (map: PathMap, direction: MapDirection) => T {
  const cache = new WeakMap<PathMap, Partial<Record<MapDirection, T>>>();
  return (map, direction) => {
    let byDirection = cache.get(map);
    if (byDirection === undefined) {
      byDirection = {};
      cache.set(map, byDirection);
    }
    const cached = byDirection[direction];
    if (cached !== undefined) return cached;
    const built = build(map, direction);
    byDirection[direction] = built;
    return built;
  };
}

const compiledFor = perMapAndDirection(compile);

// Outside a character class, a u-mode regex accepts an escape only before syntax chars and '/'.
function escapeForRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

function compile(map: PathMap, direction: MapDirection): CompiledRewrite {
  const targets = new Map<string, string>();
  for (const pair of map.pairs) {
    const [source, target] = sourceAndTarget(pair, direction);
    if (source.startsWith('/') && source.length > 1 && !targets.has(source)) targets.set(source, target);
  }
  // Longest first: alternation takes the first branch whose trailing boundary holds, so a
  // failed boundary on /a/proj ("/a/proj2") falls back to /a.
  const sources = Object.freeze([...targets.keys()].sort((a, b) => b.length - a.length));
  if (sources.length === 0) return { regexes: undefined, targets, sources };
  const rests = sources.map((source) => escapeForRegex(source.slice(1))).join('|');
  // Every prefix starts with '/', so the regex starts with that literal (a fast scan) and then
  // looks behind it: start of text, a non-path char, or a URL's "://" (file:///a/proj).
  const textBefore = String.raw`^|[^${PATH_CHAR}]|:\/\/`;
  // In raw JSON, also an escaped control char (an odd run of backslashes, then `n` or `u001b`).
  const jsonBefore = String.raw`${textBefore}|(?:^|[^\\])(?:\\\\)*\\(?:[bfnrt]|u00[01][0-9A-Fa-f])`;
  const after = String.raw`(?![${NAME_CHAR}]|\.[${PATH_CHAR}])`;
  const build = (before: string): RegExp => new RegExp(String.raw`\/(?<=(?:${before})\/)(?:${rests})${after}`, 'gu');
  return { regexes: { text: build(textBefore), jsonString: build(jsonBefore) }, targets, sources };
}

export interface PrefixMatch {
  start: number;
  end: number;
  /** the other side's prefix that replaces text[start, end) */
  target: string;
}

const NO_MATCHES: readonly PrefixMatch[] = Object.freeze([]);

/** The occurrences that a rewrite replaces, in order (ones mapped to themselves left out). */
export function findPrefixes(map: PathMap, text: string, direction: MapDirection, form: TextForm = 'text'): readonly PrefixMatch[] {
  const { regexes, targets } = compiledFor(map, direction);
  if (regexes === undefined || !text.includes('/')) return NO_MATCHES;
  const regex = regexes[form];
  regex.lastIndex = 0;
  let matches: PrefixMatch[] | undefined;
  let previousEnd = -1;
  for (let found = regex.exec(text); found !== null; found = regex.exec(text)) {
    const start = found.index;
    const end = start + found[0].length;
    // A prefix right after another one's end ("/x/(1)" then "/a/proj") is a path below the
    // first, not a second path. The check also keeps the rewrite exactly invertible when a
    // prefix ends in a non-path char and its counterpart does not.
    const adjacent = start === previousEnd;
    previousEnd = end;
    const target = targets.get(found[0]);
    if (adjacent || target === undefined || target === found[0]) continue;
    (matches ??= []).push({ start, end, target });
  }
  return matches ?? NO_MATCHES;
}

/** `text` with each match replaced by its target. */
export function applyMatches(text: string, matches: readonly PrefixMatch[]): string {
  let result = '';
  let copied = 0;
  for (const match of matches) {
    result += text.slice(copied, match.start) + match.target;
    copied = match.end;
  }
  return result + text.slice(copied);
}

/**
 * Rewrite every occurrence of a source-side prefix inside free text. Returns `text` itself
 * (the same string) when nothing changed, so callers can compare with `===` cheaply.
 */
export function rewriteString(map: PathMap, text: string, direction: MapDirection): string {
  const matches = findPrefixes(map, text, direction);
  return matches.length === 0 ? text : applyMatches(text, matches);
}

/** The prefixes that `rewriteString` looks for in this direction (for cheap pre-checks). */
export function sourcePrefixes(map: PathMap, direction: MapDirection): readonly string[] {
  return compiledFor(map, direction).sources;
}
