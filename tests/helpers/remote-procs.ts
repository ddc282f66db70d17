// The processes of the sshd fixture's remote side (its agent, the sh agent's loop and scripts):
// every one runs with HOME = the fixture's remote home (sshd.ts's ForceCommand wrapper sets it),
// so they are found by that in /proc/<pid>/environ. The kill tests SIGKILL them by pid to play a
// pod that dies mid-write, and wait for them to be gone before the next run. Linux only.
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

function hasHome(pid: number, home: string): boolean {
  try {
    return `\0${readFileSync(`/proc/${pid}/environ`, 'latin1')}`.includes(`\0HOME=${home}\0`);
  } catch {
    return false; // gone, or not ours to read
  }
}

/** Pids whose environment holds HOME=`home` exactly (never this process). */
export function pidsWithHome(home: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .map(Number)
    .filter((pid) => hasHome(pid, home));
}

/** Kills those of `pids` that still run with HOME=`home` (a pid freed meanwhile may be another program's now). */
export function killWithHome(pids: readonly number[], home: string): void {
  killAll(pids.filter((pid) => hasHome(pid, home)));
}

/** Kills `pid` if it is still a child of this process (not a reused pid). */
export function killChild(pid: number): void {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return;
  }
  // "pid (comm) state ppid …": the fields after the last ')'
  const ppid = Number(stat.slice(stat.lastIndexOf(')') + 1).trim().split(' ')[1]);
  if (ppid === process.pid) killAll([pid]);
}

/** The children of `pids` (and theirs), read from /proc/<pid>/task/<tid>/children: fast, no scan. */
export function descendantsOf(pids: readonly number[]): number[] {
  const found: number[] = [];
  const queue = [...pids];
  while (queue.length > 0) {
    const pid = queue.shift();
    if (pid === undefined) break;
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      let text = '';
      try {
        text = readFileSync(`/proc/${pid}/task/${task}/children`, 'latin1');
      } catch {
        continue;
      }
      for (const child of text.split(' ').filter((word) => /^\d+$/.test(word)).map(Number)) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

export function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // exited meanwhile
    }
  }
}

/** Waits (≤ `timeoutMs`) until no process with HOME=`home` is left; false if some still run. */
export async function waitGone(home: string, timeoutMs = 20_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (pidsWithHome(home).length > 0) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}
