// `ccsync map add | remove`: one path pair of a remote added to or removed from the config,
// saved once. src/cli/args/map.ts reads the arguments and prints what happened.
import { stat } from 'node:fs/promises';
import type { CommandContext } from './context.js';
import { saveConfig } from '../config/config-file.js';
import { addPair, removePair } from '../config/edit-config.js';
import { referencedVariables } from '../config/interpolate.js';
import type { PathPair } from '../config/schema.js';
import { EXIT } from '../errors.js';

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

export interface MapAddResult {
  exitCode: number;
  remote: string;
  pair: PathPair;
  /** the local path names no `${VAR}` and is not on this machine (a typo shows up here, not as "nothing to sync") */
  localMissing: boolean;
}

export async function runMapAdd(ctx: CommandContext, remote: string, pair: PathPair): Promise<MapAddResult> {
  await saveConfig(ctx.config.path, addPair(ctx.config.file, remote, pair));
  const localMissing = referencedVariables(pair.local).length === 0 && !(await exists(pair.local));
  return { exitCode: EXIT.ok, remote, pair, localMissing };
}

export async function runMapRemove(ctx: CommandContext, remote: string, local: string): Promise<{ exitCode: number; remote: string; local: string }> {
  await saveConfig(ctx.config.path, removePair(ctx.config.file, remote, local));
  return { exitCode: EXIT.ok, remote, local };
}
