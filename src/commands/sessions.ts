// `ccsync sessions [PATH] [--all] [--json]`: this machine's sessions, newest activity first
// (issue #2, item 6). A project's path comes from the `cwd` of its lines, never from the dir
// name (../shared/claude-code-format.md, "The directory name"). Corrupt lines do not stop the
// listing (src/cli/print/sessions.ts warns about them on stderr).
import type { CommandContext, Scope } from './context.js';
import { EXIT } from '../errors.js';
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

export interface SessionsResult {
  exitCode: number;
  claudeDir: string;
  scope: Scope;
  /** newest activity first */
  rows: SessionRow[];
}

/** The listing as a value (0 also when there is nothing to list); a missing Claude dir throws ExitError. */
export async function listSessions(ctx: CommandContext, options: SessionsOptions): Promise<SessionsResult> {
  const claudeDir = resolveClaudeDir(ctx.env, ctx.home);
  const underPath = options.scope.kind === 'path' ? options.scope.path : undefined;
  const listings = await listLocalSessions(claudeDir, underPath === undefined ? {} : { underPath });
  return { exitCode: EXIT.ok, claudeDir, scope: options.scope, rows: sortRows(listings.map(toRow)) };
}
