// A remote as the engine and the transports use it: `${VAR}` replaced, destinations parsed,
// paths normalized. Done per remote when a command uses it, so a variable that is missing
// today (a pod's port) blocks only that remote and never `remote set`, which fixes it.
import { ExitError } from '../errors.js';
import { ConfigError, formatKeyPath } from './config-error.js';
import type { LoadedConfig } from './config-file.js';
import { checkDestination, normalizeAbsolutePath, parsePortNumber, type Destination } from './destination.js';
import { interpolate } from './interpolate.js';
import type { Env } from './paths.js';
import type { ConfigFile, PathPair, RemoteSettings } from './schema.js';
import { didYouMean } from './suggest.js';

export interface ResolvedRemote {
  name: string;
  /**
   * The `dest` endpoint: interactive use (a PTY, `launch`), and file movement too when no
   * `transfer` is set. The config's `port` applies to it (and overrides an ssh:// port).
   */
  dest: Destination;
  /** The endpoint for all file movement (issue #3; may be a pipe-only proxy): `transfer`, else `dest`. */
  transfer: Destination;
  /**
   * dir: remotes: the absolute Claude dir (default `<path>/.claude`; a relative `claude_dir`
   * is inside `<path>`). ssh remotes: as configured, or undefined for the remote's default.
   */
  claudeDir: string | undefined;
  /** replaces `ssh` and its options for this remote (CCSYNC_SSH_COMMAND is the caller's to weigh) */
  sshCommand: string | undefined;
  /** prefix pairs, absolute, without trailing slashes, in file order */
  pairs: PathPair[];
  /** the settings as written, for "how to fix it" messages (e.g. the variable named in `port`) */
  settings: RemoteSettings;
}

export function remoteNames(file: ConfigFile): string[] {
  return Object.keys(file.remotes ?? {});
}

/** The settings of a configured remote; an unknown name says how to add it. */
export function requireRemoteSettings(file: ConfigFile, name: string): RemoteSettings {
  const remotes = file.remotes ?? {};
  const settings = Object.hasOwn(remotes, name) ? remotes[name] : undefined;
  if (settings !== undefined) return settings;
  const names = remoteNames(file);
  const known = names.length === 0 ? 'no remotes are configured' : `configured: ${names.join(', ')}`;
  throw new ExitError(
    `no remote named ${JSON.stringify(name)}${didYouMean(name, names)}; ${known}; add one with \`ccsync remote add ${name} DEST\``,
  );
}

/** How to fix a value that will not resolve, by key. */
function fixHint(remote: string, key: string): string {
  const option = { dest: '--dest', transfer: '--transfer', port: '--port', claude_dir: '--claude-dir', ssh_command: '--ssh-command' }[key];
  return option === undefined ? `edit the config` : `run \`ccsync remote set ${remote} ${option} ...\``;
}

type Fail = (path: PropertyKey[], problem: string) => never;
type Value = (path: PropertyKey[], raw: string) => string;

function resolvers(config: LoadedConfig, name: string, env: Env): { fail: Fail; value: Value } {
  const fail: Fail = (path, problem) => {
    throw new ConfigError(config.path, formatKeyPath(['remotes', name, ...path]), problem);
  };
  const value: Value = (path, raw) => {
    const result = interpolate(raw, env);
    if (result.ok) return result.value;
    const key = String(path[0]);
    const hint = result.variable === undefined ? '' : ` (set it, or ${fixHint(name, key)})`;
    return fail(path, `${result.problem}${hint}`);
  };
  return { fail, value };
}

/**
 * Only a remote's path pairs: enough to tell whether it maps a directory, even while another
 * of its values (a pod's `${PORT}`) cannot be resolved today.
 */
export function resolveRemotePairs(config: LoadedConfig, name: string, env: Env): PathPair[] {
  const settings = requireRemoteSettings(config.file, name);
  const { fail, value } = resolvers(config, name, env);
  return resolvePairs(name, settings.map ?? [], value, fail);
}

export function resolveRemote(config: LoadedConfig, name: string, env: Env): ResolvedRemote {
  const settings = requireRemoteSettings(config.file, name);
  const { fail, value } = resolvers(config, name, env);
  const destination = (key: 'dest' | 'transfer', raw: string): Destination => {
    const text = value([key], raw);
    const check = checkDestination(text);
    return check.ok ? check.destination : fail([key], `invalid destination ${JSON.stringify(text)}: ${check.problem}`);
  };

  let dest = destination('dest', settings.dest);
  const transferSetting = settings.transfer === undefined ? undefined : destination('transfer', settings.transfer);
  if (settings.port !== undefined) {
    const text = typeof settings.port === 'number' ? String(settings.port) : value(['port'], settings.port).trim();
    const port = parsePortNumber(text);
    if (port === undefined) return fail(['port'], `expected a port number 1-65535, got ${JSON.stringify(text)} (${fixHint(name, 'port')})`);
    if (dest.kind !== 'ssh') return fail(['port'], 'a port applies only to an ssh destination, and dest is a dir: path');
    else dest = { ...dest, port };
  }

  const claudeDirSetting = settings.claude_dir === undefined ? undefined : value(['claude_dir'], settings.claude_dir);
  let claudeDir = claudeDirSetting;
  if (dest.kind === 'dir') {
    const inside = claudeDirSetting ?? '.claude';
    claudeDir = normalizeAbsolutePath(inside.startsWith('/') ? inside : `${dest.path}/${inside}`);
  }

  const pairs = resolvePairs(name, settings.map ?? [], value, fail);
  const sshCommand = settings.ssh_command === undefined ? undefined : value(['ssh_command'], settings.ssh_command);
  return { name, dest, transfer: transferSetting ?? dest, claudeDir, sshCommand, pairs, settings };
}

function resolvePairs(
  remote: string,
  pairs: readonly PathPair[],
  value: (path: PropertyKey[], raw: string) => string,
  fail: (path: PropertyKey[], problem: string) => never,
): PathPair[] {
  const resolved: PathPair[] = [];
  pairs.forEach((pair, index) => {
    const side = (key: 'local' | 'remote'): string => {
      const text = value(['map', index, key], pair[key]);
      if (!text.startsWith('/')) return fail(['map', index, key], `expected an absolute path, got ${JSON.stringify(text)}`);
      const path = normalizeAbsolutePath(text);
      if (path === '/') {
        const removal = `ccsync map remove ${remote} ${/^[A-Za-z0-9_@%+=:,./-]+$/.test(pair.local) ? pair.local : `'${pair.local.replace(/'/g, `'"'"'`)}'`}`;
        return fail(['map', index, key], `"/" is the root dir: no run can use it; remove the pair with \`${removal}\` and map a project dir instead`);
      }
      const earlier = resolved.findIndex((other) => other[key] === path);
      if (earlier >= 0) return fail(['map', index, key], `${JSON.stringify(path)} is already mapped by map[${earlier}]; remove one of them`);
      return path;
    };
    resolved.push({ local: side('local'), remote: side('remote') });
  });
  return resolved;
}
