// The config edits behind `remote add/set/remove` and `map add/remove`, as pure functions
// from one ConfigFile to the next: the command plans the new file, then saves it once.
import { ExitError } from '../errors.js';
import { normalizeAbsolutePath } from './destination.js';
import { referencedVariables } from './interpolate.js';
import { requireRemoteSettings } from './resolve-remote.js';
import type { ConfigFile, PathPair, RemoteSettings } from './schema.js';

/** What `remote set` changes: a value replaces, `null` removes an optional key. */
export interface RemoteChanges {
  dest?: string;
  transfer?: string | null;
  port?: number | string | null;
  claude_dir?: string | null;
  ssh_command?: string | null;
}

function withRemote(file: ConfigFile, name: string, settings: RemoteSettings | undefined): ConfigFile {
  const remotes: Record<string, RemoteSettings> = {};
  let placed = false;
  for (const [other, existing] of Object.entries(file.remotes ?? {})) {
    if (other !== name) remotes[other] = existing;
    else if (settings !== undefined) {
      remotes[other] = settings;
      placed = true;
    }
  }
  if (!placed && settings !== undefined) remotes[name] = settings;
  return { ...file, remotes };
}

export function addRemote(file: ConfigFile, name: string, settings: RemoteSettings): ConfigFile {
  if (Object.hasOwn(file.remotes ?? {}, name)) {
    throw new ExitError(`remote ${JSON.stringify(name)} already exists; change it with \`ccsync remote set ${name} --dest ...\` or remove it with \`ccsync remote remove ${name}\``);
  }
  return withRemote(file, name, settings);
}

export function setRemote(file: ConfigFile, name: string, changes: RemoteChanges): ConfigFile {
  const next: RemoteSettings = { ...requireRemoteSettings(file, name) };
  if (changes.dest !== undefined) next.dest = changes.dest;
  if (changes.transfer === null) delete next.transfer;
  else if (changes.transfer !== undefined) next.transfer = changes.transfer;
  if (changes.port === null) delete next.port;
  else if (changes.port !== undefined) next.port = changes.port;
  if (changes.claude_dir === null) delete next.claude_dir;
  else if (changes.claude_dir !== undefined) next.claude_dir = changes.claude_dir;
  if (changes.ssh_command === null) delete next.ssh_command;
  else if (changes.ssh_command !== undefined) next.ssh_command = changes.ssh_command;
  return withRemote(file, name, next);
}

export function removeRemote(file: ConfigFile, name: string): ConfigFile {
  requireRemoteSettings(file, name);
  return withRemote(file, name, undefined);
}

/** Paths compare after normalizing a literal; a `${VAR}` path compares as written. */
function samePath(a: string, b: string): boolean {
  const normal = (path: string) => (referencedVariables(path).length > 0 || !path.startsWith('/') ? path : normalizeAbsolutePath(path));
  return normal(a) === normal(b);
}

export function addPair(file: ConfigFile, remote: string, pair: PathPair): ConfigFile {
  const settings = requireRemoteSettings(file, remote);
  const pairs = settings.map ?? [];
  const sameLocal = pairs.find((existing) => samePath(existing.local, pair.local));
  if (sameLocal !== undefined) {
    throw new ExitError(
      `${pair.local} is already mapped to ${sameLocal.remote} on ${remote}; remove it first with \`ccsync map remove ${remote} ${sameLocal.local}\``,
    );
  }
  // two local prefixes for one remote prefix would make the way back ambiguous
  const sameRemote = pairs.find((existing) => samePath(existing.remote, pair.remote));
  if (sameRemote !== undefined) {
    throw new ExitError(
      `${pair.remote} on ${remote} is already mapped from ${sameRemote.local}; remove it first with \`ccsync map remove ${remote} ${sameRemote.local}\``,
    );
  }
  return withRemote(file, remote, { ...settings, map: [...pairs, pair] });
}

export function removePair(file: ConfigFile, remote: string, localPath: string): ConfigFile {
  const settings = requireRemoteSettings(file, remote);
  const pairs = settings.map ?? [];
  const kept = pairs.filter((existing) => !samePath(existing.local, localPath));
  if (kept.length === pairs.length) {
    const known = pairs.length === 0 ? 'it has no mappings' : `its local paths: ${pairs.map((pair) => pair.local).join(', ')}`;
    throw new ExitError(`remote ${remote} has no mapping for ${localPath} (${known}); see \`ccsync map list ${remote}\``);
  }
  const next: RemoteSettings = { ...settings, map: kept };
  if (kept.length === 0) delete next.map;
  return withRemote(file, remote, next);
}
