// The words of `ccsync verify`: one JSON document, or per session with a problem its lines and
// a closing count.
import type { ProcessIO } from '../../commands/context.js';
import type { SessionReport, VerifyResult } from '../../commands/verify.js';
import { writeJson } from '../output.js';

function printText(io: Pick<ProcessIO, 'stdout'>, reports: readonly SessionReport[], problems: number): void {
  const lines: string[] = [];
  for (const report of reports) {
    if (report.problems.length === 0 && report.repaired.length === 0) continue;
    lines.push(`${report.sessionId}  projects/${report.projectDir}${report.live ? '  (running now)' : ''}`);
    for (const problem of report.problems) {
      const where = problem.file.endsWith(`/${report.sessionId}.jsonl`) ? '' : `${problem.file} `;
      lines.push(`  ${where}${problem.line === undefined ? '' : `line ${problem.line}: `}${problem.kind}: ${problem.detail}`);
    }
    for (const repaired of report.repaired) lines.push(`  repaired: ${repaired}`);
  }
  lines.push(`checked ${reports.length} session(s): ${problems === 0 ? 'no problems' : `${problems} problem(s)`}`);
  io.stdout(`${lines.join('\n')}\n`);
}

export function printVerify(io: Pick<ProcessIO, 'stdout'>, result: VerifyResult, json: boolean): number {
  if (json) writeJson(io, { claudeDir: result.claudeDir, sessions: result.sessions, problems: result.problems, repaired: result.repaired });
  else printText(io, result.sessions, result.problems);
  return result.exitCode;
}
