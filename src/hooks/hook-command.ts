// The command ccsync writes into Claude Code's settings.json for each hook, and how it is
// recognised again (to replace or remove exactly ccsync's entries). Claude runs a hook command
// with `sh -c` under its own environment, where PATH may not hold ccsync: the command names
// node and the CLI file by absolute path, each shell-quoted (../shared/claude-code-format.md, "Hooks").
import { shellQuote } from '../transport/shell-quote.js';
import { DEFAULT_DEADLINE_SECONDS } from './hook-defaults.js';

/** The hook events ccsync uses, with the name of its runner's sub-command. */
export const HOOK_EVENTS = { SessionStart: 'session-start', SessionEnd: 'session-end', Stop: 'stop' } as const;
export type HookEvent = keyof typeof HOOK_EVENTS;
export type HookStep = (typeof HOOK_EVENTS)[HookEvent];
export const HOOK_EVENT_NAMES = Object.keys(HOOK_EVENTS) as readonly string[];

export function isHookEvent(name: string): name is HookEvent {
  return Object.hasOwn(HOOK_EVENTS, name);
}

/** How to start this ccsync: the node binary and the CLI file, both absolute. */
export interface SelfCommand {
  node: string;
  cli: string;
}

export interface HookOptions {
  /** remotes named at install; none: every remote whose mappings cover the session's cwd */
  remotes: readonly string[];
  /** SessionStart: seconds the pull may hold Claude's start-up before it goes on detached */
  deadlineSeconds: number;
  /** also push after every turn (Stop) */
  onStop: boolean;
}

export { DEFAULT_DEADLINE_SECONDS };

/** What ccsync puts under `hooks.<Event>[]`: a matcher group holding one command hook. */
export interface HookGroup {
  matcher?: string;
  hooks: Array<{ type: 'command'; command: string; timeout?: number }>;
}

export function hookCommand(self: SelfCommand, step: HookStep, options: HookOptions): string {
  const words = [self.node, self.cli].map(shellQuote);
  words.push('hook', step);
  for (const remote of options.remotes) words.push('--remote', shellQuote(remote));
  if (step === 'session-start' && options.deadlineSeconds !== DEFAULT_DEADLINE_SECONDS) words.push('--deadline', String(options.deadlineSeconds));
  return words.join(' ');
}

/** The groups to install, per event (Stop only with `--on-stop`). */
export function wantedGroups(self: SelfCommand, options: HookOptions): Partial<Record<HookEvent, HookGroup>> {
  return {
    // startup and resume only: `clear` and `compact` start nothing new to fetch
    SessionStart: {
      matcher: 'startup|resume',
      // the runner returns by its deadline; the timeout is only a backstop for Claude
      hooks: [{ type: 'command', command: hookCommand(self, 'session-start', options), timeout: Math.ceil(options.deadlineSeconds) + 10 }],
    },
    // the push is detached: the hook returns at once, well inside SessionEnd's 1.5 s default
    SessionEnd: { hooks: [{ type: 'command', command: hookCommand(self, 'session-end', options) }] },
    ...(options.onStop ? { Stop: { hooks: [{ type: 'command' as const, command: hookCommand(self, 'stop', options) }] } } : {}),
  };
}

const RUNNER = / hook (session-start|session-end|stop)(?= |$)/;

/** True for a command this or another ccsync install wrote (any node, any CLI path). */
export function isCcsyncHookCommand(command: string): boolean {
  return RUNNER.test(command) && /ccsync|cli\.js'/i.test(command);
}
