// The words of `ccsync sessions`: warnings for corrupt lines on stderr, then one JSON document
// or a table (or a line saying there is nothing) on stdout.
import type { ProcessIO, Scope } from '../../commands/context.js';
import type { SessionRow, SessionsResult } from '../../commands/sessions.js';
import { formatBytes } from '../../display-text.js';
import { formatColumns, shown, writeJson } from '../output.js';

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

function emptyMessage(scope: Scope): string {
  if (scope.kind === 'all') return 'no sessions on this machine yet';
  const where = scope.fromCwd ? `the current directory (${shown(scope.path)})` : shown(scope.path);
  return `no sessions for ${where} or below; \`ccsync sessions --all\` lists every project`;
}

export function printSessions(io: Pick<ProcessIO, 'stdout' | 'stderr'>, result: SessionsResult, json: boolean): number {
  const { rows } = result;
  for (const row of rows) if (row.invalidLines.length > 0) io.stderr(`${describeInvalid(row)}\n`);
  if (json) writeJson(io, { claudeDir: result.claudeDir, scope: result.scope, sessions: rows });
  else if (rows.length === 0) io.stdout(`${emptyMessage(result.scope)}\n`);
  else io.stdout(`${formatSessionTable(rows).join('\n')}\n`);
  return result.exitCode;
}
