// The Manifest from the sh agent's raw facts (manifest-script.ts), by the node agent's rules
// (src/agent/manifest.ts, list-files.ts, live-sessions.ts) step by step, so that the engine
// cannot tell the agents apart. Where the facts do not settle a question exactly (a cwd line
// that did not parse, a dir the scope prefilter missed, a quick check the shell judged
// differently) the result asks for a second, fuller try instead of guessing.
import { createHash } from 'node:crypto';
import path from 'node:path';
import * as z from 'zod';
import { isUnder } from '../../agent/manifest.js';
import { kindOf } from '../../wire/protocol.js';
import { safeRelPath } from '../../agent/safe-path.js';
import { notSessionWarning, transcriptFileKind } from '../../agent/session-name.js';
import { encodeProjectDir } from '../../claude-format/encode-project-dir.js';
import { firstCwd, isRecord } from '../../claude-format/jsonl.js';
import { PROTOCOL_VERSION, type FileEntry, type Manifest, type ManifestRequest, type ProjectDir } from '../../wire/protocol.js';
import { parseStatLines, takeFp, type ShRecord, type StatLine } from './records.js';
import { Listing, listTree } from './listing.js';
import { assembleExtras, emptyExtrasFacts, type ExtrasFacts } from './extras-assemble.js';
import { describeError } from '../../errors.js';

const HEAD_BYTES = 65536;
const SESSION_AREAS = ['file-history', 'tasks', 'session-env'];
const SESSION_ID_FIELD = /"sessionId"\s*:\s*"([^"\\]*)"/;
const registryEntrySchema = z.looseObject({ pid: z.number().int().positive(), sessionId: z.string().min(1) });

export interface Facts {
  hello: Map<string, string>;
  depth12: StatLine[];
  heads: Map<string, Buffer>;
  legacyIds: Map<string, string>;
  described: Set<string>;
  trees: StatLine[];
  settled: Map<string, { unchanged?: true; vanished?: true; stat?: StatLine; completeLen?: number; fp?: string; probeFp?: string }>;
  settings?: Buffer;
  registry: { name: string; data: Buffer }[];
  livePids: Set<number>;
  errors: string[];
  extras: ExtrasFacts;
  /** what the turn healed after an interrupted run (heal-script.ts): manifest warnings */
  notes: string[];
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

export function collectFacts(records: ShRecord[], label: string): Facts {
  const facts: Facts = { hello: new Map(), depth12: [], heads: new Map(), legacyIds: new Map(), described: new Set(), trees: [], settled: new Map(), registry: [], livePids: new Set(), errors: [], extras: emptyExtrasFacts(), notes: [] };
  let name = '';
  // the wire name of an extras top-level file whose description (D or V) comes next
  let top: string | undefined;
  let windows: Buffer[] = [];
  for (const { tag, data } of records) {
    const text = (): string => data.toString('utf8');
    if (tag === 'H') for (const line of text().split('\n')) facts.hello.set(line.split('\t')[0] ?? '', line.split('\t').slice(1).join('\t'));
    else if (tag === 'L') facts.depth12.push(...parseStatLines(data, label));
    else if (tag === 'N') name = text();
    else if (tag === 'C') facts.heads.set(name, data);
    else if (tag === 'G') facts.legacyIds.set(name, text());
    else if (tag === 'X') facts.described.add(text());
    else if (tag === 'T') facts.trees.push(...parseStatLines(data, label));
    else if (tag === 'U') facts.settled.set(text(), { unchanged: true });
    else if (tag === 'V' && top !== undefined) top = undefined;
    else if (tag === 'V') facts.settled.set(text(), { vanished: true });
    else if (tag === 'W') windows.push(data);
    else if (tag === 'D') {
      const [cl = '', fp = '', probeFp = '', ...rest] = text().split('\t');
      const stat = parseStatLines(Buffer.from(rest.join('\t')), label)[0];
      if (!stat) throw new Error(`${label}: the sh agent sent an empty description`);
      const described = {
        stat,
        ...(cl === '-' ? {} : { completeLen: Number(cl) }),
        fp: takeFp(fp, windows, sha256, label),
        ...(probeFp === '-' ? {} : { probeFp: takeFp(probeFp, windows, sha256, label) }),
      };
      if (top !== undefined) facts.extras.tops.set(top, described);
      else facts.settled.set(stat.path, described);
      top = undefined;
      windows = [];
    } else if (tag === 'S') facts.settings = data;
    else if (tag === 'J') facts.registry.push({ name, data });
    else if (tag === 'P') facts.livePids.add(Number(text()));
    else if (tag === 'E') facts.errors.push(text());
    else if (tag === 'Y') top = text();
    else if (tag === 'Q') facts.extras.refused.set(text().split('\t')[0] ?? '', text().split('\t').slice(1).join('\t'));
    else if (tag === 'R') facts.extras.notDirs.add(text());
    else if (tag === 'A') facts.extras.trees.push(...parseStatLines(data, label));
    else if (tag === 'O') facts.notes.push(text());
  }
  return facts;
}

/** What the first try could not settle: dirs to describe with whole heads, paths to describe without the quick check. */
export interface Retry {
  dirs: Set<string>;
  paths: Set<string>;
}

function message(error: unknown): string {
  return describeError(error);
}

function detectCwd(facts: Facts, dir: string, jsonl: string[], byPath: Map<string, StatLine>, platform: string, warnings: string[], retry: Retry): string | undefined {
  const dated = jsonl.flatMap((name) => {
    const info = byPath.get(`projects/${dir}/${name}`);
    return info ? [{ name, mtimeMs: info.mtimeMs, size: info.size }] : [];
  });
  dated.sort((a, b) => b.mtimeMs - a.mtimeMs);
  let firstFound: string | undefined;
  for (const { name, size } of dated) {
    const head = facts.heads.get(`projects/${dir}/${name}`);
    const cwd = head === undefined ? undefined : firstCwd(head.toString('utf8'));
    // the shell stopped at a line that looked like a cwd but was not one: the rest is unseen
    if (cwd === undefined && head !== undefined && head.length < Math.min(size, HEAD_BYTES)) retry.dirs.add(dir);
    if (cwd === undefined) continue;
    if (encodeProjectDir(cwd, platform) === dir) return cwd;
    firstFound ??= cwd;
  }
  if (firstFound !== undefined) {
    warnings.push(`projects/${dir}: its lines record cwd ${firstFound}, which encodes to ${encodeProjectDir(firstFound, platform)}`);
  }
  return firstFound;
}

function describe(rel: string, facts: Facts, listing: Listing, probe: ManifestRequest['probes'][number] | undefined, retry: Retry): FileEntry | undefined {
  const settled = facts.settled.get(rel);
  const listed = listing.byPath.get(rel);
  if (!settled || !listed) return (retry.paths.add(rel), undefined);
  if (settled.vanished) return undefined;
  const kind = kindOf(rel);
  const stat = settled.stat ?? listed;
  const base = { path: rel, kind, size: stat.size, mtimeMs: stat.mtimeMs };
  if (probe && probe.size === stat.size && probe.mtimeMs === stat.mtimeMs) return { ...base, unchanged: true };
  if (settled.unchanged || settled.fp === undefined) return (retry.paths.add(rel), undefined);
  if (kind === 'blob') return { ...base, fp: settled.fp };
  const completeLen = settled.completeLen ?? 0;
  const entry: FileEntry = { ...base, completeLen, fp: settled.fp };
  if (probe?.prefixLen !== undefined && probe.prefixLen <= completeLen) {
    if (settled.probeFp === undefined) return (retry.paths.add(rel), undefined);
    entry.probeFp = settled.probeFp;
  }
  return entry;
}

function cleanupDays(facts: Facts, warnings: string[]): number | undefined {
  if (facts.settings === undefined) return undefined;
  let settings: unknown;
  try {
    settings = JSON.parse(facts.settings.toString('utf8'));
  } catch (error) {
    warnings.push(`settings.json: not valid JSON (${message(error)}); cleanupPeriodDays unknown`);
    return undefined;
  }
  const days = isRecord(settings) ? settings['cleanupPeriodDays'] : undefined;
  return typeof days === 'number' && Number.isFinite(days) ? days : undefined;
}

function liveIds(facts: Facts): string[] {
  const live = new Set<string>();
  for (const { data } of facts.registry) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString('utf8'));
    } catch {
      continue;
    }
    const entry = registryEntrySchema.safeParse(parsed);
    if (entry.success && facts.livePids.has(entry.data.pid)) live.add(entry.data.sessionId);
  }
  return [...live].sort();
}

export function assembleManifest(facts: Facts, request: ManifestRequest, retry: Retry): Manifest {
  const warnings: string[] = [...facts.notes];
  const home = facts.hello.get('home') ?? '';
  const platform = facts.hello.get('platform') ?? '';
  const claudeDir = facts.hello.get('claudeDirDefault') === '1' ? path.posix.join(home, '.claude') : (facts.hello.get('claudeDir') ?? '');
  const top = new Map(facts.depth12.map((info) => [info.path, info]));
  const listing = new Listing([...facts.depth12, ...facts.trees]);
  const probes = new Map(request.probes.map((probe) => [probe.path, probe]));
  const wanted = request.sessionIds ? new Set(request.sessionIds) : undefined;
  const projects: ProjectDir[] = [];
  const listed = new Set<string>();
  const dirNames: string[] = [];
  for (const info of facts.depth12) {
    const rest = info.path.slice('projects/'.length);
    if (rest.includes('/')) continue;
    if (info.kind === 'symlink') warnings.push(`${info.path}: is a symlink; skipped`);
    else if (info.kind === 'dir') dirNames.push(rest);
  }
  for (const dir of dirNames.sort()) {
    const entries = listing.children(`projects/${dir}`);
    const jsonl: string[] = [];
    for (const entry of entries) {
      const name = entry.path.slice(`projects/${dir}/`.length);
      if (entry.kind !== 'file' || !name.endsWith('.jsonl')) continue;
      if (transcriptFileKind(name) === 'other') {
        warnings.push(notSessionWarning(`projects/${dir}/${name}`));
        continue;
      }
      try {
        safeRelPath(`projects/${dir}/${name}`);
        jsonl.push(name);
      } catch (error) {
        warnings.push(`${message(error)}; skipped`);
      }
    }
    jsonl.sort();
    const hasSessionsIndex = top.get(`projects/${dir}/sessions-index.json`)?.kind === 'file';
    const cwd = detectCwd(facts, dir, jsonl, top, platform, warnings, retry);
    const inScope = cwd !== undefined && request.scopeRoots.some((root) => isUnder(cwd, root));
    projects.push({ dir, ...(cwd === undefined ? {} : { cwd }), inScope, jsonl, hasSessionsIndex });
    if (!inScope) continue;
    if (!facts.described.has(dir)) retry.dirs.add(dir);
    for (const name of jsonl) {
      const stem = name.slice(0, -'.jsonl'.length);
      if (transcriptFileKind(name) === 'legacy-agent') {
        const sessionId = SESSION_ID_FIELD.exec(facts.legacyIds.get(`projects/${dir}/${name}`) ?? '')?.[1];
        if (!wanted || (sessionId !== undefined && wanted.has(sessionId))) listed.add(`projects/${dir}/${name}`);
        continue;
      }
      if (wanted && !wanted.has(stem)) continue;
      for (const start of [`projects/${dir}/${stem}.jsonl`, `projects/${dir}/${stem}`, ...SESSION_AREAS.map((area) => `${area}/${stem}`)]) {
        for (const rel of listTree(listing, start, warnings)) listed.add(rel);
      }
    }
  }
  const files = [...listed].sort().flatMap((rel) => describe(rel, facts, listing, probes.get(rel), retry) ?? []);
  const cleanupPeriodDays = cleanupDays(facts, warnings);
  const extras = assembleExtras(facts.extras, facts.settled, request.extras, warnings);
  return {
    protocol: PROTOCOL_VERSION,
    platform,
    home,
    claudeDir,
    projects,
    files,
    liveSessionIds: liveIds(facts),
    ...(cleanupPeriodDays === undefined ? {} : { cleanupPeriodDays }),
    warnings,
    ...(extras ? { extras } : {}),
  };
}
