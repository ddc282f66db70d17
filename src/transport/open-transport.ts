// Which Transport serves a side: the local Claude dir, a `dir:` remote, or (issue #3) SSH.
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommandContext } from '../cli/context.js';
import { backupsDir } from '../config/paths.js';
import type { ResolvedRemote } from '../config/resolve-remote.js';
import { ExitError } from '../errors.js';
import { resolveClaudeDir } from '../store/claude-dir.js';
import { LocalDirTransport } from './local-dir-transport.js';
import type { Transport } from './transport.js';

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** This machine's Claude dir; it must exist (Claude Code makes it on first start). */
export async function openLocalTransport(ctx: CommandContext, runId: string): Promise<LocalDirTransport> {
  const claudeDir = resolveClaudeDir(ctx.env, ctx.home);
  if (!(await isDirectory(claudeDir))) {
    throw new ExitError(`no Claude Code config dir at ${claudeDir}: run Claude Code once on this machine, or set CLAUDE_CONFIG_DIR`);
  }
  const root = { claudeDir, home: ctx.home, backupDir: join(backupsDir(ctx.stateDir), 'local'), runId, platform: process.platform };
  return new LocalDirTransport(root, 'local');
}

/**
 * A `dir:` remote stands for another machine whose home is the dir (its Claude dir defaults to
 * `<dir>/.claude`). The dir must exist; its Claude dir is created on first use.
 */
export async function openRemoteTransport(ctx: CommandContext, remote: ResolvedRemote, runId: string): Promise<Transport> {
  const dest = remote.transfer;
  if (dest.kind === 'ssh') {
    throw new ExitError(`remote '${remote.name}' is an SSH destination; the SSH transport is not built yet (issue #3) — use a dir: remote for now`);
  }
  if (!(await isDirectory(dest.path))) {
    throw new ExitError(`remote '${remote.name}': ${dest.path} does not exist or is not a directory — mount it, or fix it with \`ccsync remote set ${remote.name} --dest dir:/PATH\``);
  }
  const claudeDir = remote.claudeDir ?? join(dest.path, '.claude');
  await mkdir(claudeDir, { recursive: true, mode: 0o700 });
  const root = { claudeDir, home: dest.path, backupDir: join(backupsDir(ctx.stateDir), remote.name), runId, platform: process.platform };
  return new LocalDirTransport(root, `dir:${dest.path}`);
}
