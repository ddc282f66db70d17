// Which process is Claude Code, seen from a hook: Claude runs a hook command with `sh -c`, so
// the hook's parent is that shell and Claude is the shell's parent (checked with 2.1.197: the
// parent's comm is `sh`, its parent's `claude.exe`). The SessionEnd push waits for that pid to
// end, so it carries the lines Claude writes on its way out. Unknown → undefined (no wait).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'ash', 'busybox']);

interface ProcessFacts {
  ppid: number;
  comm: string;
}

function facts(pid: number): ProcessFacts | undefined {
  try {
    // Linux: `pid (comm) state ppid …`; comm may hold spaces and parentheses, so split at the last ')'
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const ppid = Number(stat.slice(close + 2).split(' ')[1]);
    return Number.isSafeInteger(ppid) ? { ppid, comm } : undefined;
  } catch {
    // macOS and the BSDs have no /proc
  }
  try {
    const out = execFileSync('ps', ['-o', 'ppid=,comm=', '-p', String(pid)], { encoding: 'utf8', timeout: 2_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const match = /^(\d+)\s+(.*)$/.exec(out);
    if (!match) return undefined;
    return { ppid: Number(match[1]), comm: (match[2] ?? '').split('/').pop() ?? '' };
  } catch {
    return undefined;
  }
}

/** Claude's pid for a hook process whose parent is `parentPid`. */
export function claudePidFor(parentPid: number): number | undefined {
  const parent = facts(parentPid);
  if (parent === undefined) return undefined;
  if (!SHELLS.has(parent.comm)) return parentPid;
  return parent.ppid > 1 ? parent.ppid : undefined;
}
