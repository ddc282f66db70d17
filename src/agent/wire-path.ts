// From a path on the wire to a file on this side. Session and config paths live in the Claude
// dir (resolveInside: no symlink below the top level, the leaf a regular file). The name
// `.claude.json` stands for the side's global config, which lives outside it (issue #5: only
// its mapped `projects` entries are carried; the engine never sends the file whole).
import { lstat, realpath } from 'node:fs/promises';
import type { AgentRoot } from './agent-root.js';
import { defaultClaudeJsonPath } from './claude-json-path.js';
import { isGone } from './list-files.js';
import { CLAUDE_JSON, resolveInside, safeWirePath, UnsafePathError, WIRE_AREAS, WIRE_FILES } from './safe-path.js';

export function claudeJsonOf(root: AgentRoot): string {
  return root.claudeJson ?? defaultClaudeJsonPath(root.claudeDir, root.home);
}

/**
 * The global config's real path: a symlinked `~/.claude.json` is followed (as `ccsync move`
 * does: the user chose its target), and what it names must be a regular file or missing.
 */
async function resolveClaudeJson(root: AgentRoot, forWrite: boolean): Promise<string> {
  const shown = claudeJsonOf(root);
  let real: string;
  try {
    real = await realpath(shown);
  } catch (error) {
    if (isGone(error) && forWrite) return shown;
    throw error;
  }
  const info = await lstat(real);
  if (!info.isFile()) throw new UnsafePathError(`refusing ${CLAUDE_JSON}: ${shown} is not a regular file`);
  return real;
}

/** The absolute path of a wire path on this side; throws UnsafePathError for anything else. */
export async function resolveWirePath(root: AgentRoot, rel: string, forWrite: boolean): Promise<string> {
  if (safeWirePath(rel) === CLAUDE_JSON) return resolveClaudeJson(root, forWrite);
  return resolveInside(root.claudeDir, rel, { forWrite, areas: WIRE_AREAS, files: WIRE_FILES.filter((name) => name !== CLAUDE_JSON) });
}
