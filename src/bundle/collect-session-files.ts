// The files of the sessions being exported (ARCHITECTURE.md, "Files"): per session `S` in a
// project dir `D`, `projects/D/S.jsonl`, the tree `projects/D/S/**`, and `file-history/S/**`,
// `tasks/S/**`, `session-env/S/**`. Transcripts contribute complete lines only (a partial last
// line is one Claude is still writing, issue #2); symlinks and other non-files are skipped.
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isTempFileName } from '../agent/atomic-write.js';
import { isGone } from '../agent/list-files.js';
import type { SessionListing } from '../store/claude-dir.js';
import { completeLength } from '../claude-format/jsonl.js';
import { SESSION_AREAS, type BundleFile } from './bundle-format.js';

export interface CollectedSession {
  files: BundleFile[];
  warnings: string[];
}

async function readRegular(abs: string): Promise<{ data: Buffer; mode: number; mtimeMs: number } | undefined> {
  try {
    const info = await lstat(abs);
    if (!info.isFile()) return undefined;
    return { data: await readFile(abs), mode: info.mode & 0o7777, mtimeMs: info.mtimeMs };
  } catch (error) {
    if (isGone(error)) return undefined;
    throw error;
  }
}

/** '/'-separated paths of the regular files under `root`, sorted; `shownRoot` names skipped entries. */
async function walk(root: string, relDir: string, shownRoot: string, warnings: string[], out: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(path.join(root, ...relDir.split('/').filter(Boolean)), { withFileTypes: true });
  } catch (error) {
    if (isGone(error)) return;
    throw error;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (isTempFileName(entry.name)) continue; // a crashed ccsync write's leftover
    const rel = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
    if (entry.isDirectory()) await walk(root, rel, shownRoot, warnings, out);
    else if (entry.isFile()) out.push(rel);
    else warnings.push(`${shownRoot}${rel} is not a regular file (a symlink?): not exported`);
  }
}

export async function collectSessionFiles(claudeDir: string, listing: SessionListing, project: string): Promise<CollectedSession> {
  const warnings: string[] = [];
  const files: BundleFile[] = [];
  const session = listing.sessionId;
  const add = async (abs: string, file: string, inProject: boolean): Promise<void> => {
    const read = await readRegular(abs);
    if (read === undefined) return;
    let data = read.data;
    if (file.endsWith('.jsonl')) {
      const complete = completeLength(data);
      if (complete < data.length) {
        warnings.push(`${inProject ? `projects/${listing.projectDir}/` : ''}${file}: an incomplete last line (${data.length - complete} bytes, being written?) is not exported`);
        data = data.subarray(0, complete);
      }
    }
    files.push({ file, ...(inProject && { project }), session, mode: read.mode, mtimeMs: read.mtimeMs, data });
  };
  const projectDir = path.join(claudeDir, 'projects', listing.projectDir);
  await add(path.join(projectDir, `${session}.jsonl`), `${session}.jsonl`, true);
  const companions: string[] = [];
  await walk(projectDir, session, `projects/${listing.projectDir}/`, warnings, companions);
  for (const rel of companions) await add(path.join(projectDir, ...rel.split('/')), rel, true);
  for (const area of SESSION_AREAS) {
    const rels: string[] = [];
    await walk(claudeDir, `${area}/${session}`, '', warnings, rels);
    for (const rel of rels) await add(path.join(claudeDir, ...rel.split('/')), rel, false);
  }
  return { files, warnings };
}
