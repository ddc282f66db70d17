// Where a side's global config lives (claude-code-format.md, "Where things live"): not inside
// the Claude dir unless CLAUDE_CONFIG_DIR is set. Shared by `ccsync move` and the agent, which
// resolves the wire name `.claude.json` to it (safe-path.ts, WIRE_FILES).
import { stat } from 'node:fs/promises';
import path from 'node:path';

/** `<claudeDir>/.config.json` (legacy) if present, else `$CLAUDE_CONFIG_DIR/.claude.json`, else `~/.claude.json` (Claude Code 2.1.197). */
export async function claudeJsonPath(claudeDir: string, env: Record<string, string | undefined>, home: string): Promise<string> {
  const legacy = path.join(claudeDir, '.config.json');
  if (await stat(legacy).then((info) => info.isFile(), () => false)) return legacy;
  return path.join(env['CLAUDE_CONFIG_DIR'] ? claudeDir : home, '.claude.json');
}

/** For a side whose root did not say: `~/.claude.json` beside a `~/.claude`, else inside the dir. */
export function defaultClaudeJsonPath(claudeDir: string, home: string): string {
  return path.resolve(claudeDir) === path.resolve(home, '.claude') ? path.join(home, '.claude.json') : path.join(claudeDir, '.claude.json');
}
