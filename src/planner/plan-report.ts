// Plan-level consequences of the chosen actions: stale session indexes beside written files,
// and transcripts Claude Code would delete at start-up because their mtime is too old.
import { isTranscriptKey, sessionIdOfKey, splitProjectPath, type SideIndex } from './plan-keys.js';
import type { Action, Endpoint, Side } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Claude Code's default when settings.json does not set `cleanupPeriodDays`. */
const DEFAULT_CLEANUP_DAYS = 30;

/** Every file an action writes or removes. */
export function writtenEndpoints(action: Action): Endpoint[] {
  switch (action.kind) {
    case 'copy':
    case 'append':
    case 'fork':
    case 'replace':
      return [action.to];
    case 'merge':
    case 'reconcile':
      return action.writeSides.map((side) => ({ side, path: action[side].path }));
    case 'delete':
      return [action.at];
    case 'record':
    case 'skip':
      return [];
  }
}

/** `sessions-index.json` of every written project dir that has one (Claude rebuilds it). */
export function staleIndexes(actions: readonly Action[], sides: Record<Side, SideIndex>): Endpoint[] {
  const seen = new Set<string>();
  const out: Endpoint[] = [];
  for (const endpoint of actions.flatMap(writtenEndpoints)) {
    const split = splitProjectPath(endpoint.path);
    if (split === undefined || sides[endpoint.side].projects.get(split.dir)?.hasSessionsIndex !== true) continue;
    const path = `projects/${split.dir}/sessions-index.json`;
    const id = `${endpoint.side}\u0000${path}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ side: endpoint.side, path });
  }
  return out;
}

/**
 * A transcript written with an mtime older than the target's `cleanupPeriodDays` is deleted by
 * Claude Code at its next start (../shared/claude-code-format.md, "How a session is found").
 */
export function cleanupWarnings(actions: readonly Action[], sides: Record<Side, SideIndex>, now: number): string[] {
  const warnings: string[] = [];
  for (const action of actions) {
    if (action.kind !== 'copy' && action.kind !== 'append' && action.kind !== 'merge' && action.kind !== 'reconcile' && action.kind !== 'fork') continue;
    if (!isTranscriptKey(action.key)) continue;
    const sid = action.kind === 'fork' ? action.forkId : sessionIdOfKey(action.key);
    if (sid === undefined) continue;
    const ageMs = now - action.mtimeMs;
    for (const endpoint of writtenEndpoints(action)) {
      const days = sides[endpoint.side].manifest.cleanupPeriodDays ?? DEFAULT_CLEANUP_DAYS;
      if (ageMs <= days * DAY_MS) continue;
      const side = endpoint.side;
      warnings.push(
        `session ${sid} was last active ${Math.floor(ageMs / DAY_MS)} days ago; Claude Code on ${side} deletes sessions older than cleanupPeriodDays=${days} at start-up — raise it in ${side}'s settings.json`,
      );
    }
  }
  return warnings;
}
