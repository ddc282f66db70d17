// `ccsync launch` (issue #4): push the project's sessions, run claude on the remote over an
// interactive ssh (the `dest` endpoint, with a PTY) in the mapped project dir, and pull the
// sessions back when it ends, however it ends. The remote command is built by the pure
// launch-script.ts; push and pull are the same runs as `ccsync push|pull REMOTE PATH`.
import { realpath } from 'node:fs/promises';
import type { Scope } from './context.js';
import type { CommandContext } from './context.js';
import type { TransferOptions } from './transfer.js';
import type { ResolvedRemote } from '../config/resolve-remote.js';
import { EXIT, ExitError, describeError } from '../errors.js';
import { createPathMap, mapPath } from '../mapping/path-map.js';
import { listLocalSessions, resolveClaudeDir } from '../store/claude-dir.js';
import { remoteScope } from './remote-scope.js';
import { localSessionId } from './session-ref.js';
import { sshInvocation, type SshInvocation } from '../transport/ssh-argv.js';
import { runInteractiveSsh, type InteractiveEnd } from '../pod/interactive-ssh.js';
import { defaultTmuxName, displayCommand, LAUNCH_EXIT, launchRemoteCommand, type LaunchPlan, type LaunchSession } from '../pod/launch-script.js';

export interface LaunchOptions {
  remote: ResolvedRemote;
  /** the local project (LOCAL_PATH or the current directory), absolute */
  scope: Extract<Scope, { kind: 'path' }>;
  /** undefined: the newest session of this project here, else a new one */
  session: LaunchSession | undefined;
  /** `--resume PREFIX`: session.id is the start of an id, made whole against this machine's sessions */
  resumePrefix?: boolean;
  claudeArgs: string[];
  /** `--tmux [NAME]` / `--attach`: name undefined → derived from the project */
  tmux: { name: string | undefined; attach: boolean } | undefined;
  dryRun: boolean;
}

async function realPathOrSelf(path: string): Promise<string> {
  return realpath(path).catch(() => path);
}

/** The newest transcript of exactly this project dir here (the one the user just worked in). */
async function newestLocalSession(ctx: CommandContext, projectPath: string): Promise<string | undefined> {
  const sessions = await listLocalSessions(resolveClaudeDir(ctx.env, ctx.home), { underPath: projectPath });
  const own = sessions.filter((session) => session.projectPath === projectPath);
  own.sort((a, b) => b.mtimeMs - a.mtimeMs);
  return own[0]?.sessionId;
}

function transferOptions(options: LaunchOptions, direction: 'push' | 'pull'): TransferOptions {
  return { direction, remote: options.remote, scope: options.scope, sessionId: undefined, dryRun: false, json: false, delete: false, force: false };
}

/** What the launch will run, without connecting: the plan and the ssh argv. */
export async function planLaunch(ctx: CommandContext, options: LaunchOptions): Promise<{ plan: LaunchPlan; invocation: SshInvocation; note: string | undefined }> {
  const { remote } = options;
  const dest = remote.dest;
  if (dest.kind !== 'ssh') throw new ExitError(`remote '${remote.name}' is a dir: remote; launch runs claude over ssh (use push and pull for a dir:)`);
  await remoteScope(remote, options.scope); // says which `map add` to run when the project is not mapped
  const root = await realPathOrSelf(options.scope.path);
  const remoteDir = mapPath(createPathMap(remote.pairs), root, 'toRemote');
  if (remoteDir === undefined) throw new ExitError(`${root} is not under any path mapping of remote '${remote.name}': run \`ccsync map add ${remote.name} ${root} /REMOTE/PATH\``);
  let session = options.session;
  if (session?.kind === 'resume' && options.resumePrefix === true) session = { kind: 'resume', id: await localSessionId(ctx, { kind: 'prefix', prefix: session.id }) };
  let note: string | undefined;
  if (session === undefined && options.tmux?.attach !== true) {
    const newest = await newestLocalSession(ctx, root);
    session = newest === undefined ? { kind: 'new' } : { kind: 'resume', id: newest };
    note = newest === undefined ? 'no session of this project here: starting a new one' : `resuming ${newest}, the newest session of this project here (--new for a new one)`;
  }
  const tmux = options.tmux === undefined ? undefined : { name: options.tmux.name ?? defaultTmuxName(remoteDir), attach: options.tmux.attach };
  const plan: LaunchPlan = { remoteDir, session: session ?? { kind: 'new' }, claudeArgs: options.claudeArgs, tmux };
  const endpoint = { host: dest.host, ...(dest.user ? { user: dest.user } : {}), ...(dest.port ? { port: dest.port } : {}) };
  // A person at the terminal can answer a passphrase or host-key prompt: no BatchMode then.
  const invocation = sshInvocation(endpoint, launchRemoteCommand(plan), { sshCommand: ctx.env['CCSYNC_SSH_COMMAND'] || remote.sshCommand, batchMode: !ctx.isTTY, pty: true });
  return { plan, invocation, note };
}

/** One line for how the remote side ended, or undefined when claude ran and exited. */
function describeEnd(end: InteractiveEnd, plan: LaunchPlan, remote: ResolvedRemote): { failure?: string; note: string } {
  if (end.kind === 'not-started') return { failure: end.message, note: 'ssh did not start' };
  if (end.kind === 'signaled') return { note: `ssh was stopped by ${end.signal}` };
  const fixClaude = `install it with \`ccsync setup ${remote.name} --install-claude\` (or put claude on the remote's PATH)`;
  switch (end.code) {
    case LAUNCH_EXIT.noProjectDir:
      return { failure: `the project dir ${plan.remoteDir} does not exist on '${remote.name}': create it (\`ssh HOST mkdir -p DIR\`) or put the code there (git clone, rsync), then launch again`, note: 'no project dir' };
    case LAUNCH_EXIT.noClaude:
      return { failure: `claude is not installed on '${remote.name}': ${fixClaude}`, note: 'no claude' };
    case LAUNCH_EXIT.noTmux:
      return { failure: `tmux is not installed on '${remote.name}': install it there (e.g. apt-get install tmux), or launch without --tmux`, note: 'no tmux' };
    case LAUNCH_EXIT.noTmuxSession:
      return { failure: `no tmux session ${plan.tmux?.name ?? ''} on '${remote.name}': it has ended (its sessions were pulled just now) — \`ccsync launch ${remote.name} --tmux\` starts a new one`, note: 'no tmux session' };
    case LAUNCH_EXIT.detached:
      return { note: `detached: claude is still running in tmux session ${plan.tmux?.name ?? ''} on '${remote.name}'` };
    case 255:
      return { note: 'the ssh connection failed or dropped (exit 255; ssh printed why above)' };
    default:
      return { note: `claude exited with ${end.code}` };
  }
}

/** Runs one push or pull and reports it the way `ccsync push|pull` would; gives its exit code. */
export type RunTransfer = (options: TransferOptions) => Promise<number>;

/** What a `--dry-run` would do: the push (unless re-attaching), the ssh argv, the pull. */
export interface LaunchDryRun {
  remote: string;
  projectPath: string;
  push: boolean;
  note: string | undefined;
  ssh: string[];
}

/** A launch's exit code: claude's (or ssh's), unless the pull failed or left conflicts. */
export interface LaunchResult {
  exitCode: number;
  /** set for `--dry-run`: src/cli/print/launch.ts prints it */
  dryRun?: LaunchDryRun;
}

export async function runLaunch(ctx: CommandContext, options: LaunchOptions, transfer: RunTransfer): Promise<LaunchResult> {
  const { plan, invocation, note } = await planLaunch(ctx, options);
  const { remote } = options;
  const pathWord = displayCommand([options.scope.path]);
  if (options.dryRun) {
    return { exitCode: EXIT.ok, dryRun: { remote: remote.name, projectPath: options.scope.path, push: !plan.tmux?.attach, note, ssh: [invocation.program, ...invocation.args] } };
  }
  if (!ctx.isTTY) throw new ExitError('launch runs claude interactively and needs a terminal (stdin and stderr); without one, use `ccsync push`, then `ssh`, then `ccsync pull`');
  if (!plan.tmux?.attach) {
    ctx.stderr(`ccsync: pushing ${options.scope.path} to ${remote.name}\n`);
    const pushed = await transfer(transferOptions(options, 'push'));
    if (pushed === EXIT.error) throw new ExitError(`the push to '${remote.name}' failed (see above): claude was not started there; fix it and launch again`);
    if (pushed === EXIT.conflicts) ctx.stderr('ccsync: the push left conflicts (both copies kept; `ccsync status` shows them); launching anyway\n');
  }
  if (note !== undefined) ctx.stderr(`ccsync: ${note}\n`);
  ctx.stderr(`ccsync: claude on ${remote.name} in ${plan.remoteDir}${plan.tmux ? ` (tmux session ${plan.tmux.name})` : ''}\n`);
  let end: InteractiveEnd = { kind: 'not-started', message: 'ssh did not run' };
  let pulled: number;
  try {
    end = await runInteractiveSsh(invocation, true);
  } finally {
    ctx.stderr(`ccsync: ${describeEnd(end, plan, remote).note}; pulling ${options.scope.path} from ${remote.name}\n`);
    try {
      pulled = await transfer(transferOptions(options, 'pull'));
    } catch (error) {
      ctx.stderr(`ccsync: the pull failed: ${describeError(error)}\n`);
      pulled = EXIT.error;
    }
    if (pulled === EXIT.error) ctx.stderr(`ccsync: the remote's new lines are still there: run \`ccsync pull ${remote.name} ${pathWord}\` when it is reachable\n`);
  }
  const { failure } = describeEnd(end, plan, remote);
  if (failure !== undefined) throw new ExitError(failure);
  const detached = end.kind === 'exited' && end.code === LAUNCH_EXIT.detached;
  if (detached) {
    const named = plan.tmux !== undefined && plan.tmux.name !== defaultTmuxName(plan.remoteDir) ? ` --tmux ${plan.tmux.name}` : '';
    const pathArg = options.scope.fromCwd ? '' : ` ${pathWord}`;
    const what = pulled === EXIT.error ? 'the pull failed (see above)' : 'what it wrote so far was pulled (above)';
    ctx.stderr(`ccsync: claude is still running on '${remote.name}' in tmux session ${plan.tmux?.name ?? ''}; ${what}. Re-attach with \`ccsync launch ${remote.name}${pathArg}${named} --attach\` (it pulls again when you leave), or pull later with \`ccsync pull ${remote.name}${pathArg}\`\n`);
  }
  if (pulled !== EXIT.ok) return { exitCode: pulled };
  if (detached) return { exitCode: EXIT.ok };
  return { exitCode: end.kind === 'not-started' ? EXIT.error : end.code };
}
