// The last step of a put or splice that replaces a file (ARCHITECTURE.md, "Writes"): rename the
// finished temp file over the target only if the target is still the file the plan saw. Another
// program (Claude, a second tool) may append to the target at any moment (issue #13: live
// writers on both sides), and bytes it writes between the check and the rename would go to the
// replaced file and be lost. So the check and the rename run back to back, synchronously (no
// other callback between them), and bytes the old file got in that gap are carried over.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, renameSync, writeSync } from 'node:fs';
import { NO_FOLLOW } from './atomic-write.js';
import { isGone } from './list-files.js';
import { expectSize, WriteFailure } from './write-failure.js';

function readRange(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const got = readSync(fd, buf, filled, length - filled, position + filled);
    if (got === 0) break;
    filled += got;
  }
  return buf.subarray(0, filled);
}

/** Renames `temp` over `abs` if `abs` is still `size` bytes (`rel` names it in messages). */
export function commitReplace(temp: string, abs: string, rel: string, size: number): void {
  let old: number;
  try {
    old = openSync(abs, constants.O_RDONLY | NO_FOLLOW);
  } catch (error) {
    if (isGone(error)) throw new WriteFailure('changed', `${rel} no longer exists`);
    throw error;
  }
  try {
    const atPath = lstatSync(abs);
    const opened = fstatSync(old);
    if (atPath.ino !== opened.ino || atPath.dev !== opened.dev) throw new WriteFailure('changed', `${rel} was replaced meanwhile`);
    expectSize(rel, atPath, size);
    renameSync(temp, abs);
    // a writer that appended in the gap wrote to the old file: its bytes follow ours
    const grown = fstatSync(old).size;
    if (grown > size) {
      const late = readRange(old, size, grown - size);
      const target = openSync(abs, constants.O_WRONLY | constants.O_APPEND | NO_FOLLOW);
      try {
        for (let written = 0; written < late.length; ) written += writeSync(target, late, written, late.length - written, null);
      } finally {
        closeSync(target);
      }
    }
  } finally {
    closeSync(old);
  }
}
