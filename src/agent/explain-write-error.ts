// Why a write could not make its directory, in words (issue #10: no raw errno text). A
// recursive mkdir answers ENOENT or ENOTDIR alike for a parent that is a broken link (a pod
// whose volume is not mounted), a file in the way, and a read-only mount; the nearest thing
// that exists on the path tells which.
import { constants } from 'node:fs';
import { access, lstat, readlink } from 'node:fs/promises';
import path from 'node:path';
import { errnoCode, errorReason } from '../errors.js';

function mkdirPath(error: unknown): string | undefined {
  const code = errnoCode(error);
  if (code !== 'ENOENT' && code !== 'ENOTDIR') return undefined;
  if (!(error instanceof Error) || !('syscall' in error) || error.syscall !== 'mkdir') return undefined;
  return 'path' in error && typeof error.path === 'string' ? error.path : undefined;
}

/** `error` itself, or an Error whose message says what is in the way of a failed mkdir. */
export async function explainWriteError(error: unknown): Promise<unknown> {
  const wanted = mkdirPath(error);
  if (wanted === undefined) return error;
  const head = `cannot create the directory ${wanted}`;
  for (let at = wanted; ; at = path.dirname(at)) {
    const info = await lstat(at).catch(() => undefined);
    if (info?.isSymbolicLink()) {
      const target = await readlink(at).catch(() => '?');
      return new Error(`${head}: ${at} is a link to ${target}, which does not exist (is that volume mounted?)`);
    }
    if (info !== undefined && !info.isDirectory()) return new Error(`${head}: ${at} is a file, not a directory`);
    if (info !== undefined) {
      const denied = await access(at, constants.W_OK).then(() => undefined, (reason: unknown) => reason);
      return denied === undefined ? error : new Error(`${head}: ${errorReason(denied)} (at ${at})`);
    }
    if (at === path.dirname(at)) return error;
  }
}
