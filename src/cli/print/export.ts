// The words of `ccsync export` (the bundle itself went to FILE or stdout): one JSON document on
// stdout, or on stderr the warnings, the redactions per kind, file and line, and a closing line.
import type { ProcessIO } from '../../commands/context.js';
import type { ExportResult } from '../../commands/export.js';
import { formatColumns, shown, writeJson } from '../output.js';

export function printExport(io: Pick<ProcessIO, 'stdout' | 'stderr'>, result: ExportResult, json: boolean): number {
  const { output, redactions } = result;
  if (json) {
    const { sessions, files, bytes, redacted, secrets, warnings } = result;
    writeJson(io, { output, sessions, files, bytes, redacted, secrets, redactions, warnings });
    return result.exitCode;
  }
  for (const warning of result.warnings) io.stderr(`warning: ${warning}\n`);
  if (redactions.length > 0) {
    io.stderr(`redacted ${result.secrets} secret(s):\n`);
    const rows = redactions.map((entry) => [`  ${entry.kind}`, `${shown(entry.file)}:${entry.line}`, entry.count > 1 ? `×${entry.count}` : '']);
    io.stderr(`${formatColumns(rows).join('\n')}\n`);
  } else if (result.redacted) io.stderr('no secrets found to redact\n');
  const where = output === undefined ? 'stdout' : shown(output);
  io.stderr(`exported ${result.sessions.length} session(s), ${result.files} file(s) to ${where}\n`);
  return result.exitCode;
}
