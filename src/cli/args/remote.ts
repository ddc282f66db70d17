// `ccsync remote add | list | remove | set`: edit the [remotes.NAME] tables of the config.
// Each handler checks its arguments, hands the settings to src/commands/remote.ts (which saves
// the config once), and says what it did; `list` prints the loaded config.
import { UsageError } from '../../errors.js';
import type { RemoteChanges } from '../../config/edit-config.js';
import { checkDestination } from '../../config/destination.js';
import { REMOTE_NAME_RULE, isRemoteName, type RemoteSettings } from '../../config/schema.js';
import { runRemoteAdd, runRemoteRemove, runRemoteSet } from '../../commands/remote.js';
import {
  claudeDirSetting,
  destinationSetting,
  portSetting,
  sshCommandSetting,
} from '../../config/setting-values.js';
import type { CommandContext } from '../../commands/context.js';
import { shown, writeJson, writeLine } from '../output.js';

export interface RemoteAddArgs {
  name: string;
  dest: string;
  claudeDir?: string;
  port?: string;
  transfer?: string;
  sshCommand?: string;
}

/** For `remote set`: an empty string removes an optional key. */
export interface RemoteSetArgs {
  name: string;
  dest?: string;
  claudeDir?: string;
  port?: string;
  transfer?: string;
  sshCommand?: string;
}

export function checkRemoteName(name: string): string {
  if (!isRemoteName(name)) throw new UsageError(`invalid remote name ${JSON.stringify(name)}: use ${REMOTE_NAME_RULE}`);
  return name;
}

function noteUnsetVariables(ctx: CommandContext, names: readonly string[]): void {
  for (const name of names) writeLine(ctx.stderr, `ccsync: note: ${name} is not set now; it must be set when ccsync connects`);
}

export async function remoteAdd(ctx: CommandContext, args: RemoteAddArgs): Promise<number> {
  const name = checkRemoteName(args.name);
  const settings: RemoteSettings = { dest: destinationSetting('DEST', args.dest) };
  if (args.transfer !== undefined) settings.transfer = destinationSetting('--transfer', args.transfer);
  if (args.port !== undefined) settings.port = portSetting(args.port);
  if (args.claudeDir !== undefined) settings.claude_dir = claudeDirSetting(args.claudeDir);
  if (args.sshCommand !== undefined) settings.ssh_command = sshCommandSetting(args.sshCommand);
  const result = await runRemoteAdd(ctx, name, settings);
  noteUnsetVariables(ctx, result.unsetVariables);
  writeLine(ctx.stdout, `added remote ${name} (${describeSettings(settings)})`);
  writeLine(ctx.stderr, `next: map a project with \`ccsync map add ${name} LOCAL_PATH REMOTE_PATH\``);
  return 0;
}

/** `--x ''` removes the key; an absent option leaves it alone. */
function change<T>(text: string | undefined, parse: (text: string) => T): T | null | undefined {
  if (text === undefined) return undefined;
  return text === '' ? null : parse(text);
}

export async function remoteSet(ctx: CommandContext, args: RemoteSetArgs): Promise<number> {
  const name = checkRemoteName(args.name);
  const changes: RemoteChanges = {};
  if (args.dest !== undefined) changes.dest = destinationSetting('--dest', args.dest);
  const transfer = change(args.transfer, (text) => destinationSetting('--transfer', text));
  if (transfer !== undefined) changes.transfer = transfer;
  const port = change(args.port, portSetting);
  if (port !== undefined) changes.port = port;
  const claudeDir = change(args.claudeDir, claudeDirSetting);
  if (claudeDir !== undefined) changes.claude_dir = claudeDir;
  const sshCommand = change(args.sshCommand, sshCommandSetting);
  if (sshCommand !== undefined) changes.ssh_command = sshCommand;
  if (Object.keys(changes).length === 0) {
    throw new UsageError('nothing to change: give --dest, --port, --transfer, --claude-dir or --ssh-command');
  }
  const result = await runRemoteSet(ctx, name, changes);
  noteUnsetVariables(ctx, result.unsetVariables);
  writeLine(ctx.stdout, `updated remote ${name} (${describeSettings(result.settings)})`);
  if (changes.dest !== undefined || changes.claude_dir !== undefined) {
    // the sync state describes the files at the old place; a new machine would look "deleted"
    writeLine(
      ctx.stderr,
      `ccsync: note: the sync state of ${name} was kept; if it now points at another machine or Claude dir, start fresh with \`ccsync remote remove ${name}\` and \`ccsync remote add\``,
    );
  }
  return 0;
}

export async function remoteRemove(ctx: CommandContext, args: { name: string }): Promise<number> {
  const name = checkRemoteName(args.name);
  await runRemoteRemove(ctx, name);
  writeLine(ctx.stdout, `removed remote ${name}`);
  return 0;
}

/** The port written inside DEST (`ssh://u@h:2222`), when DEST is literal and has one. */
function destPort(settings: RemoteSettings): number | undefined {
  const dest = checkDestination(settings.dest);
  return dest.ok && dest.destination.kind === 'ssh' ? dest.destination.port : undefined;
}

/**
 * The port ssh will use: the `port` setting wins over one in DEST (resolve-remote.ts); a
 * `${VAR}` port is shown as written. Undefined: ssh's own default (22 or ~/.ssh/config).
 */
function portUsed(settings: RemoteSettings): number | string | undefined {
  return settings.port ?? destPort(settings);
}

function describeSettings(settings: RemoteSettings): string {
  const parts = [shown(settings.dest)];
  const inDest = destPort(settings);
  if (settings.port !== undefined && inDest !== undefined && String(settings.port) !== String(inDest)) {
    parts.push(`port ${settings.port} (used; it overrides the ${inDest} in the destination)`);
  } else if (settings.port !== undefined) parts.push(`port ${settings.port}`);
  if (settings.transfer !== undefined) parts.push(`transfer ${shown(settings.transfer)}`);
  if (settings.claude_dir !== undefined) parts.push(`claude dir ${shown(settings.claude_dir)}`);
  if (settings.ssh_command !== undefined) parts.push(`ssh command ${JSON.stringify(settings.ssh_command)}`);
  return parts.join(', ');
}

/** `remote list --json`: the tables as written in the file (`${VAR}` kept). */
function remoteJson(name: string, settings: RemoteSettings): Record<string, unknown> {
  const used = portUsed(settings);
  return { name, ...settings, ...(used === undefined ? {} : { portUsed: used }), map: settings.map ?? [] };
}

export async function remoteList(ctx: CommandContext, args: { json: boolean }): Promise<number> {
  const remotes = Object.entries(ctx.config.file.remotes ?? {});
  if (args.json) {
    writeJson(ctx, { config: ctx.config.path, remotes: remotes.map(([name, settings]) => remoteJson(name, settings)) });
    return 0;
  }
  if (remotes.length === 0) {
    writeLine(ctx.stderr, `no remotes in ${ctx.config.path}; add one with \`ccsync remote add NAME DEST\``);
    return 0;
  }
  for (const [name, settings] of remotes) {
    writeLine(ctx.stdout, `${name}  ${describeSettings(settings)}`);
    for (const pair of settings.map ?? []) writeLine(ctx.stdout, `  ${shown(pair.local)} -> ${shown(pair.remote)}`);
  }
  return 0;
}
