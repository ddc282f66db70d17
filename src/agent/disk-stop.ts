// A side that cannot take any more writes (issue #10 item 4: on a full disk the run printed one
// failure per file and counted the failed bytes as written). The first no-space, read-only or
// permission error stops the batch: the ops after it are not attempted, and the results say
// why and how much room the side has left, so the CLI prints one line instead of hundreds.
import { constants } from 'node:fs';
import { open, rm, stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import type { WriteStop } from '../wire/protocol.js';
import { errorCode } from './list-files.js';

export type StopCause = WriteStop['cause'];

export function stopCauseOf(error: unknown): StopCause | undefined {
  const code = errorCode(error);
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'no-space';
  if (code === 'EROFS') return 'read-only';
  if (code === 'EACCES' || code === 'EPERM') return 'no-permission';
  return undefined;
}

/**
 * The stop cause of a failed write at `abs`. Node's recursive mkdir on a read-only file system
 * answers ENOENT (it retries the parents and reports the last error), so an ENOENT is asked
 * again of the file system: a probe file in the nearest existing dir says what is wrong.
 */
export async function diagnoseStop(error: unknown, abs: string): Promise<StopCause | undefined> {
  const direct = stopCauseOf(error);
  if (direct !== undefined || errorCode(error) !== 'ENOENT') return direct;
  let dir = path.dirname(abs);
  while (!(await stat(dir).then((info) => info.isDirectory(), () => false))) {
    if (path.dirname(dir) === dir) return undefined;
    dir = path.dirname(dir);
  }
  const probe = path.join(dir, `.ccsync-probe-${process.pid}.tmp`);
  try {
    await (await open(probe, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600)).close();
    await rm(probe, { force: true });
    return undefined;
  } catch (probeError) {
    return stopCauseOf(probeError);
  }
}

/** What the user reads instead of the errno text. */
export const STOP_WORDS: Record<StopCause, string> = {
  'no-space': 'no space left on the device',
  'read-only': 'the file system is read-only',
  'no-permission': 'permission denied',
};

/** Bytes free to an unprivileged writer on the file system holding `dir` (or its nearest existing parent). */
export async function freeBytes(dir: string): Promise<number | undefined> {
  for (let current = dir; ; current = path.dirname(current)) {
    try {
      const info = await statfs(current);
      return info.bavail * info.bsize;
    } catch {
      if (path.dirname(current) === current) return undefined;
    }
  }
}
