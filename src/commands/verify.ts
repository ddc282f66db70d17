// `ccsync verify [PATH] [--all] [--repair] [--json]` (issue #5): per session in scope, its
// transcript and the `*.jsonl` below `<id>/` (subagents) go through verify-session.ts; an id
// found under two project dirs is reported (it breaks `--resume`, claude-code-format.md, "How a
// session is found"). `--repair` fixes only a partial last line, only of a session that no
// Claude process runs (sessions/<pid>.json), under the lock, after a backup, keeping the mtime.
import { lstat, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { tempPathFor, writeTemp } from '../agent/atomic-write.js';
import { backupFile, newRunId, pruneBackups } from '../agent/backups.js';
import { isGone } from '../agent/list-files.js';
import { liveSessionIds } from '../agent/live-sessions.js';
import type { Scope } from './context.js';
import type { CommandContext } from './context.js';
import { shown } from '../display-text.js';
import { backupsDir } from '../config/paths.js';
import { EXIT } from '../errors.js';
import type { Lock } from '../fs/lock.js';
import { commandLockWait, lockMachine } from '../sync/run-locks.js';
import { isAtOrBelow, listLocalSessions, resolveClaudeDir, type SessionListing } from '../store/claude-dir.js';
import { repairedBytes, verifyTranscript, type PartialTail, type Problem } from '../store/verify-session.js';

export interface VerifyOptions {
  scope: Scope;
  repair: boolean;
  json: boolean;
}

interface Repairable {
  rel: string;
  tail: PartialTail;
  size: number;
  mtimeMs: number;
}

export interface SessionReport {
  sessionId: string;
  projectDir: string;
  file: string;
  lines: number;
  live: boolean;
  problems: Problem[];
  repaired: string[];
}

async function jsonlBelow(root: string, rel: string, out: string[]): Promise<void> {
  const entries = await readdir(path.join(root, ...rel.split('/')), { withFileTypes: true }).catch((error: unknown) => {
    if (isGone(error)) return [];
    throw error;
  });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const child = `${rel}/${entry.name}`;
    if (entry.isDirectory()) await jsonlBelow(root, child, out);
    else if (entry.isFile() && entry.name.endsWith('.jsonl')) out.push(child);
  }
}

async function readWithStat(abs: string): Promise<{ data: Buffer; size: number; mtimeMs: number } | undefined> {
  try {
    const info = await lstat(abs);
    return { data: await readFile(abs), size: info.size, mtimeMs: info.mtimeMs };
  } catch (error) {
    if (isGone(error)) return undefined;
    throw error;
  }
}

async function checkSession(claudeDir: string, listing: SessionListing, dirsOfId: readonly string[], live: boolean, repairable: Repairable[]): Promise<SessionReport> {
  const base = `projects/${listing.projectDir}`;
  const report: SessionReport = { sessionId: listing.sessionId, projectDir: listing.projectDir, file: listing.file, lines: 0, live, problems: [], repaired: [] };
  if (dirsOfId.length > 1) {
    report.problems.push({ kind: 'two-dirs', file: `${base}/${listing.sessionId}.jsonl`, detail: `the same session id is also under ${dirsOfId.filter((dir) => dir !== listing.projectDir).map((dir) => `projects/${dir}`).join(', ')}: --resume finds neither; keep one` });
  }
  const files = [`${listing.sessionId}.jsonl`];
  await jsonlBelow(path.join(claudeDir, base), listing.sessionId, files);
  let outer = new Set<string>();
  for (const rel of files) {
    const read = await readWithStat(path.join(claudeDir, base, ...rel.split('/')));
    if (read === undefined) continue;
    const check = verifyTranscript(`${base}/${rel}`, read.data, outer);
    if (rel === files[0]) {
      outer = check.uuids;
      report.lines = check.lines;
    }
    for (const problem of check.problems) {
      if (problem.kind === 'partial-last-line' && live) continue; // Claude is writing that line right now
      report.problems.push(problem);
    }
    if (check.tail && !live) repairable.push({ rel: `${base}/${rel}`, tail: check.tail, size: read.size, mtimeMs: read.mtimeMs });
  }
  return report;
}

/** Rewrites one file without its partial tail; false when it changed since it was checked. */
async function repairFile(claudeDir: string, fix: Repairable, backupRoot: { backupDir: string; runId: string }): Promise<boolean> {
  const abs = path.join(claudeDir, ...fix.rel.split('/'));
  const read = await readWithStat(abs);
  if (read === undefined || read.size !== fix.size || read.mtimeMs !== fix.mtimeMs) return false;
  await backupFile({ claudeDir, home: '', platform: process.platform, ...backupRoot }, fix.rel, abs);
  const temp = tempPathFor(abs, backupRoot.runId);
  try {
    await writeTemp(temp, repairedBytes(read.data, fix.tail), fix.mtimeMs);
    const again = await lstat(abs);
    if (again.size !== fix.size || again.mtimeMs !== fix.mtimeMs) return false;
    await rename(temp, abs);
  } finally {
    await rm(temp, { force: true });
  }
  return true;
}

export interface VerifyResult {
  /** 0 no problem left, 1 problems */
  exitCode: number;
  claudeDir: string;
  sessions: SessionReport[];
  problems: number;
  repaired: string[];
}

export async function runVerify(ctx: CommandContext, options: VerifyOptions): Promise<VerifyResult> {
  const claudeDir = resolveClaudeDir(ctx.env, ctx.home);
  const all = await listLocalSessions(claudeDir);
  const scope = options.scope;
  const inScope = all.filter((listing) => scope.kind === 'all' || isAtOrBelow(listing.projectPath, scope.path));
  const live = new Set(await liveSessionIds(claudeDir));
  const repairable: Repairable[] = [];
  const reports: SessionReport[] = [];
  for (const listing of inScope) {
    const dirs = all.filter((other) => other.sessionId === listing.sessionId).map((other) => other.projectDir);
    reports.push(await checkSession(claudeDir, listing, dirs, live.has(listing.sessionId), repairable));
  }
  if (options.repair && repairable.length > 0) {
    const lock: Lock = await lockMachine(ctx.stateDir, commandLockWait(ctx));
    const backup = { backupDir: path.join(backupsDir(ctx.stateDir), 'local'), runId: newRunId() };
    try {
      for (const fix of repairable) {
        const report = reports.find((entry) => entry.problems.some((problem) => problem.kind === 'partial-last-line' && problem.file === fix.rel));
        if (report === undefined) continue;
        const done = await repairFile(claudeDir, fix, backup);
        if (!done) continue; // changed since the check (Claude started?): left as it is, still reported
        report.problems = report.problems.filter((problem) => !(problem.kind === 'partial-last-line' && problem.file === fix.rel));
        const what = fix.tail.complete ? 'added the missing newline after the last line' : `dropped an incomplete final line (${fix.tail.bytes} bytes)`;
        report.repaired.push(`${fix.rel}: ${what}; backup in ${shown(path.join(backup.backupDir, backup.runId))}`);
      }
      await pruneBackups(backup.backupDir, undefined, backup.runId).catch(() => undefined);
    } finally {
      await lock.release();
    }
  }
  const problems = reports.reduce((sum, report) => sum + report.problems.length, 0);
  return { exitCode: problems === 0 ? EXIT.ok : EXIT.error, claudeDir, sessions: reports, problems, repaired: reports.flatMap((report) => report.repaired) };
}
