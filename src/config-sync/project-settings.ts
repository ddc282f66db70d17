// `--project-settings` (issue #5): the `projects` entries of `.claude.json` for mapped projects,
// never the file whole (it holds account data: claude-code-format.md). Only the fields that
// are settings travel; statistics and `lastSessionId` describe one machine's runs and stay.
// Pure: both files' text in, the merged picks and each side's new text out.
import { ExitError } from '../errors.js';
import { isUnder, mapPath, type PathMap } from '../mapping/path-map.js';
import { isRecord } from '../claude-format/jsonl.js';
import { indentOf } from '../store/rehome-entries.js';
import type { JsonObject } from './merge-settings.js';

/** Per-project fields carried: permissions, MCP servers and trust (issue #5). */
export const PROJECT_FIELDS: readonly string[] = [
  'allowedTools',
  'mcpServers',
  'enabledMcpjsonServers',
  'disabledMcpjsonServers',
  'mcpContextUris',
  'hasTrustDialogAccepted',
  'ignorePatterns',
  'hasClaudeMdExternalIncludesApproved',
  'hasClaudeMdExternalIncludesWarningShown',
];

/** Parses a side's `.claude.json`; a file that is not a JSON object is an error that names it. */
export function parseClaudeJson(text: string, where: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ExitError(`${where} is not valid JSON (${error instanceof Error ? error.message : String(error)}): fix it, then run again; nothing was changed`);
  }
  if (!isRecord(value) || (value['projects'] !== undefined && !isRecord(value['projects']))) {
    throw new ExitError(`${where}: expected a JSON object whose "projects" is an object; nothing was changed`);
  }
  return value;
}

function pick(entry: unknown): JsonObject {
  const out: JsonObject = {};
  if (!isRecord(entry)) return out;
  for (const field of PROJECT_FIELDS) if (Object.hasOwn(entry, field)) out[field] = entry[field];
  return out;
}

/**
 * The carried fields of each mapped project inside `roots`, keyed by its path in local form
 * (`toLocal` maps a remote key; identity for the local side).
 */
export function mappedProjects(config: JsonObject, roots: readonly string[], toLocalKey: (key: string) => string | undefined): JsonObject {
  const projects = config['projects'];
  const out: JsonObject = {};
  if (!isRecord(projects)) return out;
  for (const [key, entry] of Object.entries(projects)) {
    if (!roots.some((root) => isUnder(key, root))) continue;
    const localKey = toLocalKey(key);
    if (localKey === undefined) continue;
    const picked = pick(entry);
    if (Object.keys(picked).length > 0) Object.defineProperty(out, localKey, { value: picked, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export function keyMappers(map: PathMap): { toLocal: (key: string) => string | undefined; toRemote: (key: string) => string | undefined } {
  return { toLocal: (key) => mapPath(map, key, 'toLocal'), toRemote: (key) => mapPath(map, key, 'toRemote') };
}

/**
 * `text` with the carried fields of the given projects replaced (keys in this side's form);
 * every other key of the file and of each entry is left as it is.
 */
export function applyProjects(text: string, where: string, picks: Record<string, JsonObject>): string {
  const config = parseClaudeJson(text, where);
  const projects: JsonObject = isRecord(config['projects']) ? { ...config['projects'] } : {};
  for (const [key, fields] of Object.entries(picks)) {
    const entry: JsonObject = isRecord(projects[key]) ? { ...projects[key] } : {};
    for (const field of PROJECT_FIELDS) {
      if (Object.hasOwn(fields, field)) entry[field] = fields[field];
      else delete entry[field];
    }
    Object.defineProperty(projects, key, { value: entry, enumerable: true, writable: true, configurable: true });
  }
  const next = { ...config, projects };
  return `${JSON.stringify(next, null, indentOf(text))}${text.endsWith('\n') ? '\n' : ''}`;
}
