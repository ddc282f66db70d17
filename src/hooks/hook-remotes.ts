// Which remotes a hook syncs for a session, decided by the session's project (its cwd): the
// remotes named at install, else every remote with a mapping that covers the cwd. Only a
// mapping that covers the cwd counts (a session started in the home dir does not pull every
// project mapped below it). Pure: config and the real path of the cwd in, scopes out.
import type { LoadedConfig } from '../config/config-file.js';
import type { Env } from '../config/paths.js';
import { remoteNames, resolveRemote, type ResolvedRemote } from '../config/resolve-remote.js';
import { createPathMap, mapPath } from '../mapping/path-map.js';
import type { Scope } from '../planner/pair-dirs.js';
import { describeError } from '../errors.js';

export interface HookTarget {
  remote: ResolvedRemote;
  scope: Scope;
}

export interface HookTargets {
  targets: HookTarget[];
  /** remotes that could not be used, and why (a `${VAR}` unset, an unknown name, no mapping) */
  problems: Array<{ remote: string; message: string }>;
}

export function hookTargets(config: LoadedConfig, env: Env, projectPath: string, named: readonly string[]): HookTargets {
  const targets: HookTarget[] = [];
  const problems: HookTargets['problems'] = [];
  const names = named.length > 0 ? named : remoteNames(config.file);
  for (const name of names) {
    let remote: ResolvedRemote;
    try {
      remote = resolveRemote(config, name, env);
    } catch (error) {
      problems.push({ remote: name, message: describeError(error) });
      continue;
    }
    const mapped = mapPath(createPathMap(remote.pairs), projectPath, 'toRemote');
    if (mapped !== undefined) {
      targets.push({ remote, scope: { localRoots: [projectPath], remoteRoots: [mapped] } });
    } else if (named.length > 0) {
      problems.push({ remote: name, message: `${projectPath} is not under any path mapping of remote '${name}': run \`ccsync map add ${name} ${projectPath} /REMOTE/PATH\`` });
    }
  }
  return { targets, problems };
}
