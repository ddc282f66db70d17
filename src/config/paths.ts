// Where ccsync keeps its config and its state (issue #2, item 6 and item 4). Every function
// takes env and home as parameters: only the CLI entry point reads process.env or the OS home,
// so tests and the library never touch the real ones.
import { isAbsolute, join } from 'node:path';

export type Env = Readonly<Record<string, string | undefined>>;

/** An XDG variable counts only when it is an absolute path (the XDG spec ignores others). */
function xdgDir(env: Env, name: string): string | undefined {
  const value = env[name];
  return value !== undefined && value !== '' && isAbsolute(value) ? value : undefined;
}

/** $CCSYNC_CONFIG, else $XDG_CONFIG_HOME/ccsync/config.toml, else ~/.config/ccsync/config.toml. */
export function configPath(env: Env, home: string): string {
  const explicit = env['CCSYNC_CONFIG'];
  if (explicit !== undefined && explicit !== '') return explicit;
  return join(xdgDir(env, 'XDG_CONFIG_HOME') ?? join(home, '.config'), 'ccsync', 'config.toml');
}

/** $XDG_STATE_HOME/ccsync, else ~/.local/state/ccsync: never inside the Claude dir. */
export function stateDir(env: Env, home: string): string {
  return join(xdgDir(env, 'XDG_STATE_HOME') ?? join(home, '.local', 'state'), 'ccsync');
}

/** The last-synced state ("ancestor") of one remote. Names are [A-Za-z0-9_-]+, so safe here. */
export function ancestorPath(stateDirPath: string, remoteName: string): string {
  return join(stateDirPath, 'remotes', `${remoteName}.json`);
}

/** Copies of replaced or removed files, one subdir per run. */
export function backupsDir(stateDirPath: string): string {
  return join(stateDirPath, 'backups');
}

/**
 * The machine lock: held by the commands that rewrite this machine's store on their own (move,
 * import, verify --repair), which wait for every remote's run to end (src/sync/run-locks.ts).
 */
export function lockPath(stateDirPath: string): string {
  return join(stateDirPath, 'lock');
}

/** One run per remote at a time: push/pull/sync/resolve NAME hold this (src/sync/run-locks.ts). */
export function remoteLockPath(stateDirPath: string, remoteName: string): string {
  return join(stateDirPath, `lock-${remoteName}`);
}
