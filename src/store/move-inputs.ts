// What `ccsync move` looks at before it plans (the only reads of the move): the project dirs
// whose sessions started at or below the old path (by their lines' `cwd`, never by decoding
// the dir name), the dirs they would go to, the live-session registry, history.jsonl and the
// global config. plan-move.ts turns this value into a plan without touching the disk.
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { isTempFileName } from '../agent/atomic-write.js';
import { errorCode, isGone } from '../agent/list-files.js';
import { liveSessionIds } from '../agent/live-sessions.js';
import { listLocalSessions } from './claude-dir.js';
import type { ClaudeJsonFile, MoveInputs, SourceDir, StoredFile, TargetDir } from './move-types.js';
import { SESSIONS_INDEX, targetDirName } from './plan-move.js';

async function readStored(abs: string, rel: string): Promise<StoredFile | undefined> {
  try {
    const info = await lstat(abs);
    if (!info.isFile()) return undefined;
    const data = await readFile(abs);
    return { rel, data, size: data.length, mtimeMs: info.mtimeMs };
  } catch (error) {
    if (isGone(error)) return undefined;
    throw error;
  }
}

async function walk(root: string, relDir: string, files: StoredFile[], skipped: string[]): Promise<void> {
  const entries = await readdir(path.join(root, ...relDir.split('/').filter(Boolean)), { withFileTypes: true }).catch((error: unknown) => {
    if (isGone(error)) return [];
    throw error;
  });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (isTempFileName(entry.name)) continue; // a crashed write's leftover: removed with the dir
    const rel = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
    if (entry.isDirectory()) await walk(root, rel, files, skipped);
    else if (entry.isFile()) {
      const file = await readStored(path.join(root, ...rel.split('/')), rel);
      if (file) files.push(file);
    } else skipped.push(rel);
  }
}

export { claudeJsonPath } from '../agent/claude-json-path.js';

async function readClaudeJson(shownPath: string): Promise<ClaudeJsonFile | undefined> {
  let real: string;
  try {
    real = await realpath(shownPath);
  } catch (error) {
    if (isGone(error)) return undefined;
    throw error;
  }
  const info = await stat(real);
  if (!info.isFile()) return undefined;
  const text = await readFile(real, 'utf8');
  return { path: real, shownPath, text, size: info.size, mtimeMs: info.mtimeMs, mode: info.mode & 0o777 };
}

export interface ReadMoveOptions {
  claudeDir: string;
  claudeJsonPath: string;
  oldPath: string;
  newPath: string;
  platform: string;
}

export async function readMoveInputs(options: ReadMoveOptions): Promise<MoveInputs> {
  const { claudeDir, oldPath, newPath, platform } = options;
  const projectsDir = path.join(claudeDir, 'projects');
  const listings = await listLocalSessions(claudeDir, { underPath: oldPath });
  const sources: SourceDir[] = [];
  for (const listing of listings) {
    if (listing.projectPath === undefined || sources.some((dir) => dir.name === listing.projectDir)) continue;
    const dir: SourceDir = { name: listing.projectDir, projectPath: listing.projectPath, pathMatchesDir: listing.projectPathMatchesDir, files: [], skipped: [] };
    await walk(path.join(projectsDir, listing.projectDir), '', dir.files, dir.skipped);
    sources.push(dir);
  }
  const targets: TargetDir[] = [];
  for (const source of sources) {
    const name = targetDirName(source, oldPath, newPath, platform);
    if (name === source.name || targets.some((target) => target.name === name)) continue;
    const abs = path.join(projectsDir, name);
    const exists = await stat(abs).then((info) => info.isDirectory(), (error: unknown) => {
      if (isGone(error)) return false;
      throw error;
    });
    const files: StoredFile[] = [];
    if (exists) {
      const rels = new Set([SESSIONS_INDEX, ...sources.flatMap((dir) => dir.files.map((file) => file.rel))]);
      for (const rel of rels) {
        const file = await readStored(path.join(abs, ...rel.split('/')), rel);
        if (file) files.push(file);
      }
    }
    targets.push({ name, exists, files });
  }
  const history = await readStored(path.join(claudeDir, 'history.jsonl'), 'history.jsonl');
  const claudeJson = await readClaudeJson(options.claudeJsonPath);
  const newPathExists = await stat(newPath).then(() => true, (error: unknown) => {
    if (isGone(error) || errorCode(error) === 'EACCES') return false;
    throw error;
  });
  return {
    claudeDir,
    platform,
    oldPath,
    newPath,
    sources,
    targets,
    liveSessionIds: await liveSessionIds(claudeDir),
    ...(history && { history }),
    ...(claudeJson && { claudeJson }),
    newPathExists,
  };
}
