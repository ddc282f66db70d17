// A session forked by an earlier run stays in conflict (exit 3) until resolved — unless its two
// copies have become equal again (the user replaced one by hand, or the same lines arrived
// through another machine). Issue #13: equal copies never stand as a conflict, whatever the
// recorded state says. A side touched since the fork is therefore compared after the read
// (planner/reconcile.ts); only copies equal line for line clear the conflict, everything else
// keeps the conflict skip. Copies nobody touched since the fork are the two histories the fork
// found different: no read.
import type { Assessment } from './plan-classify.js';
import type { Decision, KeyFacts, PlanContext } from './plan-context.js';
import { decideReconcile } from './plan-reconcile.js';
import type { Action } from './types.js';

export function decideRecordedConflict(ctx: PlanContext, facts: KeyFacts, assessment: Assessment, standing: Decision): Decision {
  const conflict = facts.ancestor?.conflict;
  const standingSkip = standing.action;
  if (conflict === undefined || standingSkip?.kind !== 'skip' || facts.kind !== 'jsonl') return standing;
  if (assessment.local === 'unchanged' && assessment.remote === 'unchanged') return standing;
  const compared = decideReconcile(ctx, facts, assessment).action;
  if (compared?.kind !== 'reconcile') return standing;
  const action: Action = { ...compared, ifRewritten: standingSkip, recordedConflict: { forkId: conflict.forkId } };
  return { action, warnings: [], holdsSession: true };
}
