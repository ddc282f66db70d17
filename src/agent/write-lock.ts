// One write batch at a time per Claude dir (issue #13, defect 8): runs for different remotes
// run at once, and two of them may write the same side — this machine's history.jsonl,
// settings.json, .claude.json and transcripts, or a hub's files that two machines push to. Each
// op checks its precondition and commits; the lock makes "check, then commit" one step among
// ccsync writers, so the second run's check sees the first run's write and reports `changed`
// instead of both appending. Held only for the batch, inside the agent; the file
// `<Claude dir>/.ccsync-write.lock` holds the holder's pid (the sh agent writes the same file
// with `set -C`), and one whose pid is gone is taken over.
import { constants } from 'node:fs';
import { mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { NO_FOLLOW } from './atomic-write.js';
import { isPidAlive } from './live-sessions.js';

export const WRITE_LOCK_NAME = '.ccsync-write.lock';
const WAIT_MS = 600_000;
const POLL_MS = 50;
/** A lock file without a pid yet is being written, unless it is older than this. */
const EMPTY_GRACE_MS = 10_000;

function code(error: unknown): unknown {
  return error instanceof Error && 'code' in error ? error.code : undefined;
}

async function tryTake(file: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NO_FOLLOW, 0o600);
  } catch (error) {
    if (code(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(`${process.pid}\n`);
  } finally {
    await handle.close();
  }
  return true;
}

/** The holder's pid; 'stale' when it is gone (or the file never got one); 'gone' when there is no lock. */
async function holder(file: string): Promise<number | 'stale' | 'gone'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (code(error) === 'ENOENT') return 'gone';
    throw error;
  }
  const pid = /^(\d+)\n/.exec(text)?.[1];
  if (pid !== undefined) return isPidAlive(Number(pid)) ? Number(pid) : 'stale';
  const age = await stat(file).then((info) => Date.now() - info.mtimeMs, () => 0);
  return age > EMPTY_GRACE_MS ? 'stale' : 0;
}

/** Errors that mean the side cannot take the lock file at all: its writes will fail and say why. */
const UNWRITABLE = new Set(['EROFS', 'ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'ENOENT', 'ENOTDIR']);

/**
 * Runs `work` holding the write lock of `claudeDir` (created 0700 if missing). A side that
 * cannot hold the file (read-only, full, not ours) is written without it: every write there
 * fails anyway, and src/agent/disk-stop.ts tells why once.
 */
export async function withWriteLock<T>(claudeDir: string, work: () => Promise<T>): Promise<T> {
  const file = path.join(claudeDir, WRITE_LOCK_NAME);
  try {
    await mkdir(claudeDir, { recursive: true, mode: 0o700 });
    await takeLock(file);
  } catch (error) {
    if (UNWRITABLE.has(String(code(error)))) return work();
    throw error;
  }
  try {
    return await work();
  } finally {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (text === `${process.pid}\n`) await unlink(file).catch(() => undefined);
  }
}

async function takeLock(file: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await tryTake(file))) {
    const held = await holder(file);
    if (held === 'stale') await unlink(file).catch(() => undefined);
    else if (held === 'gone') continue;
    else if (Date.now() >= deadline) {
      throw new Error(`another ccsync run (pid ${held}) has been writing ${path.dirname(file)} for ${WAIT_MS / 60_000} minutes; try again later, or remove ${file} if no ccsync runs`);
    } else await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
