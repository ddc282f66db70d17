// `ccsync watch [REMOTE]... [--all]` (issue #12): in the foreground, one kept connection per
// remote, changes carried both ways (a sync after local writes go quiet, a poll of the
// remote's manifest every few seconds), reconnecting with backoff, until the signal says
// stop. Sessions Claude is writing follow a manual run's rules (a live target is skipped,
// partial lines wait). Events go to `onEvent`; the CLI words them.
import path from 'node:path';
import { realpath, stat } from 'node:fs/promises';
import type { CommandContext } from './context.js';
import { remoteNames, resolveRemote, type ResolvedRemote } from '../config/resolve-remote.js';
import { EXIT, ExitError } from '../errors.js';
import { encodeProjectDir } from '../claude-format/encode-project-dir.js';
import { createPathMap, mapPath } from '../mapping/path-map.js';
import { scopeFor, type Scope } from '../planner/pair-dirs.js';
import { resolveClaudeDir } from '../store/claude-dir.js';
import { newRunId } from '../agent/backups.js';
import { LockBusy, runSyncPass } from '../sync/sync-pass.js';
import { openRemoteTransport } from '../transport/open-transport.js';
import { watchLocalChanges } from '../watch/local-changes.js';
import { remoteManifestDigest } from '../watch/poll.js';
import { startRemoteLoop, type WatchEvent } from '../watch/remote-loop.js';
import { remoteScope } from './remote-scope.js';

export type WatchCommandEvent =
  | WatchEvent
  | { event: 'watching'; at: string; remotes: string[]; projects: string[]; dirsWatched: number }
  | { event: 'stopped'; at: string };

export interface WatchOptions {
  remotes: string[];
  all: boolean;
  /** seconds between polls of each remote (a remote change shows within about this plus a sync) */
  pollSeconds: number;
  onEvent: (event: WatchCommandEvent) => void;
  /** aborted on Ctrl-C / SIGTERM */
  signal: AbortSignal;
}

interface Target {
  remote: ResolvedRemote;
  scope: Scope;
}

async function targetsFor(ctx: CommandContext, options: WatchOptions): Promise<Target[]> {
  const cwd = await realpath(ctx.cwd).catch(() => ctx.cwd);
  if (options.remotes.length > 0) {
    return Promise.all(
      options.remotes.map(async (name) => {
        const remote = resolveRemote(ctx.config, name, ctx.env);
        return { remote, scope: await remoteScope(remote, options.all ? { kind: 'all' } : { kind: 'path', path: cwd, fromCwd: true }) };
      }),
    );
  }
  const targets: Target[] = [];
  for (const name of remoteNames(ctx.config.file)) {
    const remote = resolveRemote(ctx.config, name, ctx.env);
    if (remote.pairs.length === 0) continue;
    if (options.all) targets.push({ remote, scope: scopeFor(remote.pairs, undefined) ?? { localRoots: [], remoteRoots: [] } });
    else if (mapPath(createPathMap(remote.pairs), cwd, 'toRemote') !== undefined) targets.push({ remote, scope: scopeFor(remote.pairs, cwd) ?? { localRoots: [], remoteRoots: [] } });
  }
  if (targets.length === 0) {
    throw new ExitError(options.all ? 'no remote has path mappings: `ccsync map add REMOTE LOCAL_PATH REMOTE_PATH` first' : `no remote maps ${cwd}: name one (\`ccsync watch REMOTE\`), use --all, or \`ccsync map add REMOTE ${cwd} REMOTE_PATH\``);
  }
  return targets;
}

export async function watchCommand(ctx: CommandContext, options: WatchOptions): Promise<number> {
  const targets = await targetsFor(ctx, options);
  const claudeDir = resolveClaudeDir(ctx.env, ctx.home);
  if (!(await stat(claudeDir).then((info) => info.isDirectory(), () => false))) {
    throw new ExitError(`no Claude Code config dir at ${claudeDir}: run Claude Code once on this machine, or set CLAUDE_CONFIG_DIR`);
  }
  const at = (): string => new Date().toISOString();
  const pollMs = Math.max(1, options.pollSeconds) * 1000;
  const loops = targets.map((target) =>
    startRemoteLoop({
      remote: target.remote.name,
      connect: () => openRemoteTransport(ctx, target.remote, newRunId()),
      sync: (transport) => runSyncPass(ctx, { remote: target.remote, transport, scope: target.scope, direction: 'sync', lockWaitMs: 15_000 }),
      poll: (transport) => remoteManifestDigest(ctx.stateDir, target.remote.name, transport, target.scope),
      isTransient: (error) => error instanceof LockBusy,
      emit: options.onEvent,
      pollMs,
      pollTimeoutMs: Math.max(20_000, pollMs * 2),
      rescanMs: 60_000,
      backoff: { minMs: 1_000, maxMs: 60_000 },
    }),
  );
  const projects = [...new Set(targets.flatMap((target) => target.scope.localRoots))].sort();
  const local = watchLocalChanges({
    projectsDir: path.join(claudeDir, 'projects'),
    prefixes: options.all ? undefined : projects.map((project) => encodeProjectDir(project, process.platform)),
    quietMs: 1_000,
    maxDelayMs: 10_000,
    onChange: () => {
      for (const loop of loops) loop.localChange();
    },
  });
  // the periodic rescan also looks for project dirs that appeared without an event
  const refresh = setInterval(() => local.refresh(), 60_000);
  await new Promise((resolve) => setTimeout(resolve, 50)); // the first readdir of projects/
  options.onEvent({ event: 'watching', at: at(), remotes: targets.map((target) => target.remote.name), projects, dirsWatched: local.watched() });
  await new Promise<void>((resolve) => {
    if (options.signal.aborted) return resolve();
    options.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  clearInterval(refresh);
  local.close();
  for (const loop of loops) loop.stop();
  await Promise.all(loops.map((loop) => loop.done));
  options.onEvent({ event: 'stopped', at: at() });
  return EXIT.ok;
}
