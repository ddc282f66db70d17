// Connection reuse owned by ccsync (issue #11: a run should cost about one ssh handshake, and
// hooks and `watch` run ccsync many times a day). The first run starts an OpenSSH master
// (ControlMaster=auto, ControlPersist) on a socket in a private dir of ccsync's; later runs
// within CONTROL_PERSIST_S go through it (~50 ms instead of a full handshake). Only when the
// user configured no multiplexing of their own (`ssh -G` says so) and did not opt out
// (`ssh_reuse = false` for the remote, or CCSYNC_SSH_REUSE=0). A stale socket (its master
// gone) is handled by ssh itself: it removes the socket and connects afresh; a master that
// hangs (its network died under it) is stopped by ssh-transport.ts after REUSE_HELLO_MS.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstat, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Env } from '../config/paths.js';
import type { SshEndpoint } from './ssh-argv.js';

/** How long a master stays after its last session ends. */
export const CONTROL_PERSIST_S = 300;
/** Through an existing master, no agent greeting this long → the master is stopped and the run connects afresh. */
export const REUSE_HELLO_MS = 8_000;
/** Unix socket paths are limited to 104 bytes (macOS) with the NUL; ssh adds `.` + 16 chars while it binds. */
const MAX_SOCKET_PATH = 103 - 17;
const OPT_OUT = new Set(['0', 'false', 'no', 'off']);

export interface ControlSocket {
  /** the socket (ssh's ControlPath) */
  path: string;
  /** a socket was there before this run: a master is (or was) running */
  existed: boolean;
}

/** The ssh options that make a connection use (or become) the master on `path`. */
export function controlOptions(path: string): string[] {
  // ssh expands %-tokens in ControlPath: a literal % is written %%
  return ['-o', 'ControlMaster=auto', '-o', `ControlPath=${path.replace(/%/g, '%%')}`, '-o', `ControlPersist=${CONTROL_PERSIST_S}`];
}

/**
 * A private dir for the sockets: $XDG_RUNTIME_DIR/ccsync (tmpfs, the user's own), else
 * <state>/ssh. A read-only run makes none (issue #10: it writes nothing anywhere).
 */
async function socketDir(env: Env, stateDir: string, readOnly: boolean): Promise<string | undefined> {
  const runtime = env['XDG_RUNTIME_DIR'];
  const candidates = [...(runtime?.startsWith('/') ? [join(runtime, 'ccsync')] : []), join(stateDir, 'ssh')];
  for (const dir of candidates) {
    if (dir.length + 17 > MAX_SOCKET_PATH) continue;
    try {
      if (!readOnly) await mkdir(dir, { recursive: true, mode: 0o700 });
      const info = await lstat(dir);
      // Whoever can reach the socket can use the connection: the dir must be ours and closed.
      const ownUid = process.getuid?.();
      if (info.isDirectory() && (ownUid === undefined || info.uid === ownUid) && (info.mode & 0o077) === 0) return dir;
    } catch {
      // not usable: try the next, or connect without reuse
    }
  }
  return undefined;
}

/** `ssh -G`'s verdict: does the user's own config (or ssh command) set up multiplexing? */
async function userMultiplexes(program: string, args: readonly string[]): Promise<boolean> {
  const output = await new Promise<string | undefined>((resolve) => {
    let text = '';
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    const timer = setTimeout(() => child.kill('SIGTERM'), 5_000);
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    child.on('error', () => resolve(undefined));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? text : undefined);
    });
  });
  // Not OpenSSH, or it failed: leave its connections as they are.
  if (output === undefined || !/^controlmaster /m.test(output)) return true;
  const master = /^controlmaster (\S+)/m.exec(output)?.[1];
  const path = /^controlpath (\S+)/m.exec(output)?.[1];
  return master !== 'false' || (path !== undefined && path !== 'none');
}

export interface ReuseRequest {
  env: Env;
  stateDir: string;
  /** the remote's `ssh_reuse` setting */
  setting: boolean | undefined;
  endpoint: SshEndpoint;
  /** the ssh program and the user's options (CCSYNC_SSH_COMMAND / ssh_command), split */
  words: readonly string[];
  /** a dry run or status: use a master that is there, start none (a socket is a file written) */
  readOnly?: boolean;
}

/** The master socket this run should use, or undefined to connect without one. */
export async function controlSocket(request: ReuseRequest): Promise<ControlSocket | undefined> {
  const optOut = request.env['CCSYNC_SSH_REUSE'];
  if (request.setting === false || (optOut !== undefined && OPT_OUT.has(optOut.trim().toLowerCase()))) return undefined;
  const [program, ...options] = request.words;
  if (program === undefined || request.endpoint.host.startsWith('-')) return undefined;
  const readOnly = request.readOnly === true;
  const dir = await socketDir(request.env, request.stateDir, readOnly);
  if (dir === undefined) return undefined;
  const { endpoint } = request;
  const name = createHash('sha256').update(JSON.stringify([request.words, endpoint.user ?? '', endpoint.host, endpoint.port ?? 0])).digest('hex').slice(0, 16);
  const path = join(dir, name);
  // Our own master from an earlier run: the user's config was checked when it was made.
  const existed = await lstat(path).then((info) => info.isSocket(), () => false);
  if (existed) return { path, existed };
  if (readOnly) return undefined;
  const target = [...(endpoint.port !== undefined ? ['-p', String(endpoint.port)] : []), ...(endpoint.user !== undefined ? ['-l', endpoint.user] : []), '--', endpoint.host];
  if (await userMultiplexes(program, [...options, '-G', ...target])) return undefined;
  return { path, existed };
}

/** Stop the master on `path` (`ssh -O exit`), bounded in time; for a master that hangs. */
export async function stopMaster(words: readonly string[], path: string, host: string): Promise<void> {
  const [program, ...options] = words;
  if (program === undefined) return;
  await new Promise<void>((resolve) => {
    const child = spawn(program, [...options, '-o', `ControlPath=${path.replace(/%/g, '%%')}`, '-O', 'exit', '--', host], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.on('error', () => resolve());
    child.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
