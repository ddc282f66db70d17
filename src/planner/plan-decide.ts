// One key's action from its assessment (ARCHITECTURE.md's table) and the run's direction.
// An action whose target this direction may not write is simply not emitted.
import type { Assessment } from './plan-classify.js';
import {
  blockedWrite,
  factsOn,
  sideIndex,
  skip,
  writable,
  type Decision,
  type KeyFacts,
  type PlanContext,
} from './plan-context.js';
import { decideFork, decideMerge } from './plan-merge-fork.js';
import { decideRecordedConflict } from './plan-conflict.js';
import { decideReconcile } from './plan-reconcile.js';
import { counterpartWarning, targetFor } from './plan-targets.js';
import { otherSide, type Action, type Side } from './types.js';

const NOTHING: Decision = { warnings: [] };

function withCounterpartWarning(ctx: PlanContext, facts: KeyFacts, decision: Decision): Decision {
  if (decision.action === undefined || decision.action.kind === 'skip' || !facts.local || !facts.remote) return decision;
  const warning = counterpartWarning(facts.key, facts.local.entry, facts.remote.entry, ctx.pairings);
  return warning === undefined ? decision : { ...decision, warnings: [...decision.warnings, warning] };
}

export function decideKey(ctx: PlanContext, facts: KeyFacts, assessment: Assessment): Decision {
  switch (assessment.status) {
    case 'in-sync':
      if (!assessment.sameBlob || !facts.local || !facts.remote) return { inSync: true, warnings: [] };
      return { action: { kind: 'record', key: facts.key, local: facts.local.entry.path, remote: facts.remote.entry.path }, warnings: [] };
    case 'conflict':
      return withCounterpartWarning(ctx, facts, decideConflict(ctx, facts, assessment));
    case 'local-ahead':
      return withCounterpartWarning(ctx, facts, decideAhead(ctx, facts, 'local'));
    case 'remote-ahead':
      return withCounterpartWarning(ctx, facts, decideAhead(ctx, facts, 'remote'));
    case 'diverged':
      return withCounterpartWarning(ctx, facts, assessment.reconcile ? decideReconcile(ctx, facts, assessment) : decideMerge(ctx, facts));
    case 'local-only':
      return decideCopy(ctx, facts, 'local');
    case 'remote-only':
      return decideCopy(ctx, facts, 'remote');
    case 'deleted-local':
      return decideDeleted(ctx, facts, assessment, 'local');
    case 'deleted-remote':
      return decideDeleted(ctx, facts, assessment, 'remote');
  }
}

function decideConflict(ctx: PlanContext, facts: KeyFacts, assessment: Assessment): Decision {
  const { key, ancestor } = facts;
  if (assessment.recordedConflict && ancestor?.conflict) {
    const decision = skip(
      key,
      'conflict',
      `two different histories under one id since an earlier run (${ancestor.conflict.reason}; the other copy was kept as session ${ancestor.conflict.forkId}); they are never mixed: to keep one side's copy, delete the other side's ${key} and run again`,
    );
    return decideRecordedConflict(ctx, facts, assessment, { ...decision, holdsSession: true });
  }
  if (facts.kind === 'blob') return skip(key, 'blob-conflict', 'changed differently on both sides: left alone on both');
  return decideFork(ctx, facts, assessment);
}

function decideAhead(ctx: PlanContext, facts: KeyFacts, from: Side): Decision {
  const to = otherSide(from);
  const source = factsOn(facts, from);
  const target = factsOn(facts, to);
  if (!writable(ctx, to) || !source || !target) return NOTHING;
  const blocked = blockedWrite(ctx, facts, to, target, facts.kind === 'jsonl');
  if (blocked) return skip(facts.key, blocked.reason, blocked.message);
  const fromEnd = { side: from, path: source.entry.path };
  const toEnd = { side: to, path: target.entry.path };
  const mtimeMs = source.entry.mtimeMs;
  if (facts.kind === 'blob') {
    const action: Action = { kind: 'replace', key: facts.key, from: fromEnd, to: toEnd, length: source.entry.size, targetSize: target.entry.size, mtimeMs };
    return { action, warnings: [] };
  }
  const offset = facts.ancestor?.[from].len ?? 0;
  const action: Action = { kind: 'append', key: facts.key, from: fromEnd, to: toEnd, offset, length: source.len - offset, targetSize: target.entry.size, mtimeMs };
  return { action, warnings: [] };
}

function decideCopy(ctx: PlanContext, facts: KeyFacts, from: Side): Decision {
  const to = otherSide(from);
  const source = factsOn(facts, from);
  if (!writable(ctx, to) || !source) return NOTHING;
  // A transcript with no complete line yet has nothing to carry.
  if (facts.kind === 'jsonl' && source.len === 0) return NOTHING;
  const target = targetFor(facts.key, source.entry, sideIndex(ctx, from), sideIndex(ctx, to), ctx.pairings);
  if (target.kind === 'unpaired') return { warnings: [], unpaired: { side: from, dir: target.sourceDir } };
  if (target.kind === 'elsewhere') return skip(facts.key, 'ambiguous', target.message);
  const blocked = blockedWrite(ctx, facts, to, undefined, false);
  if (blocked) return skip(facts.key, blocked.reason, blocked.message);
  const action: Action = {
    kind: 'copy',
    key: facts.key,
    fileKind: facts.kind,
    from: { side: from, path: source.entry.path },
    to: { side: to, path: target.path },
    length: source.len,
    mtimeMs: source.entry.mtimeMs,
  };
  return { action, warnings: target.warning === undefined ? [] : [target.warning] };
}

/** `gone` is the side the file went away on; the other side still has it. */
function decideDeleted(ctx: PlanContext, facts: KeyFacts, assessment: Assessment, gone: Side): Decision {
  const kept = otherSide(gone);
  const copy = factsOn(facts, kept);
  if (!writable(ctx, kept) || !copy) return NOTHING;
  const keptState = kept === 'local' ? assessment.local : assessment.remote;
  if (keptState !== 'unchanged') {
    return skip(facts.key, 'deleted', `deleted on ${gone}, changed on ${kept} since the last sync: left alone (not deleted, not copied back)`);
  }
  if (!ctx.options.delete) {
    return skip(facts.key, 'deleted', `deleted on ${gone}: not copied back; pass --delete to delete the ${kept} copy too`);
  }
  const blocked = blockedWrite(ctx, facts, kept, undefined, false);
  if (blocked) return skip(facts.key, blocked.reason, blocked.message);
  return { action: { kind: 'delete', key: facts.key, at: { side: kept, path: copy.entry.path }, size: copy.entry.size }, warnings: [] };
}
