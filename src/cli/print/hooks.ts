// The words of `ccsync hooks install | remove | status`.
import type { ProcessIO } from '../../commands/context.js';
import { writeJson } from '../output.js';
import type { HooksInstallResult, HooksRemoveResult, HooksStatusResult } from '../../commands/hooks.js';
import type { HookEvent } from '../../hooks/hook-command.js';
import type { HookRecord } from '../../hooks/hook-log.js';
import { formatBytes } from '../../display-text.js';

type Out = Pick<ProcessIO, 'stdout' | 'stderr'>;

const WHAT: Record<HookEvent, string> = { SessionStart: 'SessionStart (pull)', SessionEnd: 'SessionEnd (push)', Stop: 'Stop (push)' };

export function printHooksInstall(io: Out, result: HooksInstallResult): number {
  const events = result.events.map((event) => WHAT[event]).join(', ');
  if (!result.changed) {
    io.stdout(`ccsync hooks already installed in ${result.settings}: ${events}\n`);
    return 0;
  }
  const which = result.remotes.length > 0 ? result.remotes.map((name) => `'${name}'`).join(', ') : "every remote that maps the session's project";
  io.stdout(`ccsync hooks installed in ${result.settings}: ${events}; remotes: ${which}\n`);
  if (result.noRemotes) io.stderr('note: no remotes yet: `ccsync remote add NAME DEST` and `ccsync map add` make the hooks do something\n');
  return 0;
}

export function printHooksRemove(io: Out, result: HooksRemoveResult): number {
  const lines = {
    restored: `ccsync hooks removed: ${result.settings} is back as it was before \`ccsync hooks install\``,
    removed: `ccsync hooks removed from ${result.settings} (your own hooks and settings are untouched)`,
    none: `no ccsync hooks in ${result.settings}`,
    'no-file': `no ${result.settings}: no ccsync hooks to remove`,
  };
  io.stdout(`${lines[result.outcome]}\n`);
  return 0;
}

function describeRun(record: HookRecord): string {
  const moved = record.moved
    ? `: ${record.moved.done} file(s), ${formatBytes(record.moved.bytes)}${record.moved.conflicts ? `, ${record.moved.conflicts} conflict(s)` : ''}${record.moved.skipped ? `, ${record.moved.skipped} skipped` : ''}`
    : '';
  const took = record.ms !== undefined ? ` (${(record.ms / 1000).toFixed(1)} s)` : '';
  const why = record.message ? ` — ${record.message}` : '';
  return `  ${record.at}  ${record.event} ${record.action} ${record.status}${moved}${took}${why}`;
}

export function printHooksStatus(io: Out, result: HooksStatusResult, json: boolean): number {
  const events = (Object.keys(WHAT) as HookEvent[]).filter((event) => result.commands[event] !== undefined);
  if (json) {
    const document = {
      settings: result.settings,
      installed: result.installed,
      events: result.commands,
      ...(result.error !== undefined ? { error: result.error } : {}),
      runs: Object.fromEntries([...result.runs].map(([remote, list]) => [remote || '(none)', list])),
    };
    writeJson(io, document);
    return 0;
  }
  const lines = [
    result.error !== undefined
      ? `hooks: ${result.settings} cannot be read (${result.error})`
      : events.length > 0
        ? `hooks: installed in ${result.settings} (${events.join(', ')})`
        : `hooks: not installed (\`ccsync hooks install\` adds them to ${result.settings})`,
  ];
  if (result.runs.size === 0) lines.push('no hook runs yet');
  for (const [remote, list] of result.runs) {
    lines.push(remote === '' ? 'no remote:' : `${remote}:`);
    lines.push(...list.map(describeRun));
  }
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}
