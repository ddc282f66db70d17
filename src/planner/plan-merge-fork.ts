// The two stream cases that are not a plain append: both sides grew (merge), or a side's
// history no longer extends the last-synced one (fork). ARCHITECTURE.md, "Per stream".
import type { Assessment } from './plan-classify.js';
import { blockedWrite, factsOn, skip, writable, type Decision, type KeyFacts, type PlanContext } from './plan-context.js';
import { isTranscriptKey, projectPath, splitProjectPath } from './plan-keys.js';
import { forkSessionId } from './fork-id.js';
import type { Action, Side, SkipReason } from './types.js';

const BOTH: Side[] = ['local', 'remote'];

/**
 * Both sides have lines past the agreed prefix (or there is no ancestor): union by uuid.
 * A side that cannot be written (live, partial last line) drops out of `writeSides`; the
 * ancestor then stays where it was, like in a one-way run, so the next run merges again.
 */
export function decideMerge(ctx: PlanContext, facts: KeyFacts): Decision {
  const { local, remote, ancestor } = facts;
  if (!local || !remote) return { warnings: [] };
  const { writeSides, blockedMessages } = mergeSides(ctx, facts);
  const [firstBlock] = blockedMessages;
  if (writeSides.length === 0) return firstBlock ? skip(facts.key, firstBlock.reason, firstBlock.message) : { warnings: [] };
  const action: Action = {
    kind: 'merge',
    key: facts.key,
    local: { path: local.entry.path, keep: ancestor?.local.len ?? 0, length: local.len, size: local.entry.size },
    remote: { path: remote.entry.path, keep: ancestor?.remote.len ?? 0, length: remote.len, size: remote.entry.size },
    writeSides,
    advanceAncestor: ctx.options.direction === 'sync' && writeSides.length === BOTH.length,
    mtimeMs: Math.max(local.entry.mtimeMs, remote.entry.mtimeMs),
  };
  const warnings = blockedMessages.map((blocked) => `${facts.key}: merged into ${writeSides.join(' and ')} only — ${blocked.message}`);
  return { action, warnings };
}

/** The sides a merge may write this run, and why the others may not (live, partial last line). */
export function mergeSides(ctx: PlanContext, facts: KeyFacts): { writeSides: Side[]; blockedMessages: Array<{ reason: SkipReason; message: string }> } {
  const writeSides: Side[] = [];
  const blockedMessages: Array<{ reason: SkipReason; message: string }> = [];
  for (const side of BOTH.filter((candidate) => writable(ctx, candidate))) {
    const blocked = blockedWrite(ctx, facts, side, factsOn(facts, side), true);
    if (blocked) blockedMessages.push(blocked);
    else writeSides.push(side);
  }
  return { writeSides, blockedMessages };
}

/** Which copy is the incoming one: the one that stopped extending the agreed prefix. */
function forkSource(ctx: PlanContext, assessment: Assessment): Side {
  if (ctx.options.direction === 'push') return 'local';
  if (ctx.options.direction === 'pull') return 'remote';
  return assessment.local === 'changed' ? 'local' : 'remote';
}

function describeChange(assessment: Assessment): string {
  const changed = BOTH.filter((side) => (side === 'local' ? assessment.local : assessment.remote) === 'changed');
  const who = changed.length === 2 ? 'both copies' : `the ${changed.join('')} copy`;
  return `${who} no longer extend${changed.length === 2 ? '' : 's'} the last-synced history (rewritten or shortened)`;
}

export function decideFork(ctx: PlanContext, facts: KeyFacts, assessment: Assessment): Decision {
  const { key, sid } = facts;
  if (!isTranscriptKey(key) || sid === undefined) {
    return skip(key, 'conflict', `${describeChange(assessment)}: this companion file is left alone on both sides`);
  }
  const from = forkSource(ctx, assessment);
  const to: Side = from === 'local' ? 'remote' : 'local';
  const source = factsOn(facts, from);
  const counterpart = factsOn(facts, to);
  if (!source || !counterpart) return { warnings: [] };
  if (source.len === 0) {
    return { ...skip(key, 'conflict', `${describeChange(assessment)}: the ${from} copy has no complete line left; left alone on both sides`), holdsSession: true };
  }
  const forkId = forkSessionId(sid, source.fp ?? `len:${source.len}`);
  const forkKey = `${forkId}.jsonl`;
  const targetIndex = to === 'local' ? ctx.local : ctx.remote;
  if (targetIndex.byKey.has(forkKey) || targetIndex.sessionDirs.has(forkId)) {
    const decision = skip(key, 'conflict', `${describeChange(assessment)}; the ${from} copy was already kept on ${to} as session ${forkId} by an earlier run`);
    return { ...decision, holdsSession: true };
  }
  const split = splitProjectPath(counterpart.entry.path);
  const forkPath = split ? projectPath(split.dir, forkKey) : forkKey;
  const action: Action = {
    kind: 'fork',
    key,
    from: { side: from, path: source.entry.path },
    to: { side: to, path: forkPath },
    counterpart: { side: to, path: counterpart.entry.path },
    length: source.len,
    sessionId: sid,
    forkId,
    reason: describeChange(assessment),
    mtimeMs: source.entry.mtimeMs,
  };
  return { action, warnings: [], holdsSession: true };
}
