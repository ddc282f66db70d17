// `ccsync move OLD NEW`, the writing half: carries out a MovePlan. Order (so that a run cut
// short can simply be run again): .claude.json, history.jsonl, then per dir write every target
// file first and only then remove the sources. Every write is atomic (temp file, fsync, rename
// or link), files 0600 (the .claude.json keeps its mode), dirs 0700, transcripts keep their
// mtime (`--continue` picks by mtime), and every file replaced or rewritten is backed up first
// (ARCHITECTURE.md, "Writes"). Each file is checked against what the plan saw right before it
// is written or removed: Claude may be writing.
import { chmod, link, lstat, mkdir, readFile, rename, rm, rmdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { AgentRoot } from '../agent/agent-root.js';
import { DIR_MODE, FILE_MODE, syncDir, tempPathFor, writeTemp } from '../agent/atomic-write.js';
import { backupFile } from '../agent/backups.js';
import { errorCode, isGone } from '../agent/list-files.js';
import { ExitError } from '../errors.js';
import { movePathMap, SESSIONS_INDEX, type MovePlan, type PlannedDir } from './plan-move.js';
import { rewriteClaudeJson, rewriteHistory } from './rehome-entries.js';

export interface MoveTarget {
  /** claudeDir, backupDir and runId are used */
  root: AgentRoot;
  /** where the .claude.json copy goes inside the run's backup dir */
  claudeJsonBackupRel: string;
}

export interface MoveResult {
  written: number;
  removed: number;
  backedUp: number;
  warnings: string[];
}

interface Expect {
  size: number;
  mtimeMs: number;
}

class ChangedError extends ExitError {}

function changed(shown: string): ChangedError {
  return new ChangedError(`${shown} changed while ccsync was moving it (is Claude Code running?): run \`ccsync move\` again`);
}

async function check(abs: string, expect: Expect, shown: string): Promise<void> {
  const info = await lstat(abs).catch((error: unknown) => {
    if (isGone(error)) return undefined;
    throw error;
  });
  if (info === undefined || !info.isFile() || info.size !== expect.size || info.mtimeMs !== expect.mtimeMs) throw changed(shown);
}

// link() errors meaning "this filesystem has no hard links" (as in agent/file-ops.ts).
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EXDEV']);

class Mover {
  readonly result: MoveResult = { written: 0, removed: 0, backedUp: 0, warnings: [] };
  private readonly target: MoveTarget;
  constructor(target: MoveTarget) {
    this.target = target;
  }

  private abs(rel: string): string {
    return path.join(this.target.root.claudeDir, ...rel.split('/'));
  }

  private async backup(rel: string, abs: string): Promise<void> {
    await backupFile(this.target.root, rel, abs);
    this.result.backedUp++;
  }

  /** Replace `abs` (as the plan saw it) with `data`: backup, temp, re-check, rename. */
  async replace(abs: string, expect: Expect, data: Buffer, mtimeMs: number, backupRel: string, shown: string, mode = FILE_MODE): Promise<void> {
    await check(abs, expect, shown);
    await this.backup(backupRel, abs);
    const temp = tempPathFor(abs, this.target.root.runId);
    try {
      await writeTemp(temp, data, mtimeMs);
      if (mode !== FILE_MODE) await chmod(temp, mode); // .claude.json keeps the mode it had
      await check(abs, expect, shown);
      await rename(temp, abs);
    } finally {
      await rm(temp, { force: true });
    }
    await syncDir(path.dirname(abs));
    this.result.written++;
  }

  /** Put a new file at `abs`; link() refuses to replace one that appeared since the plan. */
  async create(abs: string, data: Buffer, mtimeMs: number, shown: string): Promise<void> {
    await mkdir(path.dirname(abs), { recursive: true, mode: DIR_MODE });
    const temp = tempPathFor(abs, this.target.root.runId);
    try {
      await writeTemp(temp, data, mtimeMs);
      try {
        await link(temp, abs);
      } catch (error) {
        const code = errorCode(error);
        if (code === 'EEXIST') throw changed(shown);
        if (code === undefined || !NO_HARD_LINKS.has(code)) throw error;
        if (await lstat(abs).then(() => true, () => false)) throw changed(shown);
        await rename(temp, abs);
      }
    } finally {
      await rm(temp, { force: true });
    }
    this.result.written++;
  }

  async remove(rel: string, expect: Expect, backup: boolean): Promise<void> {
    const abs = this.abs(rel);
    await check(abs, expect, rel);
    if (backup) await this.backup(rel, abs);
    await unlink(abs);
    this.result.removed++;
  }

  /** A small file other processes rewrite often: on a change since the plan, re-read and redo once. */
  async rewriteShared(abs: string, expect: Expect, planned: Buffer, redo: (data: Buffer) => Buffer | undefined, backupRel: string, shown: string, mode: number): Promise<void> {
    try {
      await this.replace(abs, expect, planned, Date.now(), backupRel, shown, mode);
      return;
    } catch (error) {
      if (!(error instanceof ChangedError)) throw error;
    }
    const info = await lstat(abs);
    const data = await readFile(abs);
    const next = redo(data);
    if (next === undefined) return;
    await this.replace(abs, { size: info.size, mtimeMs: info.mtimeMs }, next, Date.now(), backupRel, shown, mode);
  }

  async moveDir(dir: PlannedDir): Promise<void> {
    const fromRel = (rel: string): string => `projects/${dir.from}/${rel}`;
    const toRel = (rel: string): string => `projects/${dir.to}/${rel}`;
    for (const index of dir.staleIndexes) {
      await this.remove(index.side === 'source' ? fromRel(SESSIONS_INDEX) : toRel(SESSIONS_INDEX), index, true);
    }
    if (dir.inPlace) {
      for (const file of dir.files) {
        if (file.action !== 'rewrite') continue;
        await this.replace(this.abs(fromRel(file.rel)), file.source, file.data, file.source.mtimeMs, fromRel(file.rel), fromRel(file.rel));
      }
      return;
    }
    await mkdir(this.abs(`projects/${dir.to}`), { recursive: true, mode: DIR_MODE });
    for (const file of dir.files) {
      await check(this.abs(fromRel(file.rel)), file.source, fromRel(file.rel));
      const target = this.abs(toRel(file.rel));
      if (file.action === 'create') await this.create(target, file.data, file.source.mtimeMs, toRel(file.rel));
      else if (file.action === 'replace' && file.target) await this.replace(target, file.target, file.data, file.source.mtimeMs, toRel(file.rel), toRel(file.rel));
    }
    await syncDir(this.abs(`projects/${dir.to}`));
    // Every target is in place: now the old copies go (backed up when their bytes changed).
    for (const file of dir.files) await this.remove(fromRel(file.rel), file.source, (file.changedLines ?? 0) > 0);
    await this.removeEmptyDirs(dir);
  }

  private async removeEmptyDirs(dir: PlannedDir): Promise<void> {
    const subdirs = new Set<string>();
    for (const file of dir.files) {
      const parts = file.rel.split('/').slice(0, -1);
      for (let depth = 1; depth <= parts.length; depth++) subdirs.add(parts.slice(0, depth).join('/'));
    }
    const deepestFirst = [...subdirs].sort((a, b) => b.split('/').length - a.split('/').length || (a < b ? 1 : -1));
    for (const rel of [...deepestFirst.map((sub) => `projects/${dir.from}/${sub}`), `projects/${dir.from}`]) {
      try {
        await rmdir(this.abs(rel));
      } catch (error) {
        const code = errorCode(error);
        if (code === 'ENOTEMPTY' || code === 'EEXIST') this.result.warnings.push(`${rel} still holds files ccsync did not move: left in place`);
        else if (!isGone(error)) throw error;
      }
    }
    await syncDir(this.abs('projects'));
  }
}

export async function applyMove(plan: MovePlan, target: MoveTarget): Promise<MoveResult> {
  const mover = new Mover(target);
  const map = movePathMap(plan.oldPath, plan.newPath);
  const claudeJson = plan.claudeJson;
  if (claudeJson) {
    const { file } = claudeJson;
    const redo = (data: Buffer): Buffer | undefined => {
      const again = rewriteClaudeJson(data.toString('utf8'), map, file.shownPath);
      return again.moved.length === 0 ? undefined : Buffer.from(again.text, 'utf8');
    };
    await mover.rewriteShared(file.path, file, Buffer.from(claudeJson.text, 'utf8'), redo, target.claudeJsonBackupRel, file.shownPath, file.mode);
  }
  if (plan.history) {
    const redo = (data: Buffer): Buffer | undefined => {
      const again = rewriteHistory(data, map);
      return again.entries === 0 ? undefined : again.data;
    };
    const abs = path.join(target.root.claudeDir, 'history.jsonl');
    await mover.rewriteShared(abs, plan.history.expect, plan.history.data, redo, 'history.jsonl', 'history.jsonl', FILE_MODE);
  }
  for (const dir of plan.dirs) await mover.moveDir(dir);
  return mover.result;
}
