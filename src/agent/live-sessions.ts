// Which sessions a running Claude process holds on this machine: `sessions/<pid>.json` is
// Claude Code's registry of running processes (claude-code-format.md, "Live sessions"). A file
// left behind by a crash names a dead pid and does not count.
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';

// Other fields (cwd, startedAt, version, …) vary by version and pass through unchecked.
const sessionRegistryEntrySchema = z.looseObject({ pid: z.number().int().positive(), sessionId: z.string().min(1) });

/**
 * True if a process with this pid exists. EPERM means it exists but belongs to another user.
 * Non-positive pids are refused: kill(0) or kill(-n) would address process groups.
 */
export function isPidAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
  return !isZombie(pid);
}

/**
 * A process killed a moment ago stays a zombie until its parent reaps it (an agent under sshd,
 * say): it answers kill(0) but will never write again. Linux tells by /proc; elsewhere no.
 */
function isZombie(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return false;
  }
  // "pid (comm) S …": comm may hold spaces and parentheses, the state follows the last ')'
  return stat.slice(stat.lastIndexOf(')') + 1).trimStart().startsWith('Z');
}

/** Session ids of live Claude processes, sorted, without duplicates. Unreadable entries are skipped. */
export async function liveSessionIds(claudeDir: string): Promise<string[]> {
  const registryDir = path.join(claudeDir, 'sessions');
  let names: string[];
  try {
    names = await readdir(registryDir);
  } catch {
    return [];
  }
  const live = new Set<string>();
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(path.join(registryDir, name), 'utf8'));
    } catch {
      continue; // vanished (the process exited) or half-written: not evidence of a live session
    }
    const entry = sessionRegistryEntrySchema.safeParse(parsed);
    if (entry.success && isPidAlive(entry.data.pid)) live.add(entry.data.sessionId);
  }
  return [...live].sort();
}
