// Text for people: a conflict's preview and what a resolution did (or would do).
import { formatBytes } from '../../display-text.js';
import type { ConflictPreview, SidePreview } from '../../resolve/preview.js';
import type { ResolutionOutcome } from '../../resolve/record-resolution.js';
import type { Choice } from '../../resolve/resolve-types.js';

export const CHOICE_LABELS: Record<Choice, string> = {
  local: 'keep local — the remote copy is replaced by this machine’s history',
  remote: 'keep remote — this machine’s copy is replaced by the remote history',
  both: 'keep both — the session keeps this machine’s history; the remote history becomes a second session on both sides',
  merge: 'merge — the session holds both histories (union by uuid) on both sides',
};

function when(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

function sideLines(label: string, side: SidePreview, newer: boolean): string[] {
  const head = `${label}${newer ? ' (newer)' : ''}: ${side.title ?? '(no title)'}`;
  const facts = `  ${side.lines} lines, ${formatBytes(side.size)}, last activity ${when(side.lastActivity)}`;
  const messages = side.lastMessages.map((message) => `  ${message.role === 'user' ? '>' : '<'} ${message.text}`);
  return [head, facts, ...(messages.length > 0 ? messages : ['  (no messages)'])];
}

export function describePreview(preview: ConflictPreview, remoteName: string): string[] {
  const lines = [`session ${preview.sessionId}: ${preview.reason}`];
  if (preview.forkId !== undefined) lines.push(`  the other history was kept as session ${preview.forkId} by an earlier run`);
  else if (!preview.recorded) lines.push('  (not forked yet: the next sync would keep the incoming copy as a new session)');
  lines.push(...sideLines('local', preview.local, preview.newer === 'local'));
  lines.push(...sideLines(remoteName, preview.remote, preview.newer === 'remote'));
  return lines;
}

/** One line for a picker entry. */
export function pickerLabel(preview: ConflictPreview): string {
  const title = preview.local.title ?? preview.remote.title ?? '(no title)';
  return `${preview.sessionId.slice(0, 8)}  ${title}`;
}

export function pickerHint(preview: ConflictPreview): string {
  const newer = preview.newer === 'same' ? 'same last activity' : `${preview.newer} is newer`;
  return `${preview.local.lines} / ${preview.remote.lines} lines, ${newer}`;
}

export function describeOutcome(outcome: ResolutionOutcome, dryRun: boolean): string[] {
  const verb = dryRun ? (outcome.status === 'resolved' ? 'would resolve' : outcome.status) : outcome.status;
  const lines = [`${verb.padEnd(13)} ${outcome.sessionId} (${outcome.choice})${outcome.message ? `: ${outcome.message}` : ''}`];
  for (const op of outcome.ops) lines.push(`  ${op.status === 'planned' ? '-' : op.status.padEnd(7)} ${op.what}${op.message ? `: ${op.message}` : ''}`);
  for (const note of outcome.notes) lines.push(`  note: ${note}`);
  if (outcome.ops.length === 0 && outcome.status === 'resolved') lines.push('  (both copies already hold what the choice keeps: only the state is recorded)');
  return lines;
}
