// Which projects a command covers for one remote, or a one-line error saying which
// `map add` to run (issue #2: "an unmapped project (say which `map add` to run)").
import { realpath } from 'node:fs/promises';
import type { Scope as CliScope } from './context.js';
import type { ResolvedRemote } from '../config/resolve-remote.js';
import { ExitError } from '../errors.js';
import { scopeFor, type Scope } from '../planner/pair-dirs.js';
import { createPathMap, mapPath } from '../mapping/path-map.js';

async function realPathOrSelf(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return path;
  }
}

export async function remoteScope(remote: ResolvedRemote, scope: CliScope): Promise<Scope> {
  // Claude Code names a project by realpath(cwd) (shared notes, "The directory name").
  const root = scope.kind === 'all' ? undefined : await realPathOrSelf(scope.path);
  if (remote.pairs.length === 0) {
    throw new ExitError(`remote '${remote.name}' has no path mappings: run \`ccsync map add ${remote.name} ${root ?? '/LOCAL/PATH'} /REMOTE/PATH\``);
  }
  const result = scopeFor(remote.pairs, root);
  // The remote's side of a mapping (a dir: remote on this machine, a shared mount): the user
  // meant the local project it maps from (README, "Quick start", step 4).
  const local = root === undefined ? undefined : mapPath(createPathMap(remote.pairs), root, 'toLocal');
  if (result === undefined && local !== undefined) {
    throw new ExitError(`${root} is the remote side of a path mapping of '${remote.name}': run ccsync from the local project it maps from, \`cd ${local}\` (or name it after the remote: \`${remote.name} ${local}\`)`);
  }
  if (result === undefined) {
    throw new ExitError(`${root} is not under any path mapping of remote '${remote.name}': run \`ccsync map add ${remote.name} ${root} /REMOTE/PATH\` (or use --all)`);
  }
  return result;
}
