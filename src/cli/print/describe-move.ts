// A move plan as lines for people: what `--dry-run` prints, and what a real run did.
import { shown } from '../output.js';
import { formatBytes } from '../../display-text.js';
import type { MovePlan, PlannedDir, PlannedFile } from '../../store/plan-move.js';

const ACTION_WORDS: Record<PlannedFile['action'], string> = {
  create: 'new',
  replace: 'replaces a plain copy',
  same: 'already there',
  rewrite: 'rewritten',
  keep: 'unchanged',
};

function describeFile(file: PlannedFile): string {
  const content = file.lines === undefined
    ? `${formatBytes(file.data.length)}, copied as is`
    : `${file.lines} lines, ${file.changedLines ?? 0} with paths rewritten`;
  return `    ${shown(file.rel)}  ${ACTION_WORDS[file.action]} (${content})`;
}

function dirHeading(dir: PlannedDir): string {
  const paths = `${shown(dir.oldProjectPath)} → ${shown(dir.newProjectPath)}`;
  if (dir.inPlace) return `  projects/${dir.from} (name kept; ${paths})`;
  const into = dir.targetExists ? 'into the existing dir' : 'new dir';
  return `  projects/${dir.from} → projects/${dir.to} (${into}; ${paths})`;
}

export function sessionCount(plan: MovePlan): number {
  return plan.dirs.reduce((count, dir) => count + dir.sessionIds.length, 0);
}

export function describeMovePlan(plan: MovePlan): string[] {
  const lines = [`move ${shown(plan.oldPath)} → ${shown(plan.newPath)}: ${sessionCount(plan)} session(s) in ${plan.dirs.length} project dir(s)`];
  for (const dir of plan.dirs) {
    lines.push(dirHeading(dir));
    for (const file of dir.files) lines.push(describeFile(file));
    for (const index of dir.staleIndexes) {
      lines.push(`    ${index.side === 'source' ? '' : `projects/${dir.to}/`}sessions-index.json  removed (Claude Code rebuilds it)`);
    }
  }
  if (plan.history) lines.push(`  history.jsonl: ${plan.history.entries} prompt(s) get the new project path`);
  if (plan.claudeJson) {
    for (const [from, to] of plan.claudeJson.moved) {
      lines.push(`  ${shown(plan.claudeJson.file.shownPath)}: projects entry ${shown(from)} → ${shown(to)}`);
    }
  }
  return lines;
}
