// The remote half of `ccsync launch` (issue #4), as pure functions: a plan value in, the one
// command string ssh hands to the remote shell out. Like the bootstrap (ssh-bootstrap.ts) and
// the check probe (check-probe.ts), the script has no newline, `!`, backslash or single quote,
// so csh and fish login shells pass it to sh unchanged, and every variable part (the project
// dir, the tmux name, claude's arguments) is a positional parameter, never pasted into it.
import { createHash } from 'node:crypto';
import { CLAUDE_SPOTS } from '../transport/check-probe.js';
import { shellQuote } from '../transport/shell-quote.js';

/** Which conversation claude opens on the remote. */
export type LaunchSession = { kind: 'resume'; id: string } | { kind: 'continue' } | { kind: 'new' };

export interface LaunchPlan {
  /** the mapped project dir on the remote (absolute); claude starts there */
  remoteDir: string;
  session: LaunchSession;
  /** the words after `--` on ccsync's command line, passed to claude as they are */
  claudeArgs: readonly string[];
  /** `--tmux`: run claude in (or re-attach to, `attach`) this remote tmux session */
  tmux: { name: string; attach: boolean } | undefined;
}

/**
 * Exit codes of the launch script before claude runs (ssh passes them on). Picked outside what
 * claude (0, 1, 128+signal) and ssh (255) use.
 */
export const LAUNCH_EXIT = { noProjectDir: 92, noClaude: 93, noTmux: 94, noTmuxSession: 95, detached: 91 } as const;

/** Install dirs prepended to PATH: the native installer, npm with a user prefix, the old local install. */
export const CLAUDE_PATH_DIRS = ['$HOME/.local/bin', '$HOME/.npm-global/bin', '$HOME/.claude/local'];

const SCRIPT = [
  `PATH="${CLAUDE_PATH_DIRS.join(':')}:$PATH"`,
  'export PATH',
  'd="$1"; m="$2"; s="$3"',
  'shift 3',
  'say() { echo "ccsync launch: $*" >&2; }',
  `need_tmux() { command -v tmux >/dev/null 2>&1 || { say "no tmux on this machine: install it (e.g. apt-get install tmux), or launch without --tmux"; exit ${LAUNCH_EXIT.noTmux}; }; }`,
  // The tmux client ends with 0 both when claude exits and when the user detaches: a session
  // still there means claude still runs (the client says so: "still running", not "exited").
  `left() { r=$?; if tmux has-session -t "=$s" 2>/dev/null; then exit ${LAUNCH_EXIT.detached}; fi; exit $r; }`,
  `if [ "$m" = attach ]; then need_tmux; if tmux has-session -t "=$s" 2>/dev/null; then tmux attach-session -t "=$s"; left; fi; say "no tmux session $s here: it has ended, or was started under another name"; exit ${LAUNCH_EXIT.noTmuxSession}; fi`,
  `cd "$d" 2>/dev/null || { say "the project dir $d does not exist here: create it (mkdir -p) or put the code there (git clone, rsync), then launch again"; exit ${LAUNCH_EXIT.noProjectDir}; }`,
  'c=""',
  `if command -v claude >/dev/null 2>&1; then c="$(command -v claude)"; else for f in ${CLAUDE_SPOTS.map((spot) => `"${spot}"`).join(' ')}; do if [ -x "$f" ]; then c="$f"; break; fi; done; fi`,
  `[ -n "$c" ] || { say "claude is not installed here (not on PATH, nor in ~/.local/bin, ~/.npm-global/bin, ~/.claude/local)"; exit ${LAUNCH_EXIT.noClaude}; }`,
  'if [ -z "$m" ]; then exec "$c" "$@"; fi',
  'need_tmux',
  // -A: attach when the session exists already (claude is running there); `env PATH=…` because
  // a tmux server started earlier would give the new window its own environment
  'tmux new-session -A -s "$s" -c "$d" env "PATH=$PATH" "$c" "$@"',
  'left',
].join('; ');

/** claude's own arguments: the session choice, then the user's words. */
export function claudeArgv(plan: Pick<LaunchPlan, 'session' | 'claudeArgs'>): string[] {
  const session = plan.session.kind === 'resume' ? ['--resume', plan.session.id] : plan.session.kind === 'continue' ? ['--continue'] : [];
  return [...session, ...plan.claudeArgs];
}

/** The script's positional parameters: DIR, MODE ('' | new | attach), tmux NAME, then claude's argv. */
export function launchWords(plan: LaunchPlan): string[] {
  const mode = plan.tmux === undefined ? '' : plan.tmux.attach ? 'attach' : 'new';
  return [plan.remoteDir, mode, plan.tmux?.name ?? '', ...(plan.tmux?.attach ? [] : claudeArgv(plan))];
}

/** The remote command: `sh -c SCRIPT ccsync-launch DIR MODE NAME CLAUDE_ARGS...`, every word quoted. */
export function launchRemoteCommand(plan: LaunchPlan): string {
  return ['sh', '-c', shellQuote(SCRIPT), 'ccsync-launch', ...launchWords(plan).map(shellQuote)].join(' ');
}

/** The script itself, for the test that it stays one line fit for any login shell. */
export function launchScriptText(): string {
  return SCRIPT;
}

const TMUX_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** A name the user gave to `--tmux NAME`; tmux itself rewrites `.` and `:`, so only plain ones. */
export function checkTmuxName(name: string): boolean {
  return TMUX_NAME.test(name);
}

/**
 * The default tmux session name: `ccsync-<dir name>-<6 hex of the remote dir>`, so two
 * projects with the same folder name do not share a session, and `--attach` from the same
 * project finds it again.
 */
export function defaultTmuxName(remoteDir: string): string {
  const base = remoteDir.split('/').filter((part) => part !== '').pop() ?? '';
  const plain = base.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  const hash = createHash('sha256').update(remoteDir).digest('hex').slice(0, 6);
  return `ccsync-${plain === '' ? 'project' : plain}-${hash}`;
}

/** One argv for people to read (`--dry-run`): words quoted only when the shell would need it. */
export { displayCommand } from '../transport/shell-quote.js';
