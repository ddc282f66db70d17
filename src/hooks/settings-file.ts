// Reading and writing Claude Code's settings.json for `ccsync hooks`. `ccsync setup` may have
// made the file a symlink into a store: the write goes through the link to the real file
// (replacing the link would cut it off from the store). The write is atomic (a temp file beside
// the real file, fsync, rename) and keeps the file's mode. The text before ccsync's first
// change is kept in the state dir, so `hooks remove` can give back the very bytes.
import { lstat, mkdir, open, readFile, readlink, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import { syncDir } from '../agent/atomic-write.js';

function hasCode(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}

export function settingsPath(claudeDir: string): string {
  return path.join(claudeDir, 'settings.json');
}

/** The file's text, or undefined when there is none yet. */
export async function readSettings(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (hasCode(error, 'ENOENT')) return undefined;
    throw error;
  }
}

/** The file a write must replace: the link's target when `file` is a symlink (also a dangling one). */
async function writeTarget(file: string): Promise<string> {
  try {
    return await realpath(file);
  } catch (error) {
    if (!hasCode(error, 'ENOENT')) throw error;
  }
  const info = await lstat(file).catch(() => undefined);
  if (info?.isSymbolicLink()) {
    return path.resolve(path.dirname(file), await readlink(file));
  }
  return file;
}

export async function writeSettings(file: string, text: string): Promise<void> {
  const target = await writeTarget(file);
  await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  const mode = await stat(target).then((info) => info.mode & 0o777, () => 0o644);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.ccsync-${process.pid}.tmp`);
  const handle = await open(temp, 'w', mode);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDir(path.dirname(target));
}

/** Removes the file (through a link: the link's target) — for a file that ccsync alone created. */
export async function removeSettings(file: string): Promise<void> {
  await rm(await writeTarget(file), { force: true });
}

const installRecordSchema = z.object({
  settings: z.string(),
  /** the text before ccsync's first change; null: there was no file */
  before: z.string().nullable(),
  /** the text ccsync last wrote */
  after: z.string(),
});
export type InstallRecord = z.infer<typeof installRecordSchema>;

function recordPath(stateDir: string): string {
  return path.join(stateDir, 'hooks-install.json');
}

export async function readInstallRecord(stateDir: string, settings: string): Promise<InstallRecord | undefined> {
  const text = await readFile(recordPath(stateDir), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = installRecordSchema.safeParse(JSON.parse(text));
    return parsed.success && parsed.data.settings === settings ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function writeInstallRecord(stateDir: string, record: InstallRecord): Promise<void> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  await writeFile(recordPath(stateDir), `${JSON.stringify(record)}\n`, { mode: 0o600 });
}

export async function removeInstallRecord(stateDir: string): Promise<void> {
  await rm(recordPath(stateDir), { force: true });
}
