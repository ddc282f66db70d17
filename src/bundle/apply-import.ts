// `ccsync import`, the writing half: carries out an ImportPlan. Every write is atomic (temp file
// beside the target, fsync, then link — which refuses a file that appeared since the plan — or
// rename over a file checked to be as the plan saw it), files 0600, dirs 0700, each file gets
// the mtime it had where it was exported (`--continue` picks by mtime), and every file replaced
// or removed is backed up first (ARCHITECTURE.md, "Writes").
import { chmod, link, lstat, mkdir, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { AgentRoot } from '../agent/agent-root.js';
import { DIR_MODE, FILE_MODE, syncDir, tempPathFor, writeTemp } from '../agent/atomic-write.js';
import { backupFile } from '../agent/backups.js';
import { errorCode, isGone } from '../agent/list-files.js';
import { ExitError } from '../errors.js';
import type { ImportPlan, PlannedFile } from './plan-import.js';

export interface ImportResult {
  written: number;
  removed: number;
  backedUp: number;
}

interface Seen {
  size: number;
  mtimeMs: number;
}

function changed(rel: string): ExitError {
  return new ExitError(`${rel} changed while ccsync was importing (is Claude Code running?): run \`ccsync import\` again`);
}

// link() errors meaning "this filesystem has no hard links" (as in agent/file-ops.ts)
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EXDEV']);

class Importer {
  readonly result: ImportResult = { written: 0, removed: 0, backedUp: 0 };
  private readonly root: AgentRoot;
  constructor(root: AgentRoot) {
    this.root = root;
  }

  private abs(rel: string): string {
    return path.join(this.root.claudeDir, ...rel.split('/'));
  }

  private async check(rel: string, seen: Seen): Promise<void> {
    const info = await lstat(this.abs(rel)).catch((error: unknown) => {
      if (isGone(error)) return undefined;
      throw error;
    });
    if (info === undefined || !info.isFile() || info.size !== seen.size || info.mtimeMs !== seen.mtimeMs) throw changed(rel);
  }

  private async temp(file: PlannedFile, abs: string): Promise<string> {
    await mkdir(path.dirname(abs), { recursive: true, mode: DIR_MODE });
    const temp = tempPathFor(abs, this.root.runId);
    await writeTemp(temp, file.data, file.mtimeMs);
    if (file.mode !== FILE_MODE) await chmod(temp, file.mode);
    return temp;
  }

  async create(file: PlannedFile): Promise<void> {
    const abs = this.abs(file.rel);
    const temp = await this.temp(file, abs);
    try {
      try {
        await link(temp, abs);
      } catch (error) {
        const code = errorCode(error);
        if (code === 'EEXIST') throw changed(file.rel);
        if (code === undefined || !NO_HARD_LINKS.has(code)) throw error;
        if (await lstat(abs).then(() => true, () => false)) throw changed(file.rel);
        await rename(temp, abs);
      }
    } finally {
      await rm(temp, { force: true });
    }
    await syncDir(path.dirname(abs));
    this.result.written++;
  }

  async replace(file: PlannedFile, seen: Seen): Promise<void> {
    const abs = this.abs(file.rel);
    await this.check(file.rel, seen);
    await backupFile(this.root, file.rel, abs);
    this.result.backedUp++;
    const temp = await this.temp(file, abs);
    try {
      await this.check(file.rel, seen);
      await rename(temp, abs);
    } finally {
      await rm(temp, { force: true });
    }
    await syncDir(path.dirname(abs));
    this.result.written++;
  }

  async remove(rel: string, seen: Seen): Promise<void> {
    await this.check(rel, seen);
    await backupFile(this.root, rel, this.abs(rel));
    this.result.backedUp++;
    await unlink(this.abs(rel));
    this.result.removed++;
  }
}

export async function applyImport(plan: ImportPlan, root: AgentRoot): Promise<ImportResult> {
  const importer = new Importer(root);
  for (const index of plan.staleIndexes) await importer.remove(index.rel, index);
  // companions first, transcripts last: a run cut short leaves no transcript without its files
  const order = (file: PlannedFile): number => (file.dir !== undefined && file.rel.endsWith(`/${file.session}.jsonl`) ? 1 : 0);
  for (const file of [...plan.files].sort((a, b) => order(a) - order(b))) {
    if (file.action === 'create') await importer.create(file);
    else if ((file.action === 'append' || file.action === 'replace') && file.existing) await importer.replace(file, file.existing);
  }
  return importer.result;
}
