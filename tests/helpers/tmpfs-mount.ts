// A small tmpfs mounted on a test's own dir, for a full or read-only target (issue #10 item 4:
// the tests run as root, which ignores mode bits, so chmod cannot make a dir read-only). Needs
// root and a kernel that lets this container mount; otherwise the reason to skip.
import { spawnSync } from 'node:child_process';

export interface Mounted {
  /** remount it read-only (what is on it stays) */
  readOnly(): void;
  unmount(): void;
}

function run(args: string[]): { ok: boolean; error: string } {
  const result = spawnSync('mount', args, { encoding: 'utf8' });
  return { ok: result.status === 0, error: (result.stderr || result.error?.message || '').trim() };
}

/** Mounts a tmpfs of `sizeBytes` on `dir` (which must exist), or says why it cannot. */
export function mountTmpfs(dir: string, sizeBytes: number): Mounted | { skip: string } {
  if (process.getuid?.() !== 0) return { skip: 'mounting a tmpfs needs root' };
  const mounted = run(['-t', 'tmpfs', '-o', `size=${sizeBytes},mode=0755`, 'tmpfs', dir]);
  if (!mounted.ok) return { skip: `mount -t tmpfs is not permitted here: ${mounted.error}` };
  return {
    readOnly: () => {
      const remount = run(['-o', 'remount,ro', dir]);
      if (!remount.ok) throw new Error(`remount,ro ${dir}: ${remount.error}`);
    },
    unmount: () => {
      const result = spawnSync('umount', [dir], { encoding: 'utf8' });
      if (result.status !== 0) spawnSync('umount', ['-l', dir]);
    },
  };
}

/** Mount, skip with the reason when not possible; the test body runs with the mount, unmounted after. */
export async function withTmpfs(dir: string, sizeBytes: number, skip: (reason: string) => void, body: (mount: Mounted) => Promise<void>): Promise<void> {
  const mount = mountTmpfs(dir, sizeBytes);
  if ('skip' in mount) return skip(mount.skip);
  try {
    await body(mount);
  } finally {
    mount.unmount();
  }
}
