// The last-synced state per remote ("ancestor", issue #2 item 4). It lives under
// $XDG_STATE_HOME/ccsync, never inside the Claude dir, and is written last and atomically so
// it never records more than reached disk.
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as z from 'zod';
import { ExitError } from '../errors.js';
import type { AncestorState } from '../planner/types.js';

const sideRecordSchema = z.object({
  path: z.string(),
  size: z.number().int().nonnegative(),
  mtimeMs: z.number(),
  len: z.number().int().nonnegative(),
  fp: z.string(),
});

const mergedSchema = z.object({ local: z.string(), remote: z.string(), value: z.record(z.string(), z.unknown()) });

const configAncestorSchema = z.object({
  files: z.record(z.string(), z.string()),
  settings: mergedSchema.optional(),
  projectSettings: mergedSchema.optional(),
  history: z.object({ key: z.string(), local: z.string(), remote: z.string() }).optional(),
});

const ancestorStateSchema = z.object({
  version: z.literal(1),
  entries: z.record(
    z.string(),
    z.object({
      local: sideRecordSchema,
      remote: sideRecordSchema,
      conflict: z.object({ forkId: z.string(), reason: z.string() }).optional(),
    }),
  ),
  config: configAncestorSchema.optional(),
});

export function emptyAncestor(): AncestorState {
  return { version: 1, entries: {} };
}

export async function loadAncestor(path: string): Promise<AncestorState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return emptyAncestor();
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ExitError(`sync state ${path} is not valid JSON: move it aside to start over (the next run compares both sides from scratch and loses nothing)`);
  }
  const parsed = ancestorStateSchema.safeParse(json);
  if (!parsed.success) {
    throw new ExitError(`sync state ${path} is not in the expected form (${parsed.error.issues[0]?.message ?? 'invalid'}): move it aside to start over`);
  }
  return parsed.data;
}

export async function saveAncestor(path: string, state: AncestorState): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(JSON.stringify(state));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}
