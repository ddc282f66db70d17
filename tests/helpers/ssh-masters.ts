// ccsync's own ssh masters (src/transport/ssh-reuse.ts) in a test's state dir: find them, ask
// them their pid, and stop them so that no test leaves an ssh process behind.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The sockets under `<stateDir>/ssh` (no XDG_RUNTIME_DIR in a test sandbox). */
export function masterSockets(stateDir: string): string[] {
  const dir = join(stateDir, 'ssh');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).map((name) => join(dir, name)).filter((path) => lstatSync(path).isSocket());
}

/** The pid `ssh -O check` reports for the master on `socket`, or undefined if none answers. */
export function masterPid(socket: string): number | undefined {
  const result = spawnSync('ssh', ['-F', '/dev/null', '-o', `ControlPath=${socket}`, '-O', 'check', 'placeholder'], { encoding: 'utf8', timeout: 5_000 });
  const pid = /pid=(\d+)/.exec(`${result.stdout}${result.stderr}`)?.[1];
  return pid === undefined ? undefined : Number(pid);
}

/** Stops every master of this state dir (`ssh -O exit`), bounded in time. */
export function stopMasters(stateDir: string): void {
  for (const socket of masterSockets(stateDir)) {
    spawnSync('ssh', ['-F', '/dev/null', '-o', `ControlPath=${socket}`, '-O', 'exit', 'placeholder'], { stdio: 'ignore', timeout: 5_000 });
  }
}
