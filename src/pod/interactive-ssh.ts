// Runs the interactive ssh of `ccsync launch` with the terminal handed over (stdio inherited)
// and reports how it ended, whatever happened: the pull after it must run (issue #4: "when it
// ends — normal exit, Ctrl-C, or a dropped connection — pull"). ssh puts the terminal in raw
// mode, so Ctrl-C travels to the remote claude as a byte; a SIGINT/SIGTERM/SIGHUP sent to
// ccsync itself is held off until ssh is gone, so the pull still runs.
import { spawn, spawnSync } from 'node:child_process';
import { constants } from 'node:os';
import type { SshInvocation } from '../transport/ssh-argv.js';
import { describeError } from '../errors.js';

export type InteractiveEnd =
  | { kind: 'exited'; code: number }
  | { kind: 'signaled'; signal: NodeJS.Signals; code: number }
  | { kind: 'not-started'; message: string };

const HELD_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export async function runInteractiveSsh(invocation: SshInvocation, restoreTerminal: boolean): Promise<InteractiveEnd> {
  const held: NodeJS.Signals[] = [];
  const hold = (signal: NodeJS.Signals): void => void held.push(signal);
  for (const signal of HELD_SIGNALS) process.on(signal, hold);
  try {
    const end = await new Promise<InteractiveEnd>((resolve) => {
      const child = spawn(invocation.program, invocation.args, { stdio: 'inherit' });
      child.once('error', (error: NodeJS.ErrnoException) => {
        const message = error.code === 'ENOENT' ? `cannot run ${invocation.program}: not found — install OpenSSH or set CCSYNC_SSH_COMMAND` : describeError(error);
        resolve({ kind: 'not-started', message });
      });
      child.once('exit', (code, signal) => {
        if (signal !== null) resolve({ kind: 'signaled', signal, code: 128 + (constants.signals[signal] ?? 0) });
        else resolve({ kind: 'exited', code: code ?? 1 });
      });
    });
    // a killed ssh cannot put the terminal back from raw mode; the pull's report must be readable
    if (restoreTerminal && end.kind === 'signaled') spawnSync('stty', ['sane'], { stdio: 'inherit' });
    return end;
  } finally {
    for (const signal of HELD_SIGNALS) process.off(signal, hold);
  }
}
