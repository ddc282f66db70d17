// Which remotes `ccsync status` shows in full when none is named (issue #10): those that map
// this directory (with --all: those with any mapping; with --config: every remote, config
// needs no mapping). The others are one line each and not an error; a remote whose settings
// cannot be resolved although it maps here is a problem (exit 1).
import { promises as fsp } from 'node:fs'; // at use: see config-file.ts
import type { CommandContext, Scope } from './context.js';
import { resolveRemote, resolveRemotePairs, type ResolvedRemote } from '../config/resolve-remote.js';
import { describeError } from '../errors.js';
import { scopeFor } from '../planner/pair-dirs.js';

export interface StatusRemotes {
  remotes: ResolvedRemote[];
  /** remotes left out, with why (not mapped here, no mappings) */
  skipped: Array<{ remote: string; reason: string }>;
  /** remotes that should be shown but whose settings do not resolve */
  problems: Array<{ remote: string; error: string }>;
}

export async function statusRemotes(ctx: CommandContext, names: readonly string[], scope: Scope, config: boolean): Promise<StatusRemotes> {
  const out: StatusRemotes = { remotes: [], skipped: [], problems: [] };
  const root = scope.kind === 'all' ? undefined : await fsp.realpath(scope.path).catch(() => scope.path);
  for (const name of names) {
    try {
      const pairs = resolveRemotePairs(ctx.config, name, ctx.env);
      if (!config && pairs.length === 0) {
        out.skipped.push({ remote: name, reason: `no path mappings (\`ccsync map add ${name} LOCAL_PATH REMOTE_PATH\`)` });
        continue;
      }
      if (!config && root !== undefined && scopeFor(pairs, root) === undefined) {
        out.skipped.push({ remote: name, reason: `does not map this directory (\`ccsync status ${name} --all\` shows its projects)` });
        continue;
      }
      out.remotes.push(resolveRemote(ctx.config, name, ctx.env));
    } catch (error) {
      out.problems.push({ remote: name, error: describeError(error) });
    }
  }
  return out;
}
