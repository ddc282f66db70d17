// Which lock a command takes (issue #13, defect 8). A run for a remote (push/pull/sync/resolve
// NAME) holds that remote's lock, so runs for pod1 and pod2 go at once and a second run for pod1
// waits for the first. What they share on this machine is written safely all the same: each
// side's write batch holds that Claude dir's write lock (src/agent/write-lock.ts) around its
// size checks and commits. The commands that rewrite this machine's store on their own (move,
// import, verify --repair) hold the machine lock, and start only when no remote's run is going;
// a remote's run that meets the machine lock steps back until it is gone. Every wait is bounded
// (CCSYNC_LOCK_WAIT seconds, default 600) and says once on stderr what it waits for.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { lockPath, remoteLockPath } from '../config/paths.js';
import { ExitError } from '../errors.js';
import { acquireLock, isLockHeld, lockHolder, type Lock } from '../fs/lock.js';

const DEFAULT_WAIT_S = 600;
const POLL_MS = 100;

export interface LockIO {
  env: Readonly<Record<string, string | undefined>>;
  stderr: (text: string) => void;
}

/** How long a run waits for another, and where it says that it waits. */
export interface RunLockWait {
  timeoutMs: number;
  /** told once per thing waited for, with one line (no newline) */
  onWait?: (message: string) => void;
}

/** `CCSYNC_LOCK_WAIT` (seconds, ≥ 0) or the default. */
export function lockWaitMs(env: LockIO['env']): number {
  const raw = env['CCSYNC_LOCK_WAIT'];
  const seconds = raw !== undefined && /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : DEFAULT_WAIT_S;
  return seconds * 1000;
}

/** A command's wait: CCSYNC_LOCK_WAIT, told on stderr. */
export function commandLockWait(io: LockIO): RunLockWait {
  return { timeoutMs: lockWaitMs(io.env), onWait: (message) => io.stderr(`${message}\n`) };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function gaveUp(what: string, waitedMs: number): ExitError {
  return new ExitError(`${what} still runs after ${Math.round(waitedMs / 1000)} s; try again when it has finished (CCSYNC_LOCK_WAIT sets how long to wait)`);
}

/** The lock of runs for `remoteName`; waits for a run of the same remote and for the machine lock. */
export async function lockRemote(stateDir: string, remoteName: string, wait: RunLockWait): Promise<Lock> {
  const deadline = Date.now() + wait.timeoutMs;
  let toldMachine = false;
  for (;;) {
    const lock = await acquireLock(remoteLockPath(stateDir, remoteName), {
      timeoutMs: Math.max(0, deadline - Date.now()),
      pollMs: POLL_MS,
      onWait: (pid) => wait.onWait?.(`waiting for another ccsync run for '${remoteName}' (pid ${pid}) to finish…`),
    });
    const machine = await lockHolder(lockPath(stateDir));
    if (machine === undefined) return lock;
    await lock.release();
    if (!toldMachine) wait.onWait?.(`waiting for a ccsync run on this machine (pid ${machine}; a move, import or verify --repair) to finish…`);
    toldMachine = true;
    while (await isLockHeld(lockPath(stateDir))) {
      if (Date.now() >= deadline) throw gaveUp('a ccsync move, import or verify --repair on this machine', wait.timeoutMs);
      await sleep(POLL_MS);
    }
  }
}

async function liveRemoteLocks(stateDir: string): Promise<string[]> {
  const prefix = path.basename(remoteLockPath(stateDir, ''));
  const names = await readdir(stateDir).catch(() => []);
  const held: string[] = [];
  for (const name of names) if (name.startsWith(prefix) && name.length > prefix.length && (await isLockHeld(path.join(stateDir, name)))) held.push(name.slice(prefix.length));
  return held;
}

/** The machine lock; then waits until no remote's run is going. */
export async function lockMachine(stateDir: string, wait: RunLockWait): Promise<Lock> {
  const deadline = Date.now() + wait.timeoutMs;
  const lock = await acquireLock(lockPath(stateDir), {
    timeoutMs: wait.timeoutMs,
    pollMs: POLL_MS,
    onWait: (pid) => wait.onWait?.(`waiting for another ccsync run (pid ${pid}) to finish…`),
  });
  let told = false;
  for (;;) {
    const running = await liveRemoteLocks(stateDir);
    if (running.length === 0) return lock;
    const names = running.map((name) => `'${name}'`).join(', ');
    if (Date.now() >= deadline) {
      await lock.release();
      throw gaveUp(`a ccsync run for ${names}`, wait.timeoutMs);
    }
    if (!told) wait.onWait?.(`waiting for the ccsync run for ${names} to finish…`);
    told = true;
    await sleep(POLL_MS);
  }
}
