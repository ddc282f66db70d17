// Lock files that keep ccsync runs apart (ARCHITECTURE.md, "Writes"; which locks: src/sync/run-locks.ts):
// two runs planning from the same ancestor would both append the same tail. A lock is a file
// created with O_EXCL that names its holder; a holder that died (crash, kill -9) is detected by
// its pid and replaced. A run may wait for a live holder, with a bound.
import { mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import { isPidAlive } from '../agent/live-sessions.js';
import { ExitError } from '../errors.js';

const lockContentSchema = z.object({ pid: z.number().int(), startedAt: z.number() });
type LockContent = z.infer<typeof lockContentSchema>;

/** A lock file that does not parse is being written right now, unless it is older than this. */
const UNPARSABLE_GRACE_MS = 60_000;

export interface Lock {
  release(): Promise<void>;
}

function hasCode(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}

async function readHolder(lockPath: string): Promise<LockContent | 'missing' | 'unparsable'> {
  let text: string;
  try {
    text = await readFile(lockPath, 'utf8');
  } catch (error) {
    if (hasCode(error, 'ENOENT')) return 'missing';
    throw error;
  }
  try {
    const parsed = lockContentSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'unparsable';
  } catch {
    return 'unparsable';
  }
}

async function tryCreate(lockPath: string, content: LockContent): Promise<boolean> {
  let handle;
  try {
    handle = await open(lockPath, 'wx', 0o600);
  } catch (error) {
    if (hasCode(error, 'EEXIST')) return false;
    throw error;
  }
  try {
    await handle.writeFile(`${JSON.stringify(content)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

function heldBy(lockPath: string, pid: number | string): ExitError {
  return new ExitError(`another ccsync run (pid ${pid}) holds ${lockPath}; wait for it or remove the file if no ccsync is running`);
}

/** Returns if the existing lock is abandoned (its holder is gone); throws if a live run may hold it. */
async function assertAbandoned(lockPath: string): Promise<void> {
  const holder = await readHolder(lockPath);
  if (holder === 'missing') return;
  if (holder === 'unparsable') {
    const mtimeMs = await stat(lockPath).then((info) => info.mtimeMs, () => 0);
    if (Date.now() - mtimeMs < UNPARSABLE_GRACE_MS) throw heldBy(lockPath, 'unknown');
    return;
  }
  if (isPidAlive(holder.pid)) throw heldBy(lockPath, holder.pid);
}

/** How long to wait for a lock another run holds, and how to tell the user it is waiting. */
export interface LockWait {
  timeoutMs: number;
  /** called once, when the wait starts, with the holder's pid */
  onWait?: (holder: number | 'unknown') => void;
  /** between tries; default 100 ms */
  pollMs?: number;
}

/** The pid of a live run that holds the lock at `lockPath` ('unknown' while it is being written); undefined if none does. */
export async function lockHolder(lockPath: string): Promise<number | 'unknown' | undefined> {
  try {
    await assertAbandoned(lockPath);
    return undefined;
  } catch (error) {
    if (!(error instanceof ExitError)) throw error;
    const holder = await readHolder(lockPath);
    return typeof holder === 'object' ? holder.pid : 'unknown';
  }
}

/** Whether a live run holds the lock at `lockPath` (a lock a dead run left does not count). */
export async function isLockHeld(lockPath: string): Promise<boolean> {
  return (await lockHolder(lockPath)) !== undefined;
}

async function tryAcquire(lockPath: string, mine: LockContent): Promise<boolean> {
  if (await tryCreate(lockPath, mine)) return true;
  await assertAbandoned(lockPath);
  try {
    await unlink(lockPath);
  } catch (error) {
    if (!hasCode(error, 'ENOENT')) throw error;
  }
  return tryCreate(lockPath, mine);
}

/**
 * Takes the lock at `lockPath` (creating its dir, 0700). A lock whose pid is dead is removed and
 * the create retried. While a live run holds it, waits up to `wait.timeoutMs` (0: not at all),
 * then throws the holder message. `release` removes the file only while it still names this
 * process.
 */
export async function acquireLock(lockPath: string, wait: LockWait = { timeoutMs: 0 }): Promise<Lock> {
  await mkdir(path.dirname(lockPath), { recursive: true, mode: 0o700 });
  const mine: LockContent = { pid: process.pid, startedAt: Date.now() };
  const deadline = Date.now() + wait.timeoutMs;
  let told = false;
  for (;;) {
    try {
      if (await tryAcquire(lockPath, mine)) break;
    } catch (error) {
      if (!(error instanceof ExitError)) throw error;
    }
    const holder = await readHolder(lockPath);
    const pid = typeof holder === 'object' ? holder.pid : 'unknown';
    if (Date.now() >= deadline) throw heldBy(lockPath, pid);
    if (!told) wait.onWait?.(pid);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, Math.min(wait.pollMs ?? 100, Math.max(1, deadline - Date.now()))));
  }
  return lockHandle(lockPath, mine);
}

function lockHandle(lockPath: string, mine: LockContent): Lock {
  let released = false;
  return {
    async release(): Promise<void> {
      if (released) return;
      released = true;
      const holder = await readHolder(lockPath);
      if (typeof holder !== 'object' || holder.pid !== mine.pid || holder.startedAt !== mine.startedAt) return;
      try {
        await unlink(lockPath);
      } catch (error) {
        if (!hasCode(error, 'ENOENT')) throw error;
      }
    },
  };
}
