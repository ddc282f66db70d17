// One sync of a project scope over a remote side that is already open, for the runs nobody
// types: the hook runner (one pass on a fresh connection) and `ccsync watch` (many passes on a
// kept one). The same sequence as run-transfer.ts — lock, ancestor, syncSides, save, prune —
// with results returned as values instead of printed, and the remote's lock (run-locks.ts) held
// by another run waited for, up to a bound, instead of failing: hooks and watch queue behind it.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ancestorPath, backupsDir } from '../config/paths.js';
import type { ResolvedRemote } from '../config/resolve-remote.js';
import { ExitError } from '../errors.js';
import { newRunId, pruneBackups } from '../agent/backups.js';
import type { Lock } from '../fs/lock.js';
import { lockRemote } from './run-locks.js';
import { openLocalTransport, type TransportEnv } from '../transport/open-transport.js';
import type { Transport } from '../transport/transport.js';
import type { Manifest } from '../wire/protocol.js';
import { loadAncestor, saveAncestor } from './ancestor-store.js';
import type { Scope } from '../planner/pair-dirs.js';
import type { Direction } from '../planner/types.js';
import type { ActionOutcome } from './record-results.js';
import { syncSides } from './sync-session.js';

export interface SyncPassRequest {
  remote: ResolvedRemote;
  /** the open remote side; it stays open */
  transport: Transport;
  scope: Scope;
  direction: Direction;
  /** how long to wait for another run's lock before giving up */
  lockWaitMs: number;
  /** told once when the pass has to wait for another run */
  onWait?: (message: string) => void;
  /** told when the lock is held and the pass starts (a queued hook run stops being "queued") */
  onLocked?: () => void;
}

/** What one pass did, as counts and the files it wrote (no text: the caller words it). */
export interface SyncPassResult {
  /** files written (ancestor-only records not counted) */
  done: number;
  failed: number;
  skipped: number;
  conflicts: number;
  bytes: number;
  /** logical keys written, per side written to */
  written: Array<{ key: string; side: 'local' | 'remote' | 'both' }>;
  /** why files were skipped, failed or conflict (one per file) */
  notes: string[];
  warnings: string[];
  /** the remote manifest this pass planned from, hashed: a later poll that differs saw a change */
  remoteDigest: string;
}

/** A manifest's hash, as `ccsync watch` compares its polls with the last pass. */
export function manifestDigest(manifest: Manifest): string {
  return createHash('sha256').update(JSON.stringify(manifest)).digest('hex');
}

function sideOf(outcome: ActionOutcome): 'local' | 'remote' | 'both' {
  const action = outcome.action;
  if ('to' in action) return action.to.side;
  if ('at' in action) return action.at.side;
  return 'both';
}

export function passResult(outcomes: readonly ActionOutcome[], warnings: string[], remoteDigest: string): SyncPassResult {
  const count = (status: ActionOutcome['status']): number => outcomes.filter((outcome) => outcome.status === status).length;
  const written = outcomes.filter((outcome) => outcome.status === 'done' && outcome.action.kind !== 'record');
  return {
    done: written.length,
    failed: count('failed'),
    skipped: count('skipped'),
    conflicts: count('conflict'),
    bytes: outcomes.reduce((sum, outcome) => sum + outcome.bytes, 0),
    written: written.map((outcome) => ({ key: outcome.action.key, side: sideOf(outcome) })),
    notes: outcomes.filter((outcome) => outcome.status !== 'done' && outcome.message).map((outcome) => `${outcome.action.key}: ${outcome.message ?? ''}`),
    warnings,
    remoteDigest,
  };
}

/** Another run still held the lock when the wait ran out (watch retries later, a hook logs it). */
export class LockBusy extends ExitError {}

/** The remote's run lock (run-locks.ts); a wait that runs out is LockBusy (watch retries later). */
export async function waitForLock(stateDir: string, remoteName: string, waitMs: number, onWait?: (message: string) => void): Promise<Lock> {
  try {
    return await lockRemote(stateDir, remoteName, { timeoutMs: waitMs, ...(onWait ? { onWait } : {}) });
  } catch (error) {
    // lockRemote's ExitError means a live run holds a lock; anything else is not a wait
    if (error instanceof ExitError) throw new LockBusy(error.message);
    throw error;
  }
}

export async function runSyncPass(ctx: TransportEnv, request: SyncPassRequest): Promise<SyncPassResult> {
  const { remote } = request;
  const lock = await waitForLock(ctx.stateDir, remote.name, request.lockWaitMs, request.onWait);
  try {
    request.onLocked?.();
    const runId = newRunId();
    const local = await openLocalTransport(ctx, runId);
    const statePath = ancestorPath(ctx.stateDir, remote.name);
    const ancestor = await loadAncestor(statePath);
    const result = await syncSides({
      remoteName: remote.name,
      local,
      remote: request.transport,
      ancestor,
      userPairs: remote.pairs,
      scope: request.scope,
      options: { direction: request.direction, delete: false, force: false, now: Date.now() },
      extras: { config: false, credentials: false, projectSettings: false },
      dryRun: false,
    });
    if (result.outcomes) {
      await saveAncestor(statePath, result.ancestor);
      await pruneBackups(join(backupsDir(ctx.stateDir), 'local'), undefined, runId);
      await pruneBackups(join(backupsDir(ctx.stateDir), remote.name), undefined, runId);
    }
    return passResult(result.outcomes ?? [], result.warnings, manifestDigest(result.manifests.remote));
  } finally {
    await lock.release();
  }
}
