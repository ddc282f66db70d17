// `ccsync status [REMOTE]`: per session, where the local and remote copies stand against the
// last sync — the same classification the planner uses (plan-classify.ts), so status never
// promises what push/pull would not do. Read-only: one manifest turn per side, one read turn
// for the titles of sessions that exist only on the remote, and — only for sessions the quick
// check cannot place — one that reads both copies and compares them as a sync would
// (sync/compare-status.ts).
import type { CommandContext, Scope } from './context.js';
import type { ResolvedRemote } from '../config/resolve-remote.js';
import { ancestorPath } from '../config/paths.js';
import { EXIT, describeError } from '../errors.js';
import { newRunId } from '../agent/backups.js';
import { describeSession } from '../store/session-info.js';
import type { FileEntry, Manifest, ReadRequest } from '../wire/protocol.js';
import { openLocalTransport, openRemoteTransport } from '../transport/open-transport.js';
import type { Transport } from '../transport/transport.js';
import { loadAncestor } from '../sync/ancestor-store.js';
import { classifyAll, logicalKey, type KeyStatus } from '../planner/plan-sync.js';
import { compareForStatus } from '../sync/compare-status.js';
import { readManifests } from '../sync/read-manifests.js';
import { configStatus, statusExtrasOptions, type ConfigFileStatusRow } from '../config-sync/config-status.js';
import { extrasRequest } from '../config-sync/extras-plan.js';
import { ExitError } from '../errors.js';
import { remoteScope } from './remote-scope.js';

export interface StatusOptions {
  /** the named remote, or (none named) the remotes that map this directory, in config order */
  remotes: ResolvedRemote[];
  /** none named: the remotes left out, one line each (not an error) */
  skipped?: Array<{ remote: string; reason: string }>;
  /** none named: remotes that map here but whose settings do not resolve (exit 1) */
  problems?: Array<{ remote: string; error: string }>;
  /** default: the current directory's project and its subdirectories; `--all`: every project */
  scope: Scope;
  json: boolean;
  /** `--config`: also the config files and settings.json keys (issue #5) */
  config: boolean;
}

/** Enough of a transcript to name it: the first prompt is near the start, titles near the end. */
const HEAD = 64 * 1024;
const TAIL = 256 * 1024;

export interface SessionStatus {
  sessionId: string;
  status: KeyStatus;
  title?: string;
  local?: { path: string; size: number; lastActivity: string };
  remote?: { path: string; size: number; lastActivity: string };
}

function sideView(entry: FileEntry | undefined): SessionStatus['local'] {
  if (!entry) return undefined;
  return { path: entry.path, size: entry.size, lastActivity: new Date(entry.mtimeMs).toISOString() };
}

/** A session transcript, not a companion or a legacy `agent-*.jsonl` subagent file. */
function isSessionKey(key: string): boolean {
  return /^[^/]+\.jsonl$/.test(key) && !key.startsWith('agent-');
}

function transcripts(manifest: Manifest): Map<string, FileEntry> {
  const out = new Map<string, FileEntry>();
  for (const entry of manifest.files) {
    const key = logicalKey(entry.path);
    if (isSessionKey(key)) out.set(key, entry);
  }
  return out;
}

/** Head and tail of each file in one batch; complete lines of both, for describeSession. */
async function titles(transport: Transport, entries: FileEntry[]): Promise<Map<string, string>> {
  const requests: ReadRequest[] = [];
  for (const entry of entries) {
    const length = entry.completeLen ?? entry.size;
    if (length <= HEAD + TAIL) requests.push({ path: entry.path, offset: 0, length });
    else requests.push({ path: entry.path, offset: 0, length: HEAD }, { path: entry.path, offset: length - TAIL, length: TAIL });
  }
  const results = await transport.read(requests);
  const byPath = new Map<string, Buffer[]>();
  for (const result of results) byPath.set(result.path, [...(byPath.get(result.path) ?? []), result.data]);
  const out = new Map<string, string>();
  for (const [path, parts] of byPath) {
    const [head, tail] = parts;
    if (!head) continue;
    // Keep whole lines only: the head up to its last newline, the tail after its first.
    const data = tail
      ? Buffer.concat([head.subarray(0, head.lastIndexOf(0x0a) + 1), tail.subarray(tail.indexOf(0x0a) + 1)])
      : head;
    const title = describeSession(data).title;
    if (title !== undefined) out.set(path, title);
  }
  return out;
}

interface RemoteStatus {
  sessions: SessionStatus[];
  config?: ConfigFileStatusRow[];
}

async function statusOfRemote(ctx: CommandContext, remote: ResolvedRemote, options: StatusOptions): Promise<RemoteStatus> {
  // with --config, a dir no mapping covers still shows the config scope
  const scope = await remoteScope(remote, options.scope).catch((error: unknown) => {
    if (options.config && error instanceof ExitError) return { localRoots: [], remoteRoots: [] };
    throw error;
  });
  const runId = newRunId();
  const local = await openLocalTransport(ctx, runId, 'empty');
  const far = await openRemoteTransport(ctx, remote, runId, { readOnly: true });
  try {
    const ancestor = await loadAncestor(ancestorPath(ctx.stateDir, remote.name));
    const extrasOptions = statusExtrasOptions(scope);
    const manifests = await readManifests(local, far, ancestor, scope, undefined, options.config ? extrasRequest(extrasOptions) : undefined);
    const localFiles = transcripts(manifests.local);
    const remoteFiles = transcripts(manifests.remote);
    const remoteOnly = [...remoteFiles].filter(([key]) => !localFiles.has(key)).map(([, entry]) => entry);
    const [localTitles, remoteTitles] = await Promise.all([titles(local, [...localFiles.values()]), titles(far, remoteOnly)]);
    const rows: SessionStatus[] = [];
    const classified = classifyAll(manifests.local, manifests.remote, ancestor);
    const compared = await compareForStatus({
      local,
      remote: far,
      manifests,
      ancestor,
      userPairs: remote.pairs,
      remoteName: remote.name,
      keys: new Set(classified.filter(({ key, status }) => isSessionKey(key) && status === 'diverged').map(({ key }) => key)),
    });
    for (const { key, status: quick } of classified) {
      if (!isSessionKey(key)) continue;
      const status = compared.get(key) ?? quick;
      const localEntry = localFiles.get(key);
      const remoteEntry = remoteFiles.get(key);
      const title = (localEntry && localTitles.get(localEntry.path)) ?? (remoteEntry && remoteTitles.get(remoteEntry.path));
      const row: SessionStatus = { sessionId: key.replace(/\.jsonl$/, ''), status };
      if (title !== undefined) row.title = title;
      const localView = sideView(localEntry);
      const remoteView = sideView(remoteEntry);
      if (localView) row.local = localView;
      if (remoteView) row.remote = remoteView;
      rows.push(row);
    }
    if (!options.config) return { sessions: rows };
    const config = await configStatus(manifests, { local, remote: far }, ancestor.config, remote.pairs, extrasOptions);
    for (const warning of config.warnings) ctx.stderr(`warning: ${warning}\n`);
    return { sessions: rows, config: config.rows };
  } finally {
    await far.close();
  }
}

/** One remote's part of the report: its sessions (and config rows), or why it could not be read. */
export interface RemoteStatusReport {
  remote: string;
  sessions?: SessionStatus[];
  config?: ConfigFileStatusRow[];
  error?: string;
}

export interface StatusResult {
  exitCode: number;
  remotes: RemoteStatusReport[];
  /** none named: the remotes left out, one line each */
  skipped: Array<{ remote: string; reason: string }>;
  /** the directory the status is of (undefined with --all), for "no remote maps …" */
  path: string | undefined;
}

export async function runStatus(ctx: CommandContext, options: StatusOptions): Promise<StatusResult> {
  const report: RemoteStatusReport[] = [];
  const alone = options.remotes.length === 1 && (options.skipped ?? []).length === 0 && (options.problems ?? []).length === 0;
  for (const remote of options.remotes) {
    try {
      report.push({ remote: remote.name, ...(await statusOfRemote(ctx, remote, options)) });
    } catch (error) {
      // With several remotes, one that is down must not hide the others.
      if (alone) throw error;
      report.push({ remote: remote.name, error: describeError(error) });
    }
  }
  for (const problem of options.problems ?? []) report.push(problem);
  const exitCode = report.some((entry) => entry.error !== undefined) ? EXIT.error : EXIT.ok;
  return { exitCode, remotes: report, skipped: options.skipped ?? [], path: options.scope.kind === 'path' ? options.scope.path : undefined };
}
