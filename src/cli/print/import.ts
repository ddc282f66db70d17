// The words of `ccsync import`: one JSON document, or per session what happens to it, the file
// counts, and (after a write) how to resume each session here.
import type { ProcessIO } from '../../commands/context.js';
import type { ImportResult } from '../../commands/import.js';
import { countActions, type ImportPlan } from '../../bundle/plan-import.js';
import { encodeProjectDir } from '../../claude-format/encode-project-dir.js';
import { shown, writeJson } from '../output.js';

function describe(plan: ImportPlan): string[] {
  const lines = plan.sessions.map((session) => {
    const what = { new: 'new', same: 'already here (same)', updated: 'newer in the bundle: appended', kept: 'here is newer: kept' }[session.status];
    return `${session.id}  projects/${session.dir}  ${what}`;
  });
  const counts = countActions(plan);
  lines.push(`files: ${counts.create} new, ${counts.append} appended, ${counts.replace} replaced, ${counts.same} same, ${counts.keep} kept as they are here`);
  for (const index of plan.staleIndexes) lines.push(`remove ${index.rel} (stale: Claude rebuilds it)`);
  return lines;
}

export function printImport(io: Pick<ProcessIO, 'stdout' | 'stderr'>, result: ImportResult, json: boolean): number {
  const { plan, counts, applied, projectPath, claudeDir } = result;
  if (applied === undefined) {
    const outcome = result.dryRun ? 'dry run: nothing was written' : 'nothing to do: the bundle is already imported';
    // the same shape as a run that writes (issue #10: one --json convention)
    if (json) writeJson(io, { projectPath, claudeDir, sessions: plan.sessions, files: counts, written: 0, removed: 0, backedUp: 0, dryRun: result.dryRun });
    else io.stdout(`${[...describe(plan), outcome].join('\n')}\n`);
    return result.exitCode;
  }
  if (json) {
    writeJson(io, { projectPath, claudeDir, sessions: plan.sessions, files: counts, written: applied.written, removed: applied.removed, backedUp: applied.backedUp, dryRun: false });
    return result.exitCode;
  }
  const backups = applied.backedUp > 0 ? `; ${applied.backedUp} backed up in ${shown(applied.backupRunDir)}` : '';
  // a session from a subdir of the exported project resumes from the same subdir here
  const rootDir = encodeProjectDir(projectPath, process.platform);
  const resume = plan.sessions.map((session) => `  ${session.dir === rootDir ? `cd ${shown(projectPath)} && ` : `(in its dir under ${shown(projectPath)}) `}claude --resume ${session.id}`);
  io.stdout(`${[...describe(plan), `imported: ${applied.written} file(s) written${backups}`, 'resume with:', ...resume].join('\n')}\n`);
  return result.exitCode;
}
