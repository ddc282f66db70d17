// The two JSON documents merged key by key (issue #5): settings.json, and the mapped project
// entries of .claude.json. Pure: both sides' bytes in, each side's new text, the conflicts and
// the new ancestor value out. A file that is not JSON stops the run before any write.
import { ExitError } from '../errors.js';
import { rewriteString, type PathMap } from '../mapping/path-map.js';
import { isRecord } from '../claude-format/jsonl.js';
import type { Side } from '../planner/types.js';
import { jsonEqual, mapStrings, mergeSettings, settingsText, type JsonObject, type MergeResult } from './merge-settings.js';
import { applyProjects, keyMappers, mappedProjects, parseClaudeJson } from './project-settings.js';

export interface DocumentInput {
  local?: Buffer;
  remote?: Buffer;
  base: JsonObject | undefined;
  /** content map: the user's pairs plus each side's home and Claude dir */
  contentMap: PathMap;
  write: Record<Side, boolean>;
  /** "local ~/.claude/settings.json", for messages */
  where: Record<Side, string>;
}

export interface DocumentMerge {
  /** new text per side, only where it changed */
  text: Partial<Record<Side, string>>;
  merge: MergeResult;
}

function valueMappers(map: PathMap): { toLocal: (value: unknown) => unknown; toRemote: (value: unknown) => unknown } {
  return {
    toLocal: (value) => mapStrings(value, (text) => rewriteString(map, text, 'toLocal')),
    toRemote: (value) => mapStrings(value, (text) => rewriteString(map, text, 'toRemote')),
  };
}

function parseSettings(data: Buffer, where: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(data.toString('utf8'));
  } catch (error) {
    throw new ExitError(`${where} is not valid JSON (${error instanceof Error ? error.message : String(error)}): fix it, then run again; nothing was changed`);
  }
  if (!isRecord(value)) throw new ExitError(`${where} is not a JSON object: fix it, then run again; nothing was changed`);
  return value;
}

/**
 * settings.json: a side without the file counts as holding the last synced value (a missing
 * file is not a wish to drop every key), or nothing before the first sync.
 */
export function mergeSettingsFiles(input: DocumentInput): DocumentMerge {
  const mappers = valueMappers(input.contentMap);
  const local = input.local ? parseSettings(input.local, input.where.local) : (input.base ?? {});
  const remoteBase = input.base ? mappers.toRemote(input.base) : {};
  const remote = input.remote ? parseSettings(input.remote, input.where.remote) : isRecord(remoteBase) ? remoteBase : {};
  const merge = mergeSettings({ base: input.base, local, remote, ...mappers, write: input.write });
  const text: DocumentMerge['text'] = {};
  if (input.write.local && (!jsonEqual(merge.local, local) || (!input.local && Object.keys(merge.local).length > 0))) text.local = settingsText(merge.local);
  if (input.write.remote && (!jsonEqual(merge.remote, remote) || (!input.remote && Object.keys(merge.remote).length > 0))) text.remote = settingsText(merge.remote);
  return { text, merge };
}

/**
 * .claude.json: the carried fields of mapped projects inside the run's scope, keyed by local
 * path, merged per project and per field; each side's file keeps every other key. A side
 * without the file counts as holding the last synced value (a missing file is not a wish to
 * drop every project's settings) and gets a new file holding only the `projects` entries
 * carried — never anything else of the other side's file (it holds account data:
 * claude-code-format.md); Claude Code fills in the rest on its first start.
 */
export function mergeProjectSettings(input: DocumentInput & { projectMap: PathMap; roots: Record<Side, readonly string[]> }): DocumentMerge {
  const keys = keyMappers(input.projectMap);
  const mappers = valueMappers(input.contentMap);
  const localText = input.local?.toString('utf8');
  const remoteText = input.remote?.toString('utf8');
  const remoteBase = input.base ? mappers.toRemote(input.base) : {};
  const local = localText === undefined ? (input.base ?? {}) : mappedProjects(parseClaudeJson(localText, input.where.local), input.roots.local, (key) => (keys.toRemote(key) === undefined ? undefined : key));
  const remoteLocalKeys =
    remoteText === undefined ? (isRecord(remoteBase) ? remoteBase : {}) : mappedProjects(parseClaudeJson(remoteText, input.where.remote), input.roots.remote, keys.toLocal);
  const merge = mergeSettings({ base: input.base, local, remote: remoteLocalKeys, ...mappers, write: input.write });
  const text: DocumentMerge['text'] = {};
  const changedPicks = (next: JsonObject, before: JsonObject, toKey: (key: string) => string | undefined): Record<string, JsonObject> => {
    const out: Record<string, JsonObject> = {};
    for (const [key, value] of Object.entries(next)) {
      const sideKey = toKey(key);
      if (sideKey !== undefined && isRecord(value) && !jsonEqual(value, before[key])) out[sideKey] = value;
    }
    return out;
  };
  // A new file gets every carried entry, not only those that changed since the last sync.
  const localPicks = changedPicks(merge.local, localText === undefined ? {} : local, (key) => key);
  const remotePicks = changedPicks(merge.remote, remoteText === undefined ? {} : remoteLocalKeys, keys.toRemote);
  if (input.write.local && Object.keys(localPicks).length > 0) text.local = applyProjects(localText ?? NEW_CLAUDE_JSON, input.where.local, localPicks);
  if (input.write.remote && Object.keys(remotePicks).length > 0) text.remote = applyProjects(remoteText ?? NEW_CLAUDE_JSON, input.where.remote, remotePicks);
  return { text, merge };
}

/** What a side without `.claude.json` starts from: an empty object (2-space JSON, as Claude writes it). */
const NEW_CLAUDE_JSON = '{}\n';
