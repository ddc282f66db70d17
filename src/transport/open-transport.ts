// Which Transport serves a side: the local Claude dir, a `dir:` remote, or (issue #3) SSH.
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { backupsDir } from '../config/paths.js';
import type { ResolvedRemote } from '../config/resolve-remote.js';
import { ExitError } from '../errors.js';
import { resolveClaudeDir } from '../store/claude-dir.js';
import { LocalDirTransport } from './local-dir-transport.js';
import { agentBundle } from './ssh-bootstrap.js';
import { SshTransport } from './ssh-transport.js';
import { splitCommandWords } from './ssh-argv.js';
import { controlSocket } from './ssh-reuse.js';
import type { ShAgentTransport } from './sh-agent-transport.js';
import type { Transport } from './transport.js';
import { readFile, writeFile } from 'node:fs/promises';
import type { Destination } from '../config/destination.js';

/** What opening a side needs from the process: plain values, never the CLI's context. */
export interface TransportEnv {
  env: Record<string, string | undefined>;
  home: string;
  /** `$XDG_STATE_HOME/ccsync`: backups and the per-remote agent notes live under it */
  stateDir: string;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * What to do when this machine has no Claude dir yet (Claude Code makes it on first start):
 * `refuse` (a push: nothing to carry from it), or read it as `empty` — a fresh pod that pulls or
 * syncs from a hub (issue #13): the first write creates the dir, 0700 like every dir the agent
 * makes (file-ops.ts), so a run that fails before writing leaves nothing behind.
 */
export type MissingClaudeDir = 'refuse' | 'empty';

/** This machine's Claude dir. */
export async function openLocalTransport(ctx: TransportEnv, runId: string, missing: MissingClaudeDir = 'refuse'): Promise<LocalDirTransport> {
  const claudeDir = resolveClaudeDir(ctx.env, ctx.home);
  if (!(await isDirectory(claudeDir))) {
    if (missing === 'refuse') {
      throw new ExitError(`no Claude Code config dir at ${claudeDir}: run Claude Code once on this machine, or set CLAUDE_CONFIG_DIR`);
    }
  }
  const root = { claudeDir, home: ctx.home, backupDir: join(backupsDir(ctx.stateDir), 'local'), runId, platform: process.platform };
  return new LocalDirTransport(root, 'local');
}

/** How a run uses a side: `readOnly` (a dry run, `status`) writes nothing there, nor any note here. */
export interface OpenOptions {
  readOnly?: boolean;
}

/**
 * A `dir:` remote stands for another machine whose home is the dir (its Claude dir defaults to
 * `<dir>/.claude`). The dir must exist; its Claude dir is made by the first write (a missing
 * one lists as empty), so opening a side writes nothing.
 */
export async function openRemoteTransport(ctx: TransportEnv, remote: ResolvedRemote, runId: string, options: OpenOptions = {}): Promise<Transport> {
  const dest = remote.transfer;
  if (dest.kind === 'ssh') return openSshTransport(ctx, remote, dest, options);
  if (!(await isDirectory(dest.path))) {
    throw new ExitError(`remote '${remote.name}': ${dest.path} does not exist or is not a directory — mount it, or fix it with \`ccsync remote set ${remote.name} --dest dir:/PATH\``);
  }
  const claudeDir = remote.claudeDir ?? join(dest.path, '.claude');
  const root = { claudeDir, home: dest.path, backupDir: join(backupsDir(ctx.stateDir), remote.name), runId, platform: process.platform };
  return new LocalDirTransport(root, `dir:${dest.path}`);
}

/** Where ccsync notes that a remote has its agent cached, so later runs send none of it. */
function agentNotePath(ctx: TransportEnv, remoteName: string): string {
  return join(ctx.stateDir, 'remotes', `${remoteName}.agent`);
}

/**
 * How to fix a port that changed: the `${VAR}` the config takes it from, or `remote set`. The
 * `port` setting applies to `dest`; a separate `transfer` endpoint carries its own port.
 */
export function portHint(remote: ResolvedRemote, role: 'transfer' | 'interactive' = 'transfer'): string {
  const ownTransfer = role === 'transfer' && remote.settings.transfer !== undefined;
  const port = ownTransfer ? remote.settings.transfer : remote.settings.port;
  const pattern = ownTransfer ? /:\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/ : /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/;
  const variable = typeof port === 'string' ? pattern.exec(port)?.[1] : undefined;
  if (variable) return `\`export ${variable}=NEW_PORT\` (the config takes the port from \${${variable}})`;
  return ownTransfer ? `\`ccsync remote set ${remote.name} --transfer ssh://USER@HOST:N\`` : `\`ccsync remote set ${remote.name} --port N\``;
}

export async function openSshTransport(ctx: TransportEnv, remote: ResolvedRemote, dest: Extract<Destination, { kind: 'ssh' }>, options: OpenOptions = {}): Promise<SshTransport | ShAgentTransport> {
  const note = agentNotePath(ctx, remote.name);
  const hash = agentBundle().hash;
  // The note: the agent hash the remote caches, and which agent answered last time.
  const [cachedHash = '', lastAgent = ''] = await readFile(note, 'utf8').then((text) => text.trim().split('\n'), () => []);
  const sshCommand = ctx.env['CCSYNC_SSH_COMMAND'] || remote.sshCommand;
  const endpoint = { host: dest.host, ...(dest.user ? { user: dest.user } : {}), ...(dest.port ? { port: dest.port } : {}) };
  const control = await controlSocket({ env: ctx.env, stateDir: ctx.stateDir, setting: remote.settings.ssh_reuse, endpoint, words: splitCommandWords(sshCommand ?? 'ssh'), readOnly: options.readOnly === true });
  const transport = await SshTransport.open({
    remoteName: remote.name,
    endpoint,
    control,
    sshCommand,
    claudeDir: remote.claudeDir,
    agentCached: cachedHash === hash,
    expectNode: lastAgent === 'node',
    portHint: portHint(remote),
    readOnly: options.readOnly === true,
  });
  const agent = transport.hello.agent;
  // a read-only run cached nothing there, so it notes nothing here
  if (options.readOnly !== true && (cachedHash !== hash || lastAgent !== agent)) {
    await mkdir(join(ctx.stateDir, 'remotes'), { recursive: true, mode: 0o700 });
    await writeFile(note, `${hash}\n${agent}\n`, { mode: 0o600 });
  }
  return transport;
}
