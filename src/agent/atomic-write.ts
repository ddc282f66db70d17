// The durable-write steps file-ops.ts builds on: temp files beside the target (same filesystem,
// so rename is atomic), explicit modes (transcripts hold secrets: files 0600, dirs 0700), fsync
// of data and of the dir entry, and the mtime the plan asked for (`--continue` picks by mtime).
import { constants } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;
// Windows has no O_NOFOLLOW; there resolveInside's lstat walk is the only guard.
export const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

export async function writeAll(handle: FileHandle, data: Buffer, position: number | null): Promise<void> {
  let written = 0;
  while (written < data.length) {
    const at = position === null ? null : position + written;
    const { bytesWritten } = await handle.write(data, written, data.length - written, at);
    written += bytesWritten;
  }
}

/** Make the rename durable: fsync the dir. Some platforms (Windows) cannot; the rename is still atomic. */
export async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort, see above
  }
}

/** `.<name>.ccsync-<runId>.tmp` beside the target: hidden, and unique per run. */
export function tempPathFor(abs: string, runId: string): string {
  return path.join(path.dirname(abs), `.${path.basename(abs)}.ccsync-${runId}.tmp`);
}

const TEMP_FILE_NAME = /^\..*\.ccsync-.*\.tmp$/;

/** A temp file of a write that crashed mid-way: manifests never list it. */
export function isTempFileName(name: string): boolean {
  return TEMP_FILE_NAME.test(name);
}

/** Sets the mtime the plan asked for, fsyncs, and returns the mtime as stat will report it. */
export async function finishFile(handle: FileHandle, mtimeMs: number): Promise<number> {
  // Seconds as a number, not a Date: a Date drops the sub-millisecond part and the conversion
  // back rounds down, so the target came out up to 1 ms older than the source.
  await handle.utimes(new Date(), mtimeMs / 1000);
  await handle.sync();
  return (await handle.stat()).mtimeMs;
}

/** Writes `data` to a fresh temp file (0600), sets its mtime and fsyncs it. */
export async function writeTemp(temp: string, data: Buffer, mtimeMs: number): Promise<number> {
  await rm(temp, { force: true });
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NO_FOLLOW, FILE_MODE);
  try {
    await handle.chmod(FILE_MODE); // the umask could have taken bits away
    await writeAll(handle, data, 0);
    return await finishFile(handle, mtimeMs);
  } finally {
    await handle.close();
  }
}
