// Manifests + ancestor in, a Plan out (ARCHITECTURE.md, "The sync engine's rules"). Pure: no
// fs, no network, no clock (options.now), so a dry run prints exactly what a run would do.
import type { FileEntry, ProjectDir } from '../wire/protocol.js';
import { assess, hasKnownLength, sideFacts } from './plan-classify.js';
import { skip, type Decision, type KeyFacts, type PlanContext } from './plan-context.js';
import { decideKey } from './plan-decide.js';
import { indexSide, isTranscriptKey, outOfScopeDirs, sessionIdOfKey, splitProjectPath, type SideIndex } from './plan-keys.js';
import { cleanupWarnings, staleIndexes } from './plan-report.js';
import { otherSide, type Action, type LogicalKey, type Plan, type PlanInput, type Side } from './types.js';

export { logicalKey, sessionIdOfKey } from './plan-keys.js';
export { classify, classifyAll, type KeyStatus } from './plan-classify.js';

const SIDES: Side[] = ['local', 'remote'];

function dirList(dirs: Iterable<string>): string {
  return [...dirs].map((dir) => `projects/${dir}`).join(', ');
}

/**
 * The dir where the last sync saw a file is out of this run's scope, so the file's absence
 * means "not looked at". A dir whose path is unknown because its transcripts are gone (the
 * user deleted the session, the dir is empty) hides nothing: the session is absent there.
 */
function hidesSession(project: ProjectDir | undefined, sid: string | undefined): boolean {
  if (project === undefined || project.inScope) return false;
  if (project.cwd !== undefined || sid === undefined) return true;
  return project.jsonl.includes(`${sid}.jsonl`);
}

/** Why the key cannot be planned at all, before looking at its contents. */
function precheck(ctx: PlanContext, key: LogicalKey, sid: string | undefined, input: PlanInput): Decision | undefined {
  for (const side of SIDES) {
    const index = ctx[side];
    const dirs = sid === undefined ? undefined : index.sessionDirs.get(sid);
    if (sid !== undefined && dirs !== undefined && dirs.size > 1) {
      return skip(key, 'ambiguous', `session ${sid} sits under ${dirs.size} project dirs on ${side} (${dirList(dirs)}): Claude Code cannot resume it; keep one and remove the others`);
    }
    const entries = index.byKey.get(key) ?? [];
    if (entries.length > 1) {
      return skip(key, 'ambiguous', `${key} is listed under ${entries.length} project dirs on ${side}: ${entries.map((entry) => entry.path).join(', ')}`);
    }
  }
  for (const side of SIDES) {
    const index = ctx[side];
    if (index.byKey.has(key)) continue;
    // Absent here may only mean "not looked at": the session lives in a dir out of this run's scope.
    const hiddenDirs = sid === undefined ? [] : outOfScopeDirs(index, sid);
    const recordDir = splitProjectPath(input.ancestor.entries[key]?.[side].path ?? '')?.dir;
    if (recordDir !== undefined && hidesSession(index.projects.get(recordDir), sid)) hiddenDirs.push(recordDir);
    if (hiddenDirs.length > 0) {
      const what = sid === undefined ? key : `session ${sid}`;
      return skip(key, 'ambiguous', `${what} sits on ${side} in ${dirList(new Set(hiddenDirs))}, outside this run's scope: left alone (one id must not live under two dirs)`);
    }
  }
  return undefined;
}

function only(entries: FileEntry[] | undefined): FileEntry | undefined {
  return entries?.length === 1 ? entries[0] : undefined;
}

function planKey(ctx: PlanContext, key: LogicalKey, input: PlanInput): Decision {
  const sid = sessionIdOfKey(key);
  const early = precheck(ctx, key, sid, input);
  if (early) return early;
  const ancestor = input.ancestor.entries[key];
  const local = only(ctx.local.byKey.get(key));
  const remote = only(ctx.remote.byKey.get(key));
  const malformed: string[] = [];
  if (local && !hasKnownLength(local, ancestor?.local)) malformed.push(`local ${local.path}`);
  if (remote && !hasKnownLength(remote, ancestor?.remote)) malformed.push(`remote ${remote.path}`);
  if (malformed.length > 0) return { warnings: malformed.map((where) => `${where}: the manifest gives no complete-line length; skipped`) };
  const kind = local?.kind ?? remote?.kind ?? 'blob';
  const facts: KeyFacts = {
    key,
    kind,
    sid,
    local: local ? sideFacts(local, ancestor?.local) : undefined,
    remote: remote ? sideFacts(remote, ancestor?.remote) : undefined,
    ancestor,
  };
  const assessment = assess(kind, facts.local, facts.remote, ancestor);
  return assessment === undefined ? { warnings: [] } : decideKey(ctx, facts, assessment);
}

/** A companion of a forked or conflicting session waits until the session is resolved. */
function holdCompanion(key: LogicalKey, sid: string, decision: Decision): Decision {
  const kind = decision.action?.kind;
  if (kind === undefined || kind === 'skip' || kind === 'record') return decision;
  return skip(key, 'blob-conflict', `session ${sid} is in conflict (see ${sid}.jsonl): its companion files are left alone until that is resolved`);
}

function unpairedWarnings(unpaired: Map<string, { side: Side; dir: string; count: number }>): string[] {
  return [...unpaired.values()].map(
    ({ side, dir, count }) =>
      `${side} projects/${dir} has no paired dir on ${otherSide(side)}: ${count} file(s) not carried over (map its project path with \`ccsync map add\`)`,
  );
}

export function planSync(input: PlanInput): Plan {
  const sides: Record<Side, SideIndex> = { local: indexSide('local', input.local), remote: indexSide('remote', input.remote) };
  const ctx: PlanContext = { ...sides, options: input.options, pairings: input.pairings };
  const keys = [...new Set([...sides.local.byKey.keys(), ...sides.remote.byKey.keys()])].sort();
  // Transcripts first, so their companions know whether the session was forked.
  const ordered = [...keys.filter(isTranscriptKey), ...keys.filter((key) => !isTranscriptKey(key))];
  const heldSessions = new Set<string>();
  const decisions = new Map<LogicalKey, Decision>();
  const unpaired = new Map<string, { side: Side; dir: string; count: number }>();
  for (const key of ordered) {
    const sid = sessionIdOfKey(key);
    let decision = planKey(ctx, key, input);
    if (isTranscriptKey(key) && decision.holdsSession && sid !== undefined) heldSessions.add(sid);
    if (!isTranscriptKey(key) && sid !== undefined && heldSessions.has(sid)) decision = holdCompanion(key, sid, decision);
    decisions.set(key, decision);
    if (decision.unpaired) {
      const id = `${decision.unpaired.side}\u0000${decision.unpaired.dir}`;
      const seen = unpaired.get(id);
      if (seen) seen.count += 1;
      else unpaired.set(id, { ...decision.unpaired, count: 1 });
    }
  }
  const actions: Action[] = [];
  const inSync: LogicalKey[] = [];
  const warnings: string[] = [];
  for (const key of keys) {
    const decision = decisions.get(key);
    if (decision === undefined) continue;
    if (decision.action) actions.push(decision.action);
    if (decision.inSync) inSync.push(key);
    warnings.push(...decision.warnings);
    if (decision.action?.kind === 'skip' && decision.action.reason === 'live') warnings.push(decision.action.message);
  }
  warnings.push(...unpairedWarnings(unpaired), ...cleanupWarnings(actions, sides, input.options.now));
  return {
    direction: input.options.direction,
    actions,
    removeIndexes: staleIndexes(actions, sides),
    warnings: [...new Set(warnings)],
    inSync,
  };
}
