// The words of `ccsync status`: one JSON document, or per remote a table of sessions (and the
// config files with --config).
import type { ProcessIO } from '../../commands/context.js';
import { writeJson } from '../output.js';
import type { SessionStatus, StatusResult } from '../../commands/status.js';
import { formatBytes } from '../../display-text.js';

function formatRow(row: SessionStatus): string {
  const size = (view: SessionStatus['local']): string => (view ? formatBytes(view.size) : '-');
  const last = [row.local?.lastActivity, row.remote?.lastActivity].filter((v): v is string => v !== undefined).sort().pop() ?? '';
  return `${row.status.padEnd(14)} ${row.sessionId.slice(0, 8)}  ${size(row.local).padStart(9)} ${size(row.remote).padStart(9)}  ${last.slice(0, 16).replace('T', ' ')}  ${row.title ?? ''}`;
}

export function printStatus(io: Pick<ProcessIO, 'stdout' | 'stderr'>, result: StatusResult, json: boolean): number {
  if (json) {
    writeJson(io, { remotes: result.remotes, skipped: result.skipped });
    return result.exitCode;
  }
  for (const entry of result.remotes) {
    io.stdout(`${entry.remote}:\n`);
    if (entry.error !== undefined) io.stdout(`  error: ${entry.error}\n`);
    else if (entry.sessions?.length === 0) io.stdout('  no sessions in scope\n');
    else {
      io.stdout(`  ${'STATUS'.padEnd(14)} ${'SESSION'.padEnd(8)}  ${'LOCAL'.padStart(9)} ${'REMOTE'.padStart(9)}  ${'LAST ACTIVITY'.padEnd(16)}  TITLE\n`);
      for (const row of entry.sessions ?? []) io.stdout(`  ${formatRow(row)}\n`);
    }
    if (entry.config !== undefined) {
      io.stdout(entry.config.length === 0 ? '  config: no config files on either side\n' : '  config:\n');
      for (const row of entry.config) io.stdout(`  ${row.status.padEnd(17)} ${row.path}${row.conflictKeys ? `  (keys in conflict: ${row.conflictKeys.join(', ')})` : ''}\n`);
    }
  }
  // the remotes that do not map this directory: one line each, not an error (issue #10)
  for (const entry of result.skipped) io.stdout(`${entry.remote}: ${entry.reason}\n`);
  if (result.remotes.length === 0) {
    const hint = result.path !== undefined ? `no remote maps ${result.path}: \`ccsync map add REMOTE ${result.path} /REMOTE/PATH\` adds one` : 'no remote has path mappings: `ccsync map add REMOTE LOCAL_PATH REMOTE_PATH` adds one';
    io.stderr(`${hint}\n`);
  }
  return result.exitCode;
}
