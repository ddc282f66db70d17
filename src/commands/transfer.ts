// `ccsync push | pull | sync`: open both sides, take the lock, run one sync, save the state,
// hand the result to the CLI (src/cli/print/transfer.ts prints it). Exit codes: 0 done, 1 a
// write failed, 3 conflicts left to resolve (README).
import { join } from 'node:path';
import type { CommandContext, Scope as ProjectScope } from './context.js';
import type { ResolvedRemote } from '../config/resolve-remote.js';
import { ancestorPath, backupsDir } from '../config/paths.js';
import { EXIT, ExitError } from '../errors.js';
import { newRunId, pruneBackups } from '../agent/backups.js';
import { commandLockWait, lockRemote } from '../sync/run-locks.js';
import { openLocalTransport, openRemoteTransport } from '../transport/open-transport.js';
import { loadAncestor, saveAncestor } from '../sync/ancestor-store.js';
import { summarize, type RunSummary } from '../sync/run-summary.js';
import { countExtras, plannedConflicts } from '../config-sync/extras-counts.js';
import type { ExtrasPlan } from '../config-sync/extras-plan.js';
import type { ExtrasItem } from '../config-sync/extras-writes.js';
import type { Plan } from '../planner/types.js';
import { remoteScope } from './remote-scope.js';
import type { Scope } from '../planner/pair-dirs.js';
import type { ProgressSink } from './progress-sink.js';
import { syncSides, type SyncResult } from '../sync/sync-session.js';
import type { SideStop } from '../sync/write-stops.js';
import { runSessionId } from './session-ref.js';

/** push = local → remote, pull = remote → local, sync = both ways. */
export type TransferDirection = 'push' | 'pull' | 'sync';

export interface TransferOptions {
  direction: TransferDirection;
  remote: ResolvedRemote;
  /** default: the current directory's project and its subdirectories; `--all`: every mapped project */
  scope: ProjectScope;
  /** `--session ID`: only this session (a lowercase UUID) */
  sessionId: string | undefined;
  /** `--session PREFIX`: the one session in scope, on either side, whose id starts so */
  sessionPrefix?: string;
  /** print the plan, write nothing */
  dryRun: boolean;
  /** one JSON document on stdout */
  json: boolean;
  /** propagate deletions (only of files the other side did not change) */
  delete: boolean;
  /** write even into sessions live on the target */
  force: boolean;
  /** `--config`: CLAUDE.md, settings.json, agents/, commands/, skills/, output-styles/ (issue #5) */
  config?: boolean;
  /** `--include-credentials` (with --config): .credentials.json too */
  includeCredentials?: boolean;
  /** `--project-settings`: the mapped projects' entries of ~/.claude.json */
  projectSettings?: boolean;
}
import { timed } from '../timeline.js';
import type { Transport } from '../transport/transport.js';

/** What one run came to; the exit code is decided here, the words in the CLI. */
export interface TransferResult {
  exitCode: number;
  remote: string;
  /** protocol turns per side (the `--json` document reports them) */
  turns: { local: number; remote: number };
  plan: Plan;
  /** counts and per-action statuses (a dry run: what it would come to) */
  summary: RunSummary;
  warnings: string[];
  /** the config files' outcomes (a run with --config), else undefined */
  extras: ExtrasItem[] | undefined;
  extrasPlan: ExtrasPlan;
  /** sides that stopped writing at a full, read-only or forbidden target (one line each) */
  stopped: SideStop[];
}

/** `--session ID` that names no session on either side is a typo, not "nothing to do". */
function requireSession(sessionId: string, manifests: SyncResult['manifests'], remoteName: string): void {
  const name = `${sessionId}.jsonl`;
  const found = [manifests.local, manifests.remote].some((manifest) => manifest.projects.some((project) => project.inScope && project.jsonl.includes(name)));
  if (!found) {
    throw new ExitError(`no session ${sessionId} in this project here or on '${remoteName}': \`ccsync sessions\` and \`ccsync status ${remoteName} --all\` list them (or add --all)`);
  }
}

/**
 * With --config, a run from a dir that no mapping covers (the home dir, say) still carries
 * the config: its session scope is just empty.
 */
async function runScope(options: TransferOptions): Promise<Scope> {
  try {
    return await remoteScope(options.remote, options.scope);
  } catch (error) {
    if (options.config && error instanceof ExitError) return { localRoots: [], remoteRoots: [] };
    throw error;
  }
}

export async function runTransfer(ctx: CommandContext, options: TransferOptions, progress: ProgressSink): Promise<TransferResult> {
  const remote = options.remote;
  const scope = await runScope(options);
  if (options.includeCredentials) {
    ctx.stderr(`warning: --include-credentials carries .credentials.json (your login token) ${options.direction === 'pull' ? 'from' : 'to'} '${remote.name}'; it is written with mode 0600\n`);
  }
  const runId = newRunId();
  let opening: Promise<Transport> | undefined;
  const openRemote = (): Promise<Transport> => {
    opening ??= openRemoteTransport(ctx, remote, runId, { readOnly: options.dryRun });
    opening.catch(() => undefined); // a failure surfaces through syncSides
    return opening;
  };
  // Not awaited here: ssh and the remote agent start first, so the handshake and the remote
  // node's start overlap the lock, the local side and its manifest (issue #11). A dir: remote
  // (whose opening makes its Claude dir) waits for the lock.
  if (remote.transfer.kind === 'ssh') void openRemote();
  const closeRemote = (): Promise<void> => timed('close', async () => opening?.then((far) => far.close(), () => undefined));
  // A dry run writes nothing anywhere (issue #10): no lock file, no state dir, no agent cache.
  const lock = options.dryRun
    ? undefined
    : await timed('lock', () => lockRemote(ctx.stateDir, remote.name, commandLockWait(ctx))).catch(async (error: unknown) => {
        await closeRemote();
        throw error;
      });
  try {
    try {
      const local = await openLocalTransport(ctx, runId, options.direction === 'push' ? 'refuse' : 'empty');
      const statePath = ancestorPath(ctx.stateDir, remote.name);
      const ancestor = await loadAncestor(statePath);
      const sessionId = options.sessionPrefix === undefined
        ? options.sessionId
        : await runSessionId({ kind: 'prefix', prefix: options.sessionPrefix }, { local, remote: openRemote() }, scope, remote.name);
      const result = await syncSides({
        remoteName: remote.name,
        local,
        remote: openRemote(),
        ancestor,
        userPairs: remote.pairs,
        scope,
        ...(sessionId ? { sessionIds: [sessionId] } : {}),
        options: { direction: options.direction, delete: options.delete, force: options.force, now: Date.now() },
        extras: { config: options.config === true, credentials: options.includeCredentials === true, projectSettings: options.projectSettings === true },
        dryRun: options.dryRun,
        onPhase: (label, work) => progress.phase(label, work),
        onAdvance: (count) => progress.advance(count),
        onBytes: (bytes) => progress.advanceBytes(bytes),
      }).then(
        (done) => (progress.done(), done),
        (error: unknown) => {
          progress.fail();
          throw error;
        },
      );
      const far = await openRemote();
      if (sessionId !== undefined) requireSession(sessionId, result.manifests, remote.name);
      if (result.outcomes) {
        await saveAncestor(statePath, result.ancestor);
        await pruneBackups(join(backupsDir(ctx.stateDir), 'local'), undefined, runId);
        await pruneBackups(join(backupsDir(ctx.stateDir), remote.name), undefined, runId);
      }
      const extras = result.extras ? countExtras(result.extras) : { failed: 0, conflicts: plannedConflicts(result.extrasPlan) };
      // the run's `failed` counts every write that failed, config and history ones included
      const sessions = summarize(result.plan, result.outcomes, result.warnings);
      const summary = { ...sessions, failed: sessions.failed + extras.failed };
      const exitCode = summary.failed > 0 ? EXIT.error : summary.conflicts + extras.conflicts > 0 ? EXIT.conflicts : EXIT.ok;
      return {
        exitCode,
        remote: remote.name,
        turns: { local: local.turns, remote: far.turns },
        plan: result.plan,
        summary,
        warnings: result.warnings,
        extras: result.extras,
        extrasPlan: result.extrasPlan,
        stopped: result.stopped ?? [],
      };
    } finally {
      // the local side may have failed first: the remote, once open, is closed all the same
      await closeRemote();
    }
  } finally {
    await lock?.release();
  }
}
