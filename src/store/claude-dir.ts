// Locating Claude Code's config dir and listing the sessions in it
// (../shared/claude-code-format.md, "Where things live" and "The directory name").

import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ExitError } from '../errors.js';
import { encodeProjectDir } from '../claude-format/encode-project-dir.js';
import { describeSession, type SessionInfo } from './session-info.js';
import { transcriptFileKind } from '../agent/session-name.js';

/**
 * `$CLAUDE_CONFIG_DIR`, else `<home>/.claude`, NFC-normalised on every platform as Claude
 * Code 2.1.197 does (`(CLAUDE_CONFIG_DIR ?? join(homedir, '.claude')).normalize('NFC')`).
 * Differences from Claude, on purpose: an empty CLAUDE_CONFIG_DIR counts as unset (Claude
 * would use '' and write under its cwd), and a relative one is resolved against this
 * process's cwd (Claude uses it against its own cwd, which ccsync cannot know).
 */
export function resolveClaudeDir(env: Record<string, string | undefined>, home: string): string {
  const configured = env['CLAUDE_CONFIG_DIR'];
  const dir = configured ? path.resolve(configured) : path.join(home, '.claude');
  return dir.normalize('NFC');
}

export type SessionListing = {
  /** The encoded dir name under `projects/` (never decoded: the name is lossy). */
  projectDir: string;
  /**
   * The dir's real path: the first `cwd` among its sessions that encodes to `projectDir`,
   * else the first `cwd` found at all (then `projectPathMatchesDir` is false).
   */
  projectPath?: string;
  projectPathMatchesDir: boolean;
  sessionId: string;
  /** Absolute path of the transcript. */
  file: string;
  size: number;
  mtimeMs: number;
  info: SessionInfo;
};

export type ListOptions = {
  /** Keep only project dirs whose path is this dir or lies below it. */
  underPath?: string;
};

/**
 * Every session transcript: `projects/<dir>/<session-id>.jsonl`, directly in the dir.
 * `agent-*.jsonl` beside them are legacy subagent transcripts, not sessions; the
 * `<session-id>/` companion trees and `memory/` are not sessions either. Sorted by dir, then id.
 */
export async function listLocalSessions(claudeDir: string, options: ListOptions = {}): Promise<SessionListing[]> {
  await requireDir(claudeDir);
  const projectsDir = path.join(claudeDir, 'projects');
  const dirNames = await readDirNames(projectsDir);
  const listings: SessionListing[] = [];
  for (const projectDir of dirNames.sort()) {
    const dirPath = path.join(projectsDir, projectDir);
    if (!(await isDirectory(dirPath))) continue;
    const sessions = await readProjectDir(dirPath);
    if (sessions.length === 0) continue;
    const projectPath = pickProjectPath(projectDir, sessions);
    if (options.underPath !== undefined && !isAtOrBelow(projectPath.path, options.underPath)) continue;
    for (const session of sessions) {
      listings.push({
        projectDir,
        ...(projectPath.path !== undefined && { projectPath: projectPath.path }),
        projectPathMatchesDir: projectPath.matchesDir,
        ...session,
      });
    }
  }
  return listings;
}

type SessionFile = Pick<SessionListing, 'sessionId' | 'file' | 'size' | 'mtimeMs' | 'info'>;

async function readProjectDir(dirPath: string): Promise<SessionFile[]> {
  const names = (await readDirNames(dirPath)).filter(
    (name) => transcriptFileKind(name) === 'session',
  );
  const sessions: SessionFile[] = [];
  for (const name of names.sort()) {
    const file = path.join(dirPath, name);
    const session = await readSessionFile(file, name.slice(0, -'.jsonl'.length));
    if (session) sessions.push(session);
  }
  return sessions;
}

/** One open handle for stat and read, so size and bytes describe the same file. */
async function readSessionFile(file: string, sessionId: string): Promise<SessionFile | undefined> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    // Claude deletes expired transcripts on start-up: one may vanish while we list.
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return undefined;
    const data = await handle.readFile();
    return { sessionId, file, size: stats.size, mtimeMs: stats.mtimeMs, info: describeSession(data) };
  } finally {
    await handle.close();
  }
}

function pickProjectPath(projectDir: string, sessions: SessionFile[]): { path?: string; matchesDir: boolean } {
  const cwds = sessions.flatMap((session) => (session.info.cwd === undefined ? [] : [session.info.cwd]));
  // The dir is named after the start dir's realpath; a cwd that encodes back to the name is
  // that dir. Another cwd (e.g. under CLAUDE_CODE_PROJECT_DIR_NAME) is only a best guess.
  const matching = cwds.find((cwd) => encodeProjectDir(cwd, process.platform) === projectDir);
  if (matching !== undefined) return { path: matching, matchesDir: true };
  const first = cwds[0];
  return first === undefined ? { matchesDir: false } : { path: first, matchesDir: false };
}

/** Boundary-aware: '/a/proj' holds '/a/proj' and '/a/proj/x', not '/a/project2'. */
export function isAtOrBelow(candidate: string | undefined, dir: string): boolean {
  if (candidate === undefined) return false;
  const normalize = (p: string): string => (process.platform === 'darwin' ? p.normalize('NFC') : p);
  const base = normalize(path.resolve(dir));
  const target = normalize(path.resolve(candidate));
  if (target === base) return true;
  const prefix = base.endsWith(path.sep) ? base : base + path.sep;
  return target.startsWith(prefix);
}

async function requireDir(claudeDir: string): Promise<void> {
  if (await isDirectory(claudeDir)) return;
  throw new ExitError(
    `Claude Code config dir not found: ${claudeDir} (set CLAUDE_CONFIG_DIR to where Claude Code keeps its data, or run Claude Code once)`,
  );
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return false;
    throw error;
  }
}

/** Entry names; none when the dir does not exist (a config dir without any session yet). */
async function readDirNames(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return [];
    throw error;
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
