// Appends that a kill cannot strand (issue #13, defect 3). An append of a few MB is many write()
// calls, and a kill -9 between them leaves the target ending inside a line that ccsync wrote:
// every later run would take it for a line Claude is still writing and skip the file forever.
// So before the first byte lands, a journal beside the target records the size it had, its
// mtime (as the journal's own mtime) and the bytes about to be written:
//   `.<name>.ccsync-<run>.append.tmp` = "ccsync-append1 <size before> <length>\n" + the bytes.
// The journal goes away once the append is on disk (or was taken back out after a failure);
// one left behind by a run that is over is healed by the next run on that side (leftovers.ts):
// if the target stops inside the journal's bytes — every byte past the old size is ccsync's —
// it is cut back to the old size and gets its old mtime back, as if the run never wrote. Bytes
// that are not the journal's (Claude wrote after the kill) are never cut. Written without fsync:
// a kill does not lose the page cache; a power cut mid-append is outside what this heals.
// The same format is written and healed by the sh agent (transport/sh-agent/heal-script.ts).
import { constants, fstatSync, writeSync } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { kindOf, type WriteOp, type WriteResult } from '../wire/protocol.js';
import type { AgentRoot } from './agent-root.js';
import { FILE_MODE, finishFile, NO_FOLLOW, writeAll } from './atomic-write.js';
import { fingerprintFile, readExactly, sha256File } from './fingerprint.js';
import { isGone } from './list-files.js';
import { checkCount, checkTime, expectSize, WriteFailure } from './write-failure.js';

const JOURNAL_TAG = 'ccsync-append1';
const HEADER = /^ccsync-append1 (\d+) (\d+)\n/;
const COMPARE_CHUNK = 1 << 20;

export interface Journal {
  path: string;
  /** the target's size before the append */
  preSize: number;
  /** how many bytes the append writes; they follow the header in the journal */
  length: number;
  dataOffset: number;
}

/** The journal of an append to `abs` by run `runId` (leftovers.ts knows the name). */
export function journalPathFor(abs: string, runId: string): string {
  return path.join(path.dirname(abs), `.${path.basename(abs)}.ccsync-${runId}.append.tmp`);
}

/** Bytes [offset, offset + length) of the data the journal holds (or the op carries). */
type DataAt = (offset: number, length: number) => Promise<Buffer>;

async function writeJournal(file: string, preSize: number, data: Buffer, preMtimeMs: number): Promise<void> {
  await rm(file, { force: true });
  const handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NO_FOLLOW, FILE_MODE);
  try {
    const header = Buffer.from(`${JOURNAL_TAG} ${preSize} ${data.length}\n`);
    await writeAll(handle, header, 0);
    await writeAll(handle, data, header.length);
    // the target's mtime before the append, kept where the sh agent can copy it (`touch -r`)
    await handle.utimes(new Date(), preMtimeMs / 1000);
  } finally {
    await handle.close();
  }
}

/** The journal's header, or undefined if it is not one (cut short before its header was written). */
export async function readJournal(file: string): Promise<Journal | undefined> {
  const handle = await open(file, constants.O_RDONLY | NO_FOLLOW);
  try {
    const head = Buffer.alloc(64);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const match = HEADER.exec(head.subarray(0, bytesRead).toString('latin1'));
    if (!match) return undefined;
    const journal = { path: file, preSize: Number(match[1]), length: Number(match[2]), dataOffset: match[0].length };
    // a journal cut short (the kill landed while it was written) covers fewer bytes than it announces
    const size = (await handle.stat()).size;
    return { ...journal, length: Math.min(journal.length, size - journal.dataOffset) };
  } finally {
    await handle.close();
  }
}

/** Whether the file holds exactly `data(0, n)` at `position` (compared a chunk at a time). */
async function holdsAt(handle: FileHandle, position: number, n: number, data: DataAt): Promise<boolean> {
  for (let done = 0; done < n; done += COMPARE_CHUNK) {
    const length = Math.min(COMPARE_CHUNK, n - done);
    let onDisk: Buffer;
    try {
      onDisk = await readExactly(handle, position + done, length);
    } catch {
      return false;
    }
    if (!onDisk.equals(await data(done, length))) return false;
  }
  return true;
}

export type RollBack = { kind: 'none' } | { kind: 'rolled-back'; bytes: number } | { kind: 'foreign' };

/**
 * Takes an interrupted append back out of `handle`'s file: only if every byte past `preSize` is
 * the append's and the file stops inside it (a complete append stays; foreign bytes stay).
 */
async function rollBack(handle: FileHandle, preSize: number, length: number, data: DataAt, mtimeMs: number): Promise<RollBack> {
  const size = (await handle.stat()).size;
  if (size <= preSize) return { kind: 'none' };
  const ours = Math.min(size, preSize + length) - preSize;
  if (!(await holdsAt(handle, preSize, ours, data))) return { kind: 'foreign' };
  if (size >= preSize + length) return { kind: 'none' };
  await handle.truncate(preSize);
  await handle.utimes(new Date(), mtimeMs / 1000);
  await handle.sync();
  return { kind: 'rolled-back', bytes: size - preSize };
}

/** Heals from a journal a dead run left (leftovers.ts); `mtimeMs` is the journal's own mtime. */
export async function rollBackAppend(handle: FileHandle, journal: Journal, mtimeMs: number): Promise<RollBack> {
  const source = await open(journal.path, constants.O_RDONLY | NO_FOLLOW);
  try {
    return await rollBack(handle, journal.preSize, journal.length, (offset, length) => readExactly(source, journal.dataOffset + offset, length), mtimeMs);
  } finally {
    await source.close();
  }
}

/**
 * The size check and the write back to back, synchronously, so no other callback of this
 * process runs between them and the window for another program's bytes is as short as it gets.
 * Returns the file's size right after.
 */
function checkAndAppend(fd: number, rel: string, preSize: number, data: Buffer): number {
  expectSize(rel, fstatSync(fd), preSize);
  for (let written = 0; written < data.length; ) written += writeSync(fd, data, written, data.length - written, null);
  return fstatSync(fd).size;
}

/**
 * When the size after the append is not `preSize + data.length`, another program appended too:
 * after ccsync's bytes (fine: they are the next run's news), or before them — then ccsync's
 * bytes went in behind a line that may not have ended, and they are taken back out if they are
 * still the file's end.
 */
async function checkLanding(handle: FileHandle, rel: string, preSize: number, data: Buffer, after: number): Promise<void> {
  const inMemory: DataAt = async (offset, length) => data.subarray(offset, offset + length);
  if (await holdsAt(handle, preSize, data.length, inMemory)) return;
  const start = after - data.length;
  if (start >= preSize && (await holdsAt(handle, start, data.length, inMemory))) {
    await handle.truncate(start);
    throw new WriteFailure('changed', `${rel} was written by another program while ccsync appended to it; ccsync's lines were taken back out and are left for the next run`);
  }
  throw new WriteFailure('changed', `${rel} was written by another program while ccsync appended to it; \`ccsync verify\` checks its lines`);
}

/** Verified, journaled append (ARCHITECTURE.md, "Writes"): never creates the file. */
export async function appendOp(root: AgentRoot, abs: string, op: Extract<WriteOp, { kind: 'append' }>): Promise<WriteResult> {
  checkCount(op.expect.size, 'expect.size');
  checkTime(op.mtimeMs);
  const preSize = op.expect.size;
  let handle;
  try {
    handle = await open(abs, constants.O_RDWR | constants.O_APPEND | NO_FOLLOW);
  } catch (error) {
    if (isGone(error)) throw new WriteFailure('changed', `${op.path} no longer exists`);
    throw error;
  }
  try {
    const before = await handle.stat();
    if (!before.isFile()) throw new WriteFailure('refused', 'not a regular file');
    expectSize(op.path, before, preSize);
    const journal = journalPathFor(abs, root.runId);
    await writeJournal(journal, preSize, op.data, before.mtimeMs);
    let journalStays = false;
    try {
      let after: number;
      try {
        after = checkAndAppend(handle.fd, op.path, preSize, op.data);
      } catch (error) {
        if (error instanceof WriteFailure) throw error; // nothing was written
        // part of the data may have landed (a full disk): take ccsync's bytes back out
        const undone = await rollBack(handle, preSize, op.data.length, async (offset, length) => op.data.subarray(offset, offset + length), before.mtimeMs).then(
          () => true,
          () => false,
        );
        journalStays = !undone; // the next run on this side tries again
        throw error;
      }
      const end = preSize + op.data.length;
      if (after !== end) await checkLanding(handle, op.path, preSize, op.data, after);
      const mtimeMs = await finishFile(handle, op.mtimeMs);
      const fp = kindOf(op.path) === 'jsonl' ? await fingerprintFile(handle, end) : await sha256File(handle);
      return { ok: true, path: op.path, size: end, mtimeMs, fp };
    } finally {
      if (!journalStays) await rm(journal, { force: true });
    }
  } finally {
    await handle.close();
  }
}
