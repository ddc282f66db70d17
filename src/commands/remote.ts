// `ccsync remote add | set | remove`: plan the new config (config/edit-config.ts), check it,
// save it once; remove also forgets the remote's sync state. src/cli/args/remote.ts turns the
// arguments into settings and prints what happened.
import { promises as fsp } from 'node:fs'; // at use: see config-file.ts
import type { CommandContext } from './context.js';
import { saveConfig } from '../config/config-file.js';
import { checkDestination } from '../config/destination.js';
import { addRemote, removeRemote, setRemote, type RemoteChanges } from '../config/edit-config.js';
import { ancestorPath } from '../config/paths.js';
import { requireRemoteSettings } from '../config/resolve-remote.js';
import type { RemoteSettings } from '../config/schema.js';
import { unsetVariables } from '../config/setting-values.js';
import { EXIT, UsageError } from '../errors.js';

export interface RemoteEditResult {
  exitCode: number;
  name: string;
  /** the remote's settings as saved */
  settings: RemoteSettings;
  /** `${VAR}`s the settings use that are not set now */
  unsetVariables: string[];
}

/** ssh-only settings on a dir: remote mean the user misunderstood something: say so. */
function checkCombination(settings: RemoteSettings): void {
  const dest = checkDestination(settings.dest);
  if (!dest.ok || dest.destination.kind !== 'dir') return;
  const sshOnly = [
    ['--port', settings.port],
    ['--transfer', settings.transfer],
    ['--ssh-command', settings.ssh_command],
  ] as const;
  for (const [option, value] of sshOnly) {
    if (value !== undefined) throw new UsageError(`${option} applies only to ssh remotes, and ${settings.dest} is a local directory`);
  }
}

function edited(ctx: CommandContext, name: string, settings: RemoteSettings): RemoteEditResult {
  const values = [settings.dest, settings.transfer, settings.port, settings.claude_dir, settings.ssh_command];
  return { exitCode: EXIT.ok, name, settings, unsetVariables: unsetVariables(values, ctx.env) };
}

export async function runRemoteAdd(ctx: CommandContext, name: string, settings: RemoteSettings): Promise<RemoteEditResult> {
  checkCombination(settings);
  await saveConfig(ctx.config.path, addRemote(ctx.config.file, name, settings));
  return edited(ctx, name, settings);
}

export async function runRemoteSet(ctx: CommandContext, name: string, changes: RemoteChanges): Promise<RemoteEditResult> {
  const next = setRemote(ctx.config.file, name, changes);
  const settings = requireRemoteSettings(next, name);
  checkCombination(settings);
  await saveConfig(ctx.config.path, next);
  return edited(ctx, name, settings);
}

export async function runRemoteRemove(ctx: CommandContext, name: string): Promise<{ exitCode: number; name: string }> {
  await saveConfig(ctx.config.path, removeRemote(ctx.config.file, name));
  // the last-synced state of a removed remote would mislead a new remote of the same name
  await fsp.rm(ancestorPath(ctx.stateDir, name), { force: true });
  return { exitCode: EXIT.ok, name };
}
