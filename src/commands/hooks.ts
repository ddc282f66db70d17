// `ccsync hooks install | remove | status` (issue #12): ccsync's entries in Claude Code's
// settings.json (the edit itself: hooks/hook-settings.ts), and what the hooks did lately.
import type { CommandContext } from './context.js';
import { requireRemoteSettings } from '../config/resolve-remote.js';
import { EXIT, ExitError, UsageError } from '../errors.js';
import { HOOK_EVENTS, wantedGroups, type HookEvent, type SelfCommand } from '../hooks/hook-command.js';
import { lastRunsPerRemote, readHookRecords, type HookRecord } from '../hooks/hook-log.js';
import { installedHooks, installHooks, removeHooks } from '../hooks/hook-settings.js';
import {
  readInstallRecord, readSettings, removeInstallRecord, removeSettings, settingsPath, writeInstallRecord, writeSettings,
} from '../hooks/settings-file.js';
import { resolveClaudeDir } from '../store/claude-dir.js';
import { formatBytes } from '../format-bytes.js';

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

export async function hooksInstall(ctx: CommandContext, args: HooksInstallArgs): Promise<number> {
  for (const name of args.remotes) requireRemoteSettings(ctx.config.file, name);
  if (!(args.deadlineSeconds > 0 && args.deadlineSeconds <= 50)) throw new UsageError('--deadline: give a number of seconds between 0 and 50');
  const file = settingsFile(ctx);
  const before = await readSettings(file);
  const edit = installHooks(before, wantedGroups(args.self, { remotes: args.remotes, deadlineSeconds: args.deadlineSeconds, onStop: args.onStop }));
  if (!edit.ok) throw refuse(file, edit.error);
  const events = ['SessionStart (pull)', 'SessionEnd (push)', ...(args.onStop ? ['Stop (push)'] : [])].join(', ');
  if (!edit.changed) {
    ctx.stdout(`ccsync hooks already installed in ${file}: ${events}\n`);
    return EXIT.ok;
  }
  // The text before ccsync's first change is kept, so `hooks remove` can give back those bytes.
  const previous = await readInstallRecord(ctx.stateDir, file);
  const original = previous !== undefined && previous.after === before ? previous.before : (before ?? null);
  await writeSettings(file, edit.text);
  await writeInstallRecord(ctx.stateDir, { settings: file, before: original, after: edit.text });
  const which = args.remotes.length > 0 ? args.remotes.map((name) => `'${name}'`).join(', ') : 'every remote that maps the session\'s project';
  ctx.stdout(`ccsync hooks installed in ${file}: ${events}; remotes: ${which}\n`);
  if (Object.keys(ctx.config.file.remotes ?? {}).length === 0) ctx.stderr('note: no remotes yet: `ccsync remote add NAME DEST` and `ccsync map add` make the hooks do something\n');
  return EXIT.ok;
}

export async function hooksRemove(ctx: CommandContext): Promise<number> {
  const file = settingsFile(ctx);
  const text = await readSettings(file);
  const record = await readInstallRecord(ctx.stateDir, file);
  if (text !== undefined && record !== undefined && record.after === text) {
    // nothing changed since ccsync's edit: the file as it was, byte for byte (or no file)
    if (record.before === null) await removeSettings(file);
    else await writeSettings(file, record.before);
    await removeInstallRecord(ctx.stateDir);
    ctx.stdout(`ccsync hooks removed: ${file} is back as it was before \`ccsync hooks install\`\n`);
    return EXIT.ok;
  }
  await removeInstallRecord(ctx.stateDir);
  if (text === undefined) {
    ctx.stdout(`no ${file}: no ccsync hooks to remove\n`);
    return EXIT.ok;
  }
  const edit = removeHooks(text);
  if (!edit.ok) throw refuse(file, edit.error);
  if (!edit.changed) {
    ctx.stdout(`no ccsync hooks in ${file}\n`);
    return EXIT.ok;
  }
  await writeSettings(file, edit.text);
  ctx.stdout(`ccsync hooks removed from ${file} (your own hooks and settings are untouched)\n`);
  return EXIT.ok;
}

function describeRun(record: HookRecord): string {
  const moved = record.moved ? `: ${record.moved.done} file(s), ${formatBytes(record.moved.bytes)}${record.moved.conflicts ? `, ${record.moved.conflicts} conflict(s)` : ''}${record.moved.skipped ? `, ${record.moved.skipped} skipped` : ''}` : '';
  const took = record.ms !== undefined ? ` (${(record.ms / 1000).toFixed(1)} s)` : '';
  const why = record.message ? ` — ${record.message}` : '';
  return `  ${record.at}  ${record.event} ${record.action} ${record.status}${moved}${took}${why}`;
}

export async function hooksStatus(ctx: CommandContext, options: { json: boolean; count?: number }): Promise<number> {
  const file = settingsFile(ctx);
  const found = installedHooks(await readSettings(file));
  const commands = found.ok ? found.commands : {};
  const installed = (Object.keys(HOOK_EVENTS) as HookEvent[]).filter((event) => commands[event] !== undefined);
  const runs = lastRunsPerRemote(await readHookRecords(ctx.stateDir), options.count ?? 5);
  if (options.json) {
    const document = {
      settings: file,
      installed: installed.includes('SessionStart') && installed.includes('SessionEnd'),
      events: commands,
      ...(found.ok ? {} : { error: found.error }),
      runs: Object.fromEntries([...runs].map(([remote, list]) => [remote || '(none)', list])),
    };
    ctx.stdout(`${JSON.stringify(document)}\n`);
    return EXIT.ok;
  }
  const lines = [
    !found.ok
      ? `hooks: ${file} cannot be read (${found.error})`
      : installed.length > 0
        ? `hooks: installed in ${file} (${installed.join(', ')})`
        : `hooks: not installed (\`ccsync hooks install\` adds them to ${file})`,
  ];
  if (runs.size === 0) lines.push('no hook runs yet');
  for (const [remote, list] of runs) {
    lines.push(remote === '' ? 'no remote:' : `${remote}:`);
    lines.push(...list.map(describeRun));
  }
  ctx.stdout(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
