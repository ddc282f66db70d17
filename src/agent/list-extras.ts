// The manifest's `extras` (issue #5): the files beside the sessions that config sync and the
// prompt-history merge need — named, sized and hashed in the same turn as the sessions, so
// they cost no extra round trip (issue #3: ≤ 3 turns for a sync with changes).
import type { ExtrasRequest, FileEntry } from '../wire/protocol.js';
import type { AgentRoot } from './agent-root.js';
import path from 'node:path';
import { describeFile, isGone, listArea } from './list-files.js';
import { CLAUDE_JSON, CONFIG_AREAS } from './safe-path.js';
import { resolveWirePath } from './wire-path.js';
import { errorReason } from '../errors.js';

export const HISTORY_FILE = 'history.jsonl';
export const SETTINGS_FILE = 'settings.json';
export const CREDENTIALS_FILE = '.credentials.json';
/** Top-level config files carried by `--config` (besides the CONFIG_AREAS dirs). */
export const CONFIG_TOP_FILES: readonly string[] = ['CLAUDE.md', SETTINGS_FILE];

/** A top-level file through the same gate as its reads and writes (a symlinked one is skipped, warned). */
async function describeTop(root: AgentRoot, rel: string, warnings: string[]): Promise<FileEntry | undefined> {
  let abs: string;
  try {
    abs = await resolveWirePath(root, rel, false);
  } catch (error) {
    if (!isGone(error)) warnings.push(`${rel}: ${errorReason(error)}; skipped`);
    return undefined;
  }
  const entry = await describeFile(path.dirname(abs), path.basename(abs), undefined, warnings);
  return entry && { ...entry, path: rel };
}

export async function listExtras(root: AgentRoot, request: ExtrasRequest, warnings: string[]): Promise<FileEntry[]> {
  const top: string[] = [];
  const trees: string[] = [];
  if (request.history) top.push(HISTORY_FILE);
  if (request.config) {
    top.push(...CONFIG_TOP_FILES);
    for (const area of CONFIG_AREAS) trees.push(...(await listArea(root.claudeDir, area, warnings)));
  }
  if (request.credentials) top.push(CREDENTIALS_FILE);
  if (request.claudeJson) top.push(CLAUDE_JSON);
  const entries: FileEntry[] = [];
  for (const rel of top) {
    const entry = await describeTop(root, rel, warnings);
    if (entry) entries.push(entry);
  }
  for (const rel of trees) {
    const entry = await describeFile(root.claudeDir, rel, undefined, warnings);
    if (entry) entries.push(entry);
  }
  return entries;
}
