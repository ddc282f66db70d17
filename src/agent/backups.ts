// Copies of files a run replaces or removes (ARCHITECTURE.md, "Writes"): `<backupDir>/<runId>/`
// mirrors the Claude dir's layout, so restoring is a copy back. Newest 20 runs are kept.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { AgentRoot } from './agent-root.js';

export const BACKUP_RUNS_KEPT = 20;
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/** `YYYYMMDDTHHMMSS-<pid>-<rand>` in UTC, so run ids (and backup dirs) sort by time. */
export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  return `${stamp}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

const RUN_ID = /^\d{8}T\d{6}-\d+-[0-9a-f]+$/;

export function isRunId(name: string): boolean {
  return RUN_ID.test(name);
}

/**
 * Copies `absPath` (the file at `rel` in the Claude dir) into this run's backup dir. A second
 * backup of the same path in one run keeps the first copy: that is the state before the run.
 * Returns the backup's path.
 */
export async function backupFile(root: AgentRoot, rel: string, absPath: string): Promise<string> {
  const runDir = path.join(root.backupDir, root.runId);
  const target = path.join(runDir, ...rel.split('/'));
  await mkdir(path.dirname(target), { recursive: true, mode: DIR_MODE });
  try {
    await copyFile(absPath, target, constants.COPYFILE_EXCL);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'EEXIST') return target;
    throw error;
  }
  // copyFile carries the source's mode over; transcripts hold secrets, so be explicit.
  await chmod(target, FILE_MODE);
  return target;
}

/**
 * Removes the oldest run dirs beyond `keep` (never `currentRunId`, whatever the clocks say).
 * Only names shaped like run ids are touched. Returns the removed run ids.
 */
export async function pruneBackups(backupDir: string, keep: number = BACKUP_RUNS_KEPT, currentRunId?: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(backupDir, { withFileTypes: true });
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return [];
    throw error;
  }
  const runs = entries
    .filter((entry) => entry.isDirectory() && isRunId(entry.name))
    .map((entry) => entry.name)
    .sort();
  const doomed = runs.slice(0, Math.max(0, runs.length - keep)).filter((run) => run !== currentRunId);
  for (const run of doomed) await rm(path.join(backupDir, run), { recursive: true, force: true });
  return doomed;
}
