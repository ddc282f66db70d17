// `ccsync hooks install | remove | status` (issue #12): ccsync's entries in Claude Code's
// settings.json (the edit itself: hooks/hook-settings.ts), and what the hooks did lately.
// Each returns a result value; src/cli/print/hooks.ts words it.
import type { CommandContext } from './context.js';
import { requireRemoteSettings } from '../config/resolve-remote.js';
import { ExitError, UsageError } from '../errors.js';
import { HOOK_EVENTS, wantedGroups, type HookEvent, type SelfCommand } from '../hooks/hook-command.js';
import { lastRunsPerRemote, readHookRecords, type HookRecord } from '../hooks/hook-log.js';
import { installedHooks, installHooks, removeHooks } from '../hooks/hook-settings.js';
import {
  readInstallRecord, readSettings, removeInstallRecord, removeSettings, settingsPath, writeInstallRecord, writeSettings,
} from '../hooks/settings-file.js';
import { resolveClaudeDir } from '../store/claude-dir.js';

export interface HooksInstallArgs {
  remotes: string[];
  onStop: boolean;
  deadlineSeconds: number;
  self: SelfCommand;
}

function settingsFile(ctx: CommandContext): string {
  return settingsPath(resolveClaudeDir(ctx.env, ctx.home));
}

function refuse(file: string, error: string): ExitError {
  return new ExitError(`${file}: ${error}; fix the file (Claude Code cannot read it either), then run this again`);
}

export interface HooksInstallResult {
  settings: string;
  /** false: the entries were already there as wanted */
  changed: boolean;
  events: HookEvent[];
  /** the remotes named at install (none: every remote that maps the session's project) */
  remotes: string[];
  /** the config has no remotes yet: the hooks will do nothing until one is added */
  noRemotes: boolean;
}

export async function hooksInstall(ctx: CommandContext, args: HooksInstallArgs): Promise<HooksInstallResult> {
  for (const name of args.remotes) requireRemoteSettings(ctx.config.file, name);
  if (!(args.deadlineSeconds > 0 && args.deadlineSeconds <= 50)) throw new UsageError('--deadline: give a number of seconds between 0 and 50');
  const file = settingsFile(ctx);
  const before = await readSettings(file);
  const wanted = wantedGroups(args.self, { remotes: args.remotes, deadlineSeconds: args.deadlineSeconds, onStop: args.onStop });
  const edit = installHooks(before, wanted);
  if (!edit.ok) throw refuse(file, edit.error);
  const result = {
    settings: file,
    changed: edit.changed,
    events: (Object.keys(HOOK_EVENTS) as HookEvent[]).filter((event) => wanted[event] !== undefined),
    remotes: args.remotes,
    noRemotes: Object.keys(ctx.config.file.remotes ?? {}).length === 0,
  };
  if (!edit.changed) return result;
  // The text before ccsync's first change is kept, so `hooks remove` can give back those bytes.
  const previous = await readInstallRecord(ctx.stateDir, file);
  const original = previous !== undefined && previous.after === before ? previous.before : (before ?? null);
  await writeSettings(file, edit.text);
  await writeInstallRecord(ctx.stateDir, { settings: file, before: original, after: edit.text });
  return result;
}

/** restored: the file is back byte for byte (or gone, if ccsync created it); removed: only ccsync's entries taken out */
export type HooksRemoveResult = { settings: string; outcome: 'restored' | 'removed' | 'none' | 'no-file' };

export async function hooksRemove(ctx: CommandContext): Promise<HooksRemoveResult> {
  const file = settingsFile(ctx);
  const text = await readSettings(file);
  const record = await readInstallRecord(ctx.stateDir, file);
  if (text !== undefined && record !== undefined && record.after === text) {
    // nothing changed since ccsync's edit: the file as it was, byte for byte (or no file)
    if (record.before === null) await removeSettings(file);
    else await writeSettings(file, record.before);
    await removeInstallRecord(ctx.stateDir);
    return { settings: file, outcome: 'restored' };
  }
  await removeInstallRecord(ctx.stateDir);
  if (text === undefined) return { settings: file, outcome: 'no-file' };
  const edit = removeHooks(text);
  if (!edit.ok) throw refuse(file, edit.error);
  if (!edit.changed) return { settings: file, outcome: 'none' };
  await writeSettings(file, edit.text);
  return { settings: file, outcome: 'removed' };
}

export interface HooksStatusResult {
  settings: string;
  /** why the settings could not be read, if so */
  error?: string;
  /** ccsync's hook commands per event */
  commands: Partial<Record<HookEvent, string[]>>;
  /** both SessionStart and SessionEnd are there */
  installed: boolean;
  /** the newest runs per remote ("" for runs that found no remote), newest first */
  runs: Map<string, HookRecord[]>;
}

export async function hooksStatus(ctx: CommandContext, count = 5): Promise<HooksStatusResult> {
  const file = settingsFile(ctx);
  const found = installedHooks(await readSettings(file));
  const commands = found.ok ? found.commands : {};
  return {
    settings: file,
    ...(found.ok ? {} : { error: found.error }),
    commands,
    installed: commands.SessionStart !== undefined && commands.SessionEnd !== undefined,
    runs: lastRunsPerRemote(await readHookRecords(ctx.stateDir), count),
  };
}
