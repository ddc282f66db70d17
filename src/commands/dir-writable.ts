// Can this user write in a `dir:` remote's Claude dir (issue #10 item 4: `check` says whether
// the Claude dir is writable)? Root ignores mode bits, so the only honest test is to make a
// file there (and remove it at once); a read-only mount or a missing permission says why.
import { constants } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { errorCode } from '../agent/list-files.js';

const REASONS: Record<string, string> = {
  EROFS: 'Read-only file system',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  ENOSPC: 'No space left on device',
  EDQUOT: 'Disk quota exceeded',
};

export async function probeWritable(dir: string): Promise<{ writable: boolean; notWritable?: string }> {
  const probe = join(dir, `.ccsync-check-${process.pid}.tmp`);
  try {
    const handle = await open(probe, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    await handle.close();
    await rm(probe, { force: true });
    return { writable: true };
  } catch (error) {
    const code = errorCode(error) ?? '';
    return { writable: false, notWritable: REASONS[code] ?? (code || 'unknown reason') };
  }
}
