// What the hooks did, for `ccsync hooks status` and for a user wondering why a session did not
// arrive: one JSON line per run in `<state dir>/hooks.log` (never Claude's output: a hook prints
// nothing there). The file is cut to its newer half when it passes 1 MiB.
import { appendFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';

export const hookRecordSchema = z.object({
  at: z.string(),
  /** session-start | session-end | stop, or `install` problems */
  event: z.string(),
  remote: z.string().nullable(),
  action: z.enum(['pull', 'push', 'none']),
  /** ok; failed; skipped (nothing to do here); coalesced (a queued push covers it); detached (past the deadline, going on); waiting (for another run's lock) */
  status: z.enum(['ok', 'failed', 'skipped', 'coalesced', 'detached', 'waiting', 'conflicts']),
  /** files written, bytes, conflicts, skipped, failed */
  moved: z.object({ done: z.number(), bytes: z.number(), conflicts: z.number(), skipped: z.number(), failed: z.number() }).optional(),
  ms: z.number().optional(),
  session: z.string().optional(),
  cwd: z.string().optional(),
  message: z.string().optional(),
  /** the hook run this record belongs to (the SessionStart runner reads its workers' results) */
  run: z.string().optional(),
  /** a pull: the sessions whose transcript got lines here */
  sessions: z.array(z.string()).optional(),
});
export type HookRecord = z.infer<typeof hookRecordSchema>;

const MAX_BYTES = 1024 * 1024;

export function hookLogPath(stateDir: string): string {
  return path.join(stateDir, 'hooks.log');
}

/** Raw output of detached hook workers (a crash's stack, if any): next to the log. */
export function hookOutputPath(stateDir: string): string {
  return path.join(stateDir, 'hooks.out');
}

export async function appendHookRecord(stateDir: string, record: HookRecord): Promise<void> {
  const file = hookLogPath(stateDir);
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  await appendFile(file, `${JSON.stringify(record)}\n`, { mode: 0o600 });
  const size = await stat(file).then((info) => info.size, () => 0);
  if (size > MAX_BYTES) {
    const text = await readFile(file, 'utf8');
    const cut = text.indexOf('\n', text.length - MAX_BYTES / 2);
    await writeFile(file, text.slice(cut + 1), { mode: 0o600 });
  }
}

/** Every record of the log that parses, oldest first (a torn or foreign line is skipped). */
export async function readHookRecords(stateDir: string): Promise<HookRecord[]> {
  const text = await readFile(hookLogPath(stateDir), 'utf8').catch(() => '');
  return text.split('\n').flatMap((line) => {
    if (line.trim() === '') return [];
    try {
      const parsed = hookRecordSchema.safeParse(JSON.parse(line));
      return parsed.success ? [parsed.data] : [];
    } catch {
      return [];
    }
  });
}

/** The newest `count` records per remote (records without a remote under ""), newest first. */
export function lastRunsPerRemote(records: readonly HookRecord[], count: number): Map<string, HookRecord[]> {
  const result = new Map<string, HookRecord[]>();
  for (const record of [...records].reverse()) {
    const key = record.remote ?? '';
    const list = result.get(key) ?? [];
    if (list.length < count) list.push(record);
    result.set(key, list);
  }
  return result;
}
