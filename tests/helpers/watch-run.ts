// Runs `ccsync watch --json` as a child (the compiled CLI) and reads its events as they come:
// a test waits for an event, finds the ssh the watch keeps open, reads its CPU time, stops it
// with a signal. Bounded: killed on a safety timer, and on the test process's exit.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { CLI_PATH } from '../integration/cli-harness.js';

export interface WatchEventLine {
  event: string;
  remote?: string;
  [key: string]: unknown;
}

export interface WatchRun {
  pid: number;
  events: WatchEventLine[];
  stderr(): string;
  /** the first event after index `from` matching `match` */
  waitFor(what: string, match: (event: WatchEventLine) => boolean, ms?: number, from?: number): Promise<WatchEventLine>;
  /** pids of the child processes of the watch (its ssh) */
  children(): number[];
  /** utime + stime of the watch process, in clock ticks */
  cpuTicks(): number;
  /** sends `signal` and resolves with the exit code and signal */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export function cpuTicksOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

export function childrenOf(pid: number): number[] {
  const pids: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    if (text) pids.push(...text.split(' ').map(Number));
  }
  return pids;
}

export function startWatch(env: Record<string, string>, args: string[], cwd: string, safetyMs = 10 * 60_000): WatchRun {
  const child = spawn(process.execPath, [CLI_PATH, 'watch', '--json', ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const safety = setTimeout(() => child.kill('SIGKILL'), safetyMs);
  const events: WatchEventLine[] = [];
  const waiters = new Set<() => void>();
  let buffered = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      try {
        events.push(JSON.parse(line) as WatchEventLine);
      } catch {
        events.push({ event: 'unparsable', line });
      }
    }
    for (const wake of waiters) wake();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      clearTimeout(safety);
      live.delete(child);
      for (const wake of waiters) wake();
      resolve({ code, signal });
    });
  });
  const pid = child.pid ?? 0;
  return {
    pid,
    events,
    stderr: () => stderr,
    waitFor: (what, match, ms = 30_000, from = 0) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const found = events.slice(from).find(match);
          if (found) {
            finish();
            resolve(found);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            finish();
            reject(new Error(`watch exited before ${what}: ${stderr}\n${JSON.stringify(events)}`));
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`timed out waiting for ${what}: ${stderr}\n${JSON.stringify(events)}`));
        }, ms);
        const finish = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
    children: () => childrenOf(pid),
    cpuTicks: () => cpuTicksOf(pid),
    stop: (signal = 'SIGINT') => {
      child.kill(signal);
      return exited;
    },
  };
}
