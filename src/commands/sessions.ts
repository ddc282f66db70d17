// `ccsync sessions [PATH] [--all] [--json]`: this machine's sessions, newest activity first
// (issue #2, item 6). A project's path comes from the `cwd` of its lines, never from the dir
// name (../shared/claude-code-format.md, "The directory name"). Corrupt lines are reported on
// stderr and do not stop the listing.
import type { CommandContext, Scope } from './context.js';
import { formatColumns, shown, writeJson } from '../cli/output.js';
import { EXIT } from '../errors.js';
import { formatBytes } from '../format-bytes.js';
import { listLocalSessions, resolveClaudeDir, type SessionListing } from '../store/claude-dir.js';

export interface SessionsOptions {
  /** default: the current directory's project and its subdirectories; PATH: that one; `--all`: every project */
  scope: Scope;
  json: boolean;
}

export interface SessionRow {
  sessionId: string;
  /** the start dir from the lines' `cwd`; absent when no line records one */
  projectPath?: string;
  /** the encoded dir under `projects/` */
  projectDir: string;
  file: string;
  title?: string;
  firstPrompt?: string;
  size: number;
  /** complete lines (a partial last line Claude is still writing is not counted) */
  lines: number;
  /** the latest line `timestamp`, else the file's mtime (ISO 8601) */
  lastActivity: string;
  mtime: string;
  /** 1-based numbers of complete lines that are not JSON objects */
  invalidLines: number[];
}

function toRow(listing: SessionListing): SessionRow {
  const { info } = listing;
  const projectPath = listing.projectPath ?? info.cwd;
  const mtime = new Date(listing.mtimeMs).toISOString();
  return {
    sessionId: listing.sessionId,
    ...(projectPath !== undefined && { projectPath }),
    projectDir: listing.projectDir,
    file: listing.file,
    ...(info.title !== undefined && { title: info.title }),
    ...(info.firstPrompt !== undefined && { firstPrompt: info.firstPrompt }),
    size: listing.size,
    lines: info.lines,
    lastActivity: info.lastActivity ?? mtime,
    mtime,
    invalidLines: info.invalidLines,
  };
}

/** Newest activity first; ties by id so the order is stable. */
export function sortRows(rows: SessionRow[]): SessionRow[] {
  return [...rows].sort((a, b) => b.lastActivity.localeCompare(a.lastActivity) || a.sessionId.localeCompare(b.sessionId));
}

/** `2026-01-01 12:34` (UTC, as stored): wide enough to tell sessions apart, short enough for a table. */
function shortTime(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')}Z`;
}

export function formatSessionTable(rows: readonly SessionRow[]): string[] {
  const header = ['LAST ACTIVITY', 'SESSION', 'LINES', 'SIZE', 'PROJECT', 'TITLE'];
  const body = rows.map((row) => [
    shortTime(row.lastActivity),
    row.sessionId,
    String(row.lines),
    formatBytes(row.size),
    row.projectPath === undefined ? '?' : shown(row.projectPath),
    row.title === undefined ? '' : shown(row.title),
  ]);
  return formatColumns([header, ...body]);
}

function describeInvalid(row: SessionRow): string {
  const shownLines = row.invalidLines.slice(0, 5).join(', ');
  const more = row.invalidLines.length > 5 ? ` and ${row.invalidLines.length - 5} more` : '';
  const one = row.invalidLines.length === 1;
  return `warning: ${shown(row.file)}: ${one ? 'line' : 'lines'} ${shownLines}${more} ${one ? 'is' : 'are'} not valid JSON (skipped in the listing; the file is left as it is)`;
}

function emptyMessage(options: SessionsOptions): string {
  const scope = options.scope;
  if (scope.kind === 'all') return 'no sessions on this machine yet';
  const where = scope.fromCwd ? `the current directory (${shown(scope.path)})` : shown(scope.path);
  return `no sessions for ${where} or below; \`ccsync sessions --all\` lists every project`;
}

/** Returns the exit code (0 done, also when there is nothing to list); a missing Claude dir throws ExitError. */
export async function listSessions(ctx: CommandContext, options: SessionsOptions): Promise<number> {
  const claudeDir = resolveClaudeDir(ctx.env, ctx.home);
  const underPath = options.scope.kind === 'path' ? options.scope.path : undefined;
  const listings = await listLocalSessions(claudeDir, underPath === undefined ? {} : { underPath });
  const rows = sortRows(listings.map(toRow));
  for (const row of rows) if (row.invalidLines.length > 0) ctx.stderr(`${describeInvalid(row)}\n`);
  if (options.json) {
    writeJson(ctx, { claudeDir, scope: options.scope, sessions: rows });
    return EXIT.ok;
  }
  if (rows.length === 0) {
    ctx.stdout(`${emptyMessage(options)}\n`);
    return EXIT.ok;
  }
  ctx.stdout(`${formatSessionTable(rows).join('\n')}\n`);
  return EXIT.ok;
}
