// `ccsync resolve REMOTE [SESSION|PATH]`: find the sessions whose two copies are different
// histories, let the user (or a flag) choose, and write the choices through the same
// transports and write ops as sync: lock, one manifest and one read turn per side, then one
// write turn per side (two when "keep both" must create a copy before replacing S), backups,
// and the ancestor saved last with only what the write results confirm.
import { join } from 'node:path';
import type { CommandContext } from './context.js';
import type { Scope as CliScope } from './context.js';
import type { ResolvedRemote } from '../config/resolve-remote.js';
import { ancestorPath, backupsDir } from '../config/paths.js';
import { EXIT, UsageError } from '../errors.js';
import { newRunId, pruneBackups } from '../agent/backups.js';
import { commandLockWait, lockRemote } from '../sync/run-locks.js';
import type { WriteOp, WriteResult } from '../wire/protocol.js';
import { openLocalTransport, openRemoteTransport } from '../transport/open-transport.js';
import type { Transport } from '../transport/transport.js';
import { loadAncestor, saveAncestor } from '../sync/ancestor-store.js';
import { remoteScope } from './remote-scope.js';
import type { Side } from '../planner/types.js';
import { decideResolution } from '../resolve/decide-resolution.js';
import { gatherConflicts } from '../resolve/gather-conflicts.js';
import { previewConflict, type ConflictPreview } from '../resolve/preview.js';
import { plannedOutcome, recordResolutions, type ResolutionOutcome } from '../resolve/record-resolution.js';
import type { Choice, Resolution } from '../resolve/resolve-types.js';

/** Asks the user what to keep per session; undefined when they cancelled. */
export type ChooseResolutions = (previews: readonly ConflictPreview[], remoteName: string) => Promise<Map<string, Choice> | undefined>;

export interface ResolveOptions {
  remote: ResolvedRemote;
  scope: CliScope;
  /** only this session */
  sessionId?: string;
  /** `--keep …` / `--merge`: applied to every conflict listed */
  choice?: Choice;
  /** no choice and a terminal: ask (the CLI's picker) */
  choose?: ChooseResolutions;
  dryRun: boolean;
  json: boolean;
  force: boolean;
  /** no choice and no way to ask: the usage hint, raised only when a conflict is found */
  noChoice?: string;
}

type Results = Array<Array<WriteResult | undefined>>;

/** One write turn per side for the ops of `phase` of the resolutions allowed to run it. */
async function writePhase(phase: 1 | 2, resolutions: Resolution[], allowed: (index: number) => boolean, sides: Record<Side, Transport>, results: Results): Promise<void> {
  await Promise.all(
    (['local', 'remote'] as const).map(async (side) => {
      const batch: Array<{ resolution: number; op: number; write: WriteOp }> = [];
      resolutions.forEach((resolution, index) => {
        if (resolution.blocked !== undefined || !allowed(index)) return;
        resolution.ops.forEach((planned, opIndex) => {
          if (planned.phase === phase && planned.side === side) batch.push({ resolution: index, op: opIndex, write: planned.op });
        });
      });
      const answers = await sides[side].write(batch.map((item) => item.write));
      batch.forEach((item, index) => {
        const row = results[item.resolution];
        if (row) row[item.op] = answers[index] ?? { ok: false, path: '?', code: 'io', message: 'no answer for this write' };
      });
    }),
  );
}

async function applyResolutions(resolutions: Resolution[], sides: Record<Side, Transport>): Promise<Results> {
  const results: Results = resolutions.map((resolution) => resolution.ops.map(() => undefined));
  await writePhase(1, resolutions, () => true, sides, results);
  // A history is replaced only once its new copy exists (keep both), never before.
  const phaseOneOk = (index: number): boolean =>
    (resolutions[index]?.ops ?? []).every((op, opIndex) => op.phase !== 1 || results[index]?.[opIndex]?.ok === true);
  await writePhase(2, resolutions, phaseOneOk, sides, results);
  return results;
}

/** What a resolve run found and did; src/cli/print/resolve.ts prints it. */
export interface ResolveResult {
  exitCode: number;
  remote: string;
  sessionId: string | undefined;
  dryRun: boolean;
  /** the choices came from the picker (its previews were already shown) */
  interactive: boolean;
  /** the user cancelled the picker: nothing written, nothing more to print */
  cancelled: boolean;
  previews: ConflictPreview[];
  outcomes: ResolutionOutcome[];
  resolved: number;
  remaining: number;
  failed: number;
}

export async function runResolve(ctx: CommandContext, options: ResolveOptions): Promise<ResolveResult> {
  const remote = options.remote;
  const scope = await remoteScope(remote, options.sessionId === undefined ? options.scope : { kind: 'all' });
  const runId = newRunId();
  // A run that cannot write (a dry run, or no choice to apply) takes no lock: it writes nothing.
  const mayWrite = !options.dryRun && options.noChoice === undefined;
  const lock = mayWrite ? await lockRemote(ctx.stateDir, remote.name, commandLockWait(ctx)) : undefined;
  try {
    const local = await openLocalTransport(ctx, runId);
    const far = await openRemoteTransport(ctx, remote, runId, { readOnly: !mayWrite });
    try {
      const statePath = ancestorPath(ctx.stateDir, remote.name);
      const ancestor = await loadAncestor(statePath);
      const gathered = await gatherConflicts({
        remoteName: remote.name,
        local,
        remote: far,
        ancestor,
        userPairs: remote.pairs,
        scope,
        ...(options.sessionId === undefined ? {} : { sessionId: options.sessionId }),
      });
      if (!options.json) for (const warning of gathered.warnings) ctx.stderr(`warning: ${warning}\n`);
      const previews = gathered.conflicts.map(previewConflict);
      if (options.noChoice !== undefined && previews.length > 0) {
        const count = previews.length === 1 ? '1 session' : `${previews.length} sessions`;
        throw new UsageError(`${count} in conflict with '${remote.name}': ${options.noChoice}`);
      }
      const base = { remote: remote.name, sessionId: options.sessionId, dryRun: options.dryRun, interactive: options.choose !== undefined, cancelled: false };
      let choices = new Map<string, Choice>();
      if (options.choice !== undefined) {
        const choice = options.choice;
        choices = new Map(previews.map((preview) => [preview.sessionId, choice]));
      } else if (options.choose !== undefined && previews.length > 0) {
        const picked = await options.choose(previews, remote.name);
        if (picked === undefined) return { ...base, cancelled: true, previews, outcomes: [], resolved: 0, remaining: previews.length, failed: 0, exitCode: EXIT.conflicts };
        choices = picked;
      }
      const chosen = gathered.conflicts.flatMap((facts) => {
        const choice = choices.get(facts.sessionId);
        return choice === undefined ? [] : [decideResolution(facts, choice, gathered.map, { force: options.force })];
      });
      let outcomes: ResolutionOutcome[];
      if (options.dryRun || chosen.length === 0) {
        outcomes = chosen.map(plannedOutcome);
      } else {
        const results = await applyResolutions(chosen, { local, remote: far });
        const recorded = recordResolutions(ancestor, chosen, results);
        await saveAncestor(statePath, recorded.ancestor);
        await pruneBackups(join(backupsDir(ctx.stateDir), 'local'), undefined, runId);
        await pruneBackups(join(backupsDir(ctx.stateDir), remote.name), undefined, runId);
        outcomes = recorded.outcomes;
      }
      const resolved = outcomes.filter((outcome) => outcome.status === 'resolved').length;
      const failed = outcomes.filter((outcome) => outcome.status === 'failed').length;
      const remaining = previews.length - resolved;
      const exitCode = failed > 0 ? EXIT.error : remaining > 0 ? EXIT.conflicts : EXIT.ok;
      return { ...base, previews, outcomes, resolved, remaining, failed, exitCode };
    } finally {
      await far.close();
    }
  } finally {
    await lock?.release();
  }
}
