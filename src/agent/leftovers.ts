// What a ccsync run killed mid-write (kill -9, a lost pod, a full disk) leaves beside the files
// it was writing, and how the next run on that side cleans it up (issue #13, defects 3 and 4):
// - `.<name>.ccsync-<run>.tmp`: the temp file of a put/splice that never got renamed — removed;
// - `.<name>.ccsync-<run>.append.tmp`: the journal of an append (append-journal.ts) — the bytes
//   it describes are cut off the target again if they are ccsync's and stop inside them.
// A leftover belongs to a run that is over when the pid in its run id (backups.ts newRunId: the
// pid of the process that wrote it, on this machine) is gone. A live run's leftovers are never
// touched: that run is still writing.
import { constants } from 'node:fs';
import { open, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { AgentRoot } from './agent-root.js';
import { NO_FOLLOW } from './atomic-write.js';
import { isGone } from './list-files.js';
import { isPidAlive } from './live-sessions.js';
import { claudeJsonOf } from './wire-path.js';
import { errorReason } from '../errors.js';
import { journalPathFor, readJournal, rollBackAppend } from './append-journal.js';

const LEFTOVER_NAME = /^\.(.+)\.ccsync-(\d{8}T\d{6}-(\d+)-[0-9a-f]+)(\.append)?\.tmp$/;

export interface Leftover {
  /** the name of the file it was written for, in the same dir */
  target: string;
  runId: string;
  pid: number;
  kind: 'temp' | 'journal';
}

/** The leftover a file name stands for, or undefined if it is not one of ccsync's. */
export function parseLeftoverName(name: string): Leftover | undefined {
  const match = LEFTOVER_NAME.exec(name);
  if (!match) return undefined;
  const [, target = '', runId = '', pid = ''] = match;
  return { target, runId, pid: Number(pid), kind: match[4] === undefined ? 'temp' : 'journal' };
}

/** A run whose process is gone; never this process's own run. */
function isOver(leftover: Leftover): boolean {
  return leftover.pid !== process.pid && !isPidAlive(leftover.pid);
}

/**
 * Heals one journal: claims it first by renaming it to this run's name (two runs on other
 * remotes that meet the same leftover do not both act), then rolls the append back if the
 * target stops inside the journal's bytes. Returns a note for the manifest's warnings.
 */
async function healJournal(root: AgentRoot, abs: string, leftover: Leftover, rel: string): Promise<string | undefined> {
  const claimed = journalPathFor(path.join(path.dirname(abs), leftover.target), root.runId);
  try {
    await rename(abs, claimed);
  } catch (error) {
    if (isGone(error)) return undefined; // another run took it
    throw error;
  }
  const targetAbs = path.join(path.dirname(abs), leftover.target);
  const journal = await readJournal(claimed);
  let note: string | undefined;
  if (journal !== undefined) {
    let handle;
    try {
      handle = await open(targetAbs, constants.O_RDWR | NO_FOLLOW);
    } catch (error) {
      if (!isGone(error)) throw error;
    }
    if (handle !== undefined) {
      try {
        const outcome = await rollBackAppend(handle, journal, (await stat(claimed)).mtimeMs);
        if (outcome.kind === 'rolled-back') note = `${rel}: an append cut short by an interrupted ccsync run (${leftover.runId}) was rolled back (${outcome.bytes} bytes)`;
        if (outcome.kind === 'foreign') note = `${rel}: an interrupted ccsync append (${leftover.runId}) was followed by other writes; left as it is (\`ccsync verify\` checks it)`;
      } finally {
        await handle.close();
      }
    }
  }
  await unlink(claimed).catch(() => undefined);
  return note;
}

/** A file met while listing: where it is, and how messages name it. */
export interface FoundFile {
  abs: string;
  shown: string;
}

/**
 * Cleans up the leftovers of runs that are over among `files` (met while listing): temp files
 * are removed, journals healed. Returns notes for the manifest's warnings; a leftover that
 * cannot be cleaned is reported there and the listing goes on.
 */
export async function cleanLeftovers(root: AgentRoot, files: readonly FoundFile[]): Promise<string[]> {
  const notes: string[] = [];
  const found = files
    .map((file) => ({ ...file, leftover: parseLeftoverName(path.basename(file.abs)) }))
    .filter((item): item is FoundFile & { leftover: Leftover } => item.leftover !== undefined && isOver(item.leftover));
  for (const { abs, shown, leftover } of found) {
    const targetShown = path.posix.join(path.posix.dirname(shown), leftover.target);
    try {
      if (leftover.kind === 'temp') await unlink(abs);
      else {
        const note = await healJournal(root, abs, leftover, targetShown);
        if (note !== undefined) notes.push(note);
      }
    } catch (error) {
      if (isGone(error)) continue;
      notes.push(`${targetShown}: could not clean up after an interrupted ccsync run (${leftover.runId}): ${errorReason(error)}`);
    }
  }
  return notes;
}

async function leftoversIn(dir: string, shownDir: string, wanted: (leftover: Leftover) => boolean): Promise<FoundFile[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.flatMap((entry) => {
    const leftover = entry.isFile() ? parseLeftoverName(entry.name) : undefined;
    if (leftover === undefined || !wanted(leftover)) return [];
    return [{ abs: path.join(dir, entry.name), shown: shownDir === '' ? entry.name : `${shownDir}/${entry.name}` }];
  });
}

/**
 * The leftovers the listing met (`rels`, below the Claude dir), plus those at the Claude dir's
 * top level (history.jsonl, settings.json …) and, when the run carries it, beside `.claude.json`.
 */
export async function leftoverFiles(root: AgentRoot, rels: readonly string[], claudeJson: boolean): Promise<FoundFile[]> {
  const files = rels.map((rel) => ({ abs: path.join(root.claudeDir, ...rel.split('/')), shown: rel }));
  files.push(...(await leftoversIn(root.claudeDir, '', () => true)));
  if (claudeJson) {
    const json = claudeJsonOf(root);
    files.push(...(await leftoversIn(path.dirname(json), path.dirname(json), (leftover) => leftover.target === path.basename(json))));
  }
  return files;
}
