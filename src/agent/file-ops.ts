// Reads and writes on one side, each checked against the precondition the plan saw
// (ARCHITECTURE.md, "Writes"). Claude may be appending to a transcript while we work, so every
// write re-checks the file right before it commits, and a failed check is reported as
// `changed` — never retried blindly. Each op is independent: one failure does not stop the batch.
import { constants, type Stats } from 'node:fs';
import { copyFile, link, lstat, mkdir, open, rename, rm, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { ReadRequest, ReadResult, WriteOp, WriteResult } from '../wire/protocol.js';
import type { AgentRoot } from './agent-root.js';
import { backupFile, BACKUP_RUNS_KEPT, pruneBackups } from './backups.js';
import { fingerprintBuffer, fingerprintFile, readExactly, sha256Buffer, sha256File } from './fingerprint.js';
import { kindOf } from '../wire/protocol.js';
import { errorCode, isGone } from './list-files.js';
import { UnsafePathError } from './safe-path.js';
import { resolveWirePath } from './wire-path.js';
import { DIR_MODE, FILE_MODE, finishFile, NO_FOLLOW, syncDir, tempPathFor, writeAll, writeTemp } from './atomic-write.js';
import { diagnoseStop, freeBytes, STOP_WORDS } from './disk-stop.js';
import type { WriteStop } from '../wire/protocol.js';
import { describeError, errorReason } from '../errors.js';
import { explainWriteError } from './explain-write-error.js';
import { appendOp } from './append-journal.js';
import { checkCount, checkTime, expectSize, WriteFailure } from './write-failure.js';
import { withWriteLock } from './write-lock.js';
import { commitReplace } from './commit-replace.js';

/** `onRead` (optional) hears the length of each range once it is read: the CLI's progress. */
export async function readRanges(root: AgentRoot, requests: ReadRequest[], onRead?: (bytes: number) => void): Promise<ReadResult[]> {
  const results: ReadResult[] = [];
  for (const request of requests) {
    try {
      checkCount(request.offset, 'offset');
      checkCount(request.length, 'length');
      const abs = await resolveWirePath(root, request.path, false);
      const handle = await open(abs, constants.O_RDONLY | NO_FOLLOW);
      try {
        results.push({ path: request.path, data: await readExactly(handle, request.offset, request.length) });
        onRead?.(request.length);
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw new Error(`cannot read ${request.path} [${request.offset}, +${request.length}): ${errorReason(error)}`);
    }
  }
  return results;
}

/** The file now at `abs`, or undefined if there is none. */
async function currentFile(abs: string): Promise<Stats | undefined> {
  try {
    const info = await lstat(abs);
    if (!info.isFile()) throw new WriteFailure('refused', 'not a regular file');
    return info;
  } catch (error) {
    if (isGone(error)) return undefined;
    throw error;
  }
}

async function fingerprintOf(rel: string, handle: FileHandle, size: number): Promise<string> {
  return kindOf(rel) === 'jsonl' ? fingerprintFile(handle, size) : sha256File(handle);
}

// link() errors meaning "this filesystem has no hard links" (FAT, some network mounts).
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EXDEV']);

/**
 * Puts `temp` at `abs` only if nothing is there: link() fails with EEXIST instead of replacing
 * a file Claude created since the check. Filesystems without hard links fall back to re-check
 * + rename.
 */
async function createFromTemp(temp: string, abs: string, rel: string): Promise<void> {
  try {
    await link(temp, abs);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST') throw new WriteFailure('changed', `${rel} exists now, absent expected`);
    if (code === undefined || !NO_HARD_LINKS.has(code)) throw error;
    if ((await currentFile(abs)) !== undefined) throw new WriteFailure('changed', `${rel} exists now, absent expected`);
    await rename(temp, abs);
  }
}

async function putOp(root: AgentRoot, abs: string, op: Extract<WriteOp, { kind: 'put' }>, backup: Backup): Promise<WriteResult> {
  checkTime(op.mtimeMs);
  const current = await currentFile(abs);
  if ('absent' in op.expect) {
    if (current !== undefined) throw new WriteFailure('changed', `${op.path} exists, absent expected`);
  } else {
    checkCount(op.expect.size, 'expect.size');
    expectSize(op.path, current, op.expect.size);
  }
  await mkdir(path.dirname(abs), { recursive: true, mode: DIR_MODE });
  const temp = tempPathFor(abs, root.runId);
  try {
    const mtimeMs = await writeTemp(temp, op.data, op.mtimeMs);
    if ('absent' in op.expect) {
      await createFromTemp(temp, abs, op.path);
    } else {
      if (op.backup) await backup(op.path, abs);
      commitReplace(temp, abs, op.path, op.expect.size);
    }
    await syncDir(path.dirname(abs));
    const fp = kindOf(op.path) === 'jsonl' ? fingerprintBuffer(op.data, op.data.length) : sha256Buffer(op.data);
    return { ok: true, path: op.path, size: op.data.length, mtimeMs, fp };
  } finally {
    await rm(temp, { force: true });
  }
}

async function spliceOp(root: AgentRoot, abs: string, op: Extract<WriteOp, { kind: 'splice' }>, backup: Backup): Promise<WriteResult> {
  checkCount(op.expect.size, 'expect.size');
  checkCount(op.keep, 'keep');
  checkTime(op.mtimeMs);
  if (op.keep > op.expect.size) throw new WriteFailure('refused', `keep ${op.keep} is past the expected size ${op.expect.size}`);
  expectSize(op.path, await currentFile(abs), op.expect.size);
  const temp = tempPathFor(abs, root.runId);
  try {
    await rm(temp, { force: true });
    await copyFile(abs, temp, constants.COPYFILE_EXCL);
    const handle = await open(temp, constants.O_RDWR | NO_FOLLOW);
    let mtimeMs: number;
    let fp: string;
    const size = op.keep + op.data.length;
    try {
      await handle.chmod(FILE_MODE);
      await handle.truncate(op.keep);
      await writeAll(handle, op.data, op.keep);
      mtimeMs = await finishFile(handle, op.mtimeMs);
      fp = await fingerprintOf(op.path, handle, size);
    } finally {
      await handle.close();
    }
    // Claude may have appended while we copied: those lines would be lost by the rename.
    if (op.backup) await backup(op.path, abs);
    commitReplace(temp, abs, op.path, op.expect.size);
    await syncDir(path.dirname(abs));
    return { ok: true, path: op.path, size, mtimeMs, fp };
  } finally {
    await rm(temp, { force: true });
  }
}

async function removeOp(abs: string, op: Extract<WriteOp, { kind: 'remove' }>, backup: Backup): Promise<WriteResult> {
  const current = await currentFile(abs);
  if ('any' in op.expect) {
    if (current === undefined) return { ok: true, path: op.path };
  } else {
    checkCount(op.expect.size, 'expect.size');
    expectSize(op.path, current, op.expect.size);
  }
  if (op.backup) await backup(op.path, abs);
  try {
    await unlink(abs);
  } catch (error) {
    if (!isGone(error)) throw error;
  }
  await syncDir(path.dirname(abs));
  return { ok: true, path: op.path };
}

/** A copy in the backup dir of a file that stays as it is; a missing file is `changed`. */
async function backupOp(abs: string, op: Extract<WriteOp, { kind: 'backup' }>, backup: Backup): Promise<WriteResult> {
  const current = await currentFile(abs);
  if (current === undefined) throw new WriteFailure('changed', `${op.path} no longer exists`);
  await backup(op.path, abs);
  return { ok: true, path: op.path, size: current.size, mtimeMs: current.mtimeMs };
}

type Backup = (rel: string, abs: string) => Promise<void>;

function failureOf(op: WriteOp, error: unknown): WriteResult {
  const message = describeError(error);
  const code = error instanceof WriteFailure ? error.code : error instanceof UnsafePathError ? 'refused' : 'io';
  return { ok: false, path: op.path, code, message: `${op.kind} ${op.path}: ${message}` };
}

async function applyOne(root: AgentRoot, op: WriteOp, backup: Backup): Promise<WriteResult> {
  const abs = await resolveWirePath(root, op.path, true);
  switch (op.kind) {
    case 'append':
      return appendOp(root, abs, op);
    case 'put':
      return putOp(root, abs, op, backup);
    case 'splice':
      return spliceOp(root, abs, op, backup);
    case 'remove':
      return removeOp(abs, op, backup);
    case 'backup':
      return backupOp(abs, op, backup);
    default:
      // ops arrive from another machine: an unknown kind is refused, never guessed at
      throw new WriteFailure('refused', 'unknown write kind');
  }
}

/**
 * Applies each op on its own (results in op order), holding the side's write lock
 * (write-lock.ts). Replaced or removed files are backed up first when the op asks; a batch
 * that made backups prunes old backup runs afterwards. `onWritten` (optional) hears each op's
 * data length once the op is done with.
 */
export async function applyWrites(root: AgentRoot, ops: WriteOp[], onWritten?: (bytes: number) => void): Promise<WriteResult[]> {
  let backedUp = false;
  const backup: Backup = async (rel, abs) => {
    await backupFile(root, rel, abs);
    backedUp = true;
  };
  const results: WriteResult[] = [];
  let stop: WriteStop | undefined;
  await withWriteLock(root.claudeDir, async () => {
    for (const op of ops) {
      if (stop !== undefined) {
        results.push({ ok: false, path: op.path, code: 'io', message: `${op.kind} ${op.path}: not attempted (${STOP_WORDS[stop.cause]})`, stop });
        if ('data' in op) onWritten?.(op.data.length);
        continue;
      }
      try {
        results.push(await applyOne(root, op, backup));
      } catch (error) {
        const cause = error instanceof WriteFailure || error instanceof UnsafePathError ? undefined : await diagnoseStop(error, path.join(root.claudeDir, op.path));
        if (cause === undefined) results.push(failureOf(op, await explainWriteError(error)));
        else {
          const free = await freeBytes(root.claudeDir);
          stop = { cause, attempted: false, ...(free === undefined ? {} : { freeBytes: free }) };
          results.push({ ok: false, path: op.path, code: 'io', message: `${op.kind} ${op.path}: ${STOP_WORDS[cause]}`, stop: { ...stop, attempted: true } });
        }
      }
      if ('data' in op) onWritten?.(op.data.length);
    }
  });
  // Pruning is housekeeping: a failure here must not turn successful writes into errors.
  if (backedUp) await pruneBackups(root.backupDir, BACKUP_RUNS_KEPT, root.runId).catch(() => undefined);
  return results;
}
