// `ccsync map add | list | remove`: the local ↔ remote path prefixes of a remote
// ([[remotes.NAME.map]] in the config). Longest prefix wins when syncing (src/mapping).
import { runMapAdd, runMapRemove } from '../../commands/map.js';
import { requireRemoteSettings } from '../../config/resolve-remote.js';
import type { PathPair } from '../../config/schema.js';
import { mapPathSetting } from '../../config/setting-values.js';
import type { CommandContext } from '../../commands/context.js';
import { formatColumns, shown, writeJson, writeLine } from '../output.js';
import { checkRemoteName } from './remote.js';

export interface MapAddArgs {
  remote: string;
  localPath: string;
  remotePath: string;
}

export interface MapListArgs {
  /** only this remote's mappings; all remotes when absent */
  remote?: string;
  json: boolean;
}

export interface MapRemoveArgs {
  remote: string;
  localPath: string;
}

export async function mapAdd(ctx: CommandContext, args: MapAddArgs): Promise<number> {
  const remote = checkRemoteName(args.remote);
  const pair: PathPair = {
    local: mapPathSetting('LOCAL_PATH', args.localPath, ctx.cwd),
    remote: mapPathSetting('REMOTE_PATH', args.remotePath, ctx.cwd),
  };
  const result = await runMapAdd(ctx, remote, pair);
  writeLine(ctx.stdout, `mapped ${shown(pair.local)} -> ${shown(pair.remote)} on ${remote}`);
  if (result.localMissing) {
    writeLine(ctx.stderr, `ccsync: note: ${shown(pair.local)} does not exist on this machine`);
  }
  return 0;
}

export async function mapList(ctx: CommandContext, args: MapListArgs): Promise<number> {
  const remotes = args.remote === undefined ? Object.keys(ctx.config.file.remotes ?? {}) : [checkRemoteName(args.remote)];
  const pairsByRemote: Record<string, PathPair[]> = {};
  for (const name of remotes) pairsByRemote[name] = requireRemoteSettings(ctx.config.file, name).map ?? [];
  if (args.json) {
    writeJson(ctx, { remotes: pairsByRemote });
    return 0;
  }
  const rows = Object.entries(pairsByRemote).flatMap(([name, pairs]) =>
    pairs.map((pair) => [name, shown(pair.local), '->', shown(pair.remote)]),
  );
  if (remotes.length === 0) {
    writeLine(ctx.stderr, `no remotes in ${ctx.config.path}; add one with \`ccsync remote add NAME DEST\``);
    return 0;
  }
  if (rows.length === 0) {
    const which = args.remote === undefined ? 'no remote has' : `${args.remote} has no`;
    const target = args.remote ?? 'REMOTE';
    writeLine(ctx.stderr, `${which} path mappings; add one with \`ccsync map add ${target} LOCAL_PATH REMOTE_PATH\``);
    return 0;
  }
  for (const line of formatColumns(rows)) writeLine(ctx.stdout, line);
  return 0;
}

export async function mapRemove(ctx: CommandContext, args: MapRemoveArgs): Promise<number> {
  const remote = checkRemoteName(args.remote);
  const local = mapPathSetting('LOCAL_PATH', args.localPath, ctx.cwd);
  await runMapRemove(ctx, remote, local);
  writeLine(ctx.stdout, `removed mapping of ${shown(local)} on ${remote}`);
  return 0;
}
