// The two path-keyed records outside the transcripts that `ccsync move` carries along (issue #2,
// item 6; ../shared/claude-code-format.md, "Where things live"): `history.jsonl` lines
// `{display, pastedContents, timestamp, project, sessionId}` whose `project` is the start dir,
// and the `projects` map of `.claude.json`, keyed by absolute path. Pure: text in, text out.
import * as z from 'zod';
import { ExitError } from '../errors.js';
import { mapPath, type PathMap } from '../mapping/path-map.js';
import { isRecord } from '../claude-format/jsonl.js';

export interface HistoryRewrite {
  data: Buffer;
  /** lines whose `project` moved */
  entries: number;
}

/**
 * `project` of every complete line at or below the old path gets the new path; nothing else in
 * the line changes (`display` is what the user typed: left alone). Lines that do not parse and a
 * partial last line (Claude appending right now) are kept byte for byte.
 */
export function rewriteHistory(data: Buffer, map: PathMap): HistoryRewrite {
  const out: Buffer[] = [];
  let entries = 0;
  let start = 0;
  for (let end = data.indexOf(0x0a, start); end >= 0; end = data.indexOf(0x0a, start)) {
    const raw = data.subarray(start, end + 1);
    const text = raw.toString('utf8', 0, raw.length - 1);
    const carriageReturn = text.endsWith('\r') ? '\r' : '';
    const line = parseLine(carriageReturn ? text.slice(0, -1) : text);
    const project = line?.['project'];
    const moved = typeof project === 'string' ? mapPath(map, project, 'toRemote') : undefined;
    if (line !== undefined && moved !== undefined && moved !== project) {
      // a spread copies `__proto__` as an own key; `project` keeps its place in the line
      out.push(Buffer.from(`${JSON.stringify({ ...line, project: moved })}${carriageReturn}\n`, 'utf8'));
      entries++;
    } else {
      out.push(raw);
    }
    start = end + 1;
  }
  if (entries === 0) return { data, entries };
  out.push(data.subarray(start));
  return { data: Buffer.concat(out), entries };
}

function parseLine(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

// Only the shape this rewrite relies on; every other key passes through untouched.
const claudeJsonSchema = z.looseObject({ projects: z.record(z.string(), z.unknown()).optional() });

export interface ClaudeJsonRewrite {
  /** the new text; equal to the input when nothing moved */
  text: string;
  /** `projects` keys renamed, [old, new] */
  moved: Array<[string, string]>;
  /** keys left in place because the new key is already there (Claude was started at the new path) */
  kept: Array<[string, string]>;
}

/** The indentation the file was written with (Claude writes `JSON.stringify(config, null, 2)`). */
export function indentOf(text: string): string | number {
  const match = /^\{\r?\n([ \t]+)"/.exec(text);
  if (match?.[1] !== undefined) return match[1];
  return /^\{\s*\}\s*$/.test(text) || /^\{\r?\n/.test(text) ? 2 : 0;
}

/**
 * Renames each `projects` key at or below the old path, keeping its place and its value as is.
 * Throws ExitError for a file that is not a JSON object with an object `projects`.
 */
export function rewriteClaudeJson(text: string, map: PathMap, fileName: string): ClaudeJsonRewrite {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ExitError(`${fileName} is not valid JSON (${error instanceof Error ? error.message : String(error)}): fix or restore it, then run \`ccsync move\` again; nothing was changed`);
  }
  const checked = claudeJsonSchema.safeParse(parsed);
  if (!checked.success || !isRecord(parsed)) {
    throw new ExitError(`${fileName}: expected a JSON object whose "projects" is an object: fix or restore it, then run \`ccsync move\` again; nothing was changed`);
  }
  const projects = parsed['projects'];
  if (!isRecord(projects)) return { text, moved: [], kept: [] };
  const moved: Array<[string, string]> = [];
  const kept: Array<[string, string]> = [];
  const entries = Object.entries(projects).map(([key, value]): [string, unknown] => {
    const next = mapPath(map, key, 'toRemote');
    if (next === undefined || next === key) return [key, value];
    if (Object.hasOwn(projects, next)) {
      kept.push([key, next]);
      return [key, value];
    }
    moved.push([key, next]);
    return [next, value];
  });
  if (moved.length === 0) return { text, moved, kept };
  // fromEntries and the spread define own keys (safe for "__proto__"); key order is kept
  const next = { ...parsed, projects: Object.fromEntries(entries) };
  const newline = text.endsWith('\n') ? '\n' : '';
  return { text: `${JSON.stringify(next, null, indentOf(text))}${newline}`, moved, kept };
}
