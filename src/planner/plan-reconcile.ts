// A stream the quick check cannot place — no ancestor, or a side whose last-synced prefix
// changed or shrank — is not forked on sight (issue #13, defect 1: another pair's merge
// reorders lines too). It is planned as `reconcile`: both whole copies are read and
// planner/reconcile.ts decides by line keys. What a fork would write is planned here already,
// so the decision after reading needs nothing but the bytes.
import type { Assessment } from './plan-classify.js';
import { skip, type Decision, type KeyFacts, type PlanContext } from './plan-context.js';
import { decideFork, mergeSides } from './plan-merge-fork.js';
import type { Action, AncestorEntry, Side } from './types.js';

const BOTH: Side[] = ['local', 'remote'];

/** The fork (or the conflict skip) that stands if the contents show a real rewrite. */
function rewriteAction(ctx: PlanContext, facts: KeyFacts, assessment: Assessment): Extract<Action, { kind: 'fork' | 'skip' }> {
  const decided = decideFork(ctx, facts, assessment).action;
  if (decided?.kind === 'fork' || decided?.kind === 'skip') return decided;
  return { kind: 'skip', key: facts.key, reason: 'conflict', message: 'the two copies are different histories under one id: left alone on both sides' };
}

/**
 * What the last sync tells the comparison: a side whose recorded prefix is intact holds, in its
 * first `len` bytes, the lines both sides had then; a side shorter than recorded lost lines.
 */
export function comparisonBasis(
  states: Pick<Assessment, 'local' | 'remote'>,
  ancestor: AncestorEntry | undefined,
  lens: Record<Side, number>,
): { agreed?: { side: Side; len: number }; shrank: Side[] } {
  const intact = BOTH.find((side) => states[side] === 'unchanged' || states[side] === 'grew');
  const shrank = BOTH.filter((side) => ancestor !== undefined && lens[side] < ancestor[side].len);
  return intact === undefined || ancestor === undefined ? { shrank } : { agreed: { side: intact, len: ancestor[intact].len }, shrank };
}

export function decideReconcile(ctx: PlanContext, facts: KeyFacts, assessment: Assessment): Decision {
  const { local, remote, ancestor } = facts;
  if (!local || !remote) return { warnings: [] };
  const { writeSides, blockedMessages } = mergeSides(ctx, facts);
  const [firstBlock] = blockedMessages;
  if (writeSides.length === 0) return firstBlock ? skip(facts.key, firstBlock.reason, firstBlock.message) : { warnings: [] };
  const basis = comparisonBasis(assessment, ancestor, { local: local.len, remote: remote.len });
  const action: Action = {
    kind: 'reconcile',
    key: facts.key,
    local: { path: local.entry.path, length: local.len, size: local.entry.size },
    remote: { path: remote.entry.path, length: remote.len, size: remote.entry.size },
    writeSides,
    advanceAncestor: ctx.options.direction === 'sync' && writeSides.length === BOTH.length,
    mtimeMs: Math.max(local.entry.mtimeMs, remote.entry.mtimeMs),
    ...basis,
    ifRewritten: rewriteAction(ctx, facts, assessment),
    mergeWarnings: blockedMessages.map((blocked) => `${facts.key}: merged into ${writeSides.join(' and ')} only — ${blocked.message}`),
  };
  return { action, warnings: [] };
}
