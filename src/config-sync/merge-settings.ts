// settings.json merged key by key, three-way against the last synced settings (issue #5).
// Pure: parsed objects in, each side's new object and the new ancestor out. Depth 2: the
// top-level keys (`model`, `cleanupPeriodDays`, …) and, inside an object on both sides, its
// keys (`permissions.allow`, `env.FOO`, `hooks.PreToolUse`). Deeper values (an array of hook
// matchers, a permission list) are compared whole: merging inside them could build a list
// neither side wrote.
import { isRecord } from '../claude-format/jsonl.js';

export type JsonObject = Record<string, unknown>;
export const SETTINGS_DEPTH = 2;

export interface MergeInput {
  /** the last synced object in local form; undefined before the first sync */
  base: JsonObject | undefined;
  local: JsonObject;
  /** as the remote has it (remote form) */
  remote: JsonObject;
  /** a remote value in local form and back (path map over string values) */
  toLocal: (value: unknown) => unknown;
  toRemote: (value: unknown) => unknown;
  /** which sides may be written (push: remote only; pull: local only) */
  write: { local: boolean; remote: boolean };
  depth?: number;
}

export interface MergeResult {
  local: JsonObject;
  remote: JsonObject;
  /** the new ancestor (local form): only what both sides now agree on moves forward */
  base: JsonObject;
  /** key paths changed differently on both sides (`model`, `permissions.allow`) */
  conflicts: string[];
  /** key paths copied to each side */
  toLocalKeys: string[];
  toRemoteKeys: string[];
}

/** JSON equality, key order ignored (Claude may write keys in another order). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, index) => jsonEqual(item, b[index]));
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]));
  }
  return false;
}

function own(object: JsonObject | undefined, key: string): unknown {
  return object !== undefined && Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Sets (or, for undefined, deletes) an own key; `__proto__` stays a plain key. */
function assign(object: JsonObject, key: string, value: unknown): void {
  if (value === undefined) delete object[key];
  else Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

interface Level {
  local: JsonObject;
  remote: JsonObject;
  base: JsonObject;
}

function mergeLevel(input: MergeInput, base: JsonObject | undefined, local: JsonObject, remote: JsonObject, depth: number, prefix: string, out: MergeResult): Level {
  const level: Level = { local: { ...local }, remote: { ...remote }, base: {} };
  const keys = [...new Set([...Object.keys(local), ...Object.keys(remote), ...Object.keys(base ?? {})])];
  for (const key of keys) {
    const path = `${prefix}${key}`;
    const l = own(local, key);
    const r = own(remote, key);
    const b = own(base, key);
    const rl = r === undefined ? undefined : input.toLocal(r);
    if (jsonEqual(l, rl)) {
      assign(level.base, key, l);
    } else if (depth > 1 && isRecord(l) && isRecord(r) && (b === undefined || isRecord(b))) {
      const inner = mergeLevel(input, isRecord(b) ? b : undefined, l, r, depth - 1, `${path}.`, out);
      assign(level.local, key, inner.local);
      assign(level.remote, key, inner.remote);
      assign(level.base, key, inner.base);
    } else if (jsonEqual(l, b)) {
      // only the remote changed (or added, or removed) this key
      if (input.write.local) {
        assign(level.local, key, rl);
        assign(level.base, key, rl);
        out.toLocalKeys.push(path);
      } else assign(level.base, key, b);
    } else if (jsonEqual(rl, b)) {
      if (input.write.remote) {
        assign(level.remote, key, l === undefined ? undefined : input.toRemote(l));
        assign(level.base, key, l);
        out.toRemoteKeys.push(path);
      } else assign(level.base, key, b);
    } else {
      // changed differently on both sides: each keeps its own, the ancestor stays
      out.conflicts.push(path);
      assign(level.base, key, b);
    }
  }
  return level;
}

export function mergeSettings(input: MergeInput): MergeResult {
  const out: MergeResult = { local: {}, remote: {}, base: {}, conflicts: [], toLocalKeys: [], toRemoteKeys: [] };
  const level = mergeLevel(input, input.base, input.local, input.remote, input.depth ?? SETTINGS_DEPTH, '', out);
  return { ...out, local: level.local, remote: level.remote, base: level.base };
}

/** Every string inside a JSON value through `map` (values only: keys are names, not paths). */
export function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (isRecord(value)) {
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) assign(out, key, mapStrings(item, map));
    return out;
  }
  return value;
}

/** The text Claude writes: 2-space JSON and a trailing newline. */
export function settingsText(value: JsonObject): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
