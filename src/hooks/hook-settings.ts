// Adding and removing ccsync's hooks in the text of Claude Code's settings.json, pure. The
// text is edited in place (jsonc-parser computes minimal edits, as VS Code does for its own
// settings): every byte outside the edited `hooks.<Event>` arrays stays as it was, so the
// user's keys, their order and formatting are kept. New text is indented as the file is
// (Claude writes 2 spaces).
import { applyEdits, modify, parse, type FormattingOptions, type JSONPath, type ParseError } from 'jsonc-parser';
import * as z from 'zod';
import { HOOK_EVENTS, isCcsyncHookCommand, type HookEvent, type HookGroup } from './hook-command.js';

export type SettingsEdit = { ok: true; text: string; changed: boolean } | { ok: false; error: string };

const objectSchema = z.record(z.string(), z.unknown());
const groupSchema = z.looseObject({ hooks: z.array(z.unknown()) });
const commandHookSchema = z.looseObject({ command: z.string() });

type Parsed = { ok: true; root: Record<string, unknown>; hooks: Record<string, unknown> | undefined } | { ok: false; error: string };

function parseSettings(text: string): Parsed {
  if (text.trim() === '') return { ok: true, root: {}, hooks: undefined };
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: false, disallowComments: false });
  if (errors.length > 0) return { ok: false, error: `it is not valid JSON (at byte ${errors[0]?.offset ?? 0})` };
  const root = objectSchema.safeParse(value);
  if (!root.success) return { ok: false, error: 'it is not a JSON object' };
  if (root.data['hooks'] === undefined) return { ok: true, root: root.data, hooks: undefined };
  const hooks = objectSchema.safeParse(root.data['hooks']);
  if (!hooks.success) return { ok: false, error: '"hooks" is not an object' };
  for (const event of Object.keys(HOOK_EVENTS)) {
    if (hooks.data[event] !== undefined && !Array.isArray(hooks.data[event])) return { ok: false, error: `"hooks.${event}" is not an array` };
  }
  return { ok: true, root: root.data, hooks: hooks.data };
}

/** Where ccsync's hooks sit in one event's array: group index → hook indices (ascending). */
function ccsyncHooksIn(groups: unknown): Map<number, { indices: number[]; total: number }> {
  const found = new Map<number, { indices: number[]; total: number }>();
  if (!Array.isArray(groups)) return found;
  groups.forEach((group: unknown, groupIndex) => {
    const parsed = groupSchema.safeParse(group);
    if (!parsed.success) return;
    const indices = parsed.data.hooks.flatMap((hook, index) => {
      const command = commandHookSchema.safeParse(hook);
      return command.success && isCcsyncHookCommand(command.data.command) ? [index] : [];
    });
    if (indices.length > 0) found.set(groupIndex, { indices, total: parsed.data.hooks.length });
  });
  return found;
}

function formatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /\n([ \t]+)\S/.exec(text)?.[1];
  if (indent?.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indent && indent.length <= 8 ? indent.length : 2, eol };
}

function edit(text: string, path: JSONPath, value: unknown, arrayInsertion = false): string {
  return applyEdits(text, modify(text, path, value, { formattingOptions: formatting(text), isArrayInsertion: arrayInsertion }));
}

/** Takes ccsync's hooks out of one event's array (emptied groups too); the array itself stays. */
function removeFromEvent(text: string, event: string, groups: unknown): string {
  const found = [...ccsyncHooksIn(groups)].sort((a, b) => b[0] - a[0]);
  let result = text;
  for (const [groupIndex, { indices, total }] of found) {
    if (indices.length === total) {
      result = edit(result, ['hooks', event, groupIndex], undefined);
      continue;
    }
    for (const index of [...indices].reverse()) result = edit(result, ['hooks', event, groupIndex, 'hooks', index], undefined);
  }
  return result;
}

function sameGroup(groups: unknown, wanted: HookGroup): boolean {
  const found = ccsyncHooksIn(groups);
  if (found.size !== 1 || !Array.isArray(groups)) return false;
  const [groupIndex] = [...found.keys()];
  return groupIndex !== undefined && JSON.stringify(groups[groupIndex]) === JSON.stringify(wanted);
}

/**
 * The settings text with exactly `wanted` as ccsync's hooks: an entry already there as wanted
 * is left alone (installing twice changes nothing); another ccsync entry (an older path, other
 * options, Stop no longer wanted) is replaced or removed. `text` undefined: no file yet.
 */
export function installHooks(text: string | undefined, wanted: Partial<Record<HookEvent, HookGroup>>): SettingsEdit {
  if (text === undefined || text.trim() === '') {
    const hooks = Object.fromEntries(Object.entries(wanted).map(([event, group]) => [event, [group]]));
    return { ok: true, text: `${JSON.stringify({ hooks }, null, 2)}\n`, changed: true };
  }
  const parsed = parseSettings(text);
  if (!parsed.ok) return parsed;
  let result = text;
  for (const event of Object.keys(HOOK_EVENTS) as HookEvent[]) {
    const groups = parsed.hooks?.[event];
    const group = wanted[event];
    if (group !== undefined && sameGroup(groups, group)) continue;
    const hadOurs = ccsyncHooksIn(groups).size > 0;
    result = removeFromEvent(result, event, groups);
    if (group === undefined) {
      if (hadOurs) result = dropIfEmpty(result, event);
      continue;
    }
    const hooks = currentHooks(result);
    if (hooks === undefined) result = edit(result, ['hooks'], { [event]: [group] });
    else if (hooks[event] === undefined) result = edit(result, ['hooks', event], [group]);
    else result = edit(result, ['hooks', event, -1], group, true);
  }
  return { ok: true, text: result, changed: result !== text };
}

function currentHooks(text: string): Record<string, unknown> | undefined {
  const parsed = parseSettings(text);
  return parsed.ok ? parsed.hooks : undefined;
}

/** An event array (and then `hooks`) that ccsync's removal left empty goes too. */
function dropIfEmpty(text: string, event: string): string {
  const hooks = currentHooks(text);
  const groups = hooks?.[event];
  if (!Array.isArray(groups) || groups.length > 0) return text;
  const withoutEvent = edit(text, ['hooks', event], undefined);
  const rest = currentHooks(withoutEvent);
  return rest !== undefined && Object.keys(rest).length === 0 ? edit(withoutEvent, ['hooks'], undefined) : withoutEvent;
}

/** The settings text without any of ccsync's hooks; the user's hooks and keys untouched. */
export function removeHooks(text: string): SettingsEdit {
  const parsed = parseSettings(text);
  if (!parsed.ok) return parsed;
  let result = text;
  for (const event of Object.keys(HOOK_EVENTS)) {
    const groups = parsed.hooks?.[event];
    if (ccsyncHooksIn(groups).size === 0) continue;
    result = dropIfEmpty(removeFromEvent(result, event, groups), event);
  }
  return { ok: true, text: result, changed: result !== text };
}

export type InstalledHooks = { ok: true; commands: Partial<Record<HookEvent, string[]>> } | { ok: false; error: string };

/** ccsync's hook commands found in the settings text, per event. */
export function installedHooks(text: string | undefined): InstalledHooks {
  if (text === undefined) return { ok: true, commands: {} };
  const parsed = parseSettings(text);
  if (!parsed.ok) return parsed;
  const commands: Partial<Record<HookEvent, string[]>> = {};
  for (const event of Object.keys(HOOK_EVENTS) as HookEvent[]) {
    const groups = parsed.hooks?.[event];
    if (!Array.isArray(groups)) continue;
    const list = [...ccsyncHooksIn(groups)].flatMap(([groupIndex, { indices }]) => {
      const group = groupSchema.safeParse(groups[groupIndex]);
      if (!group.success) return [];
      return indices.flatMap((index) => {
        const hook = commandHookSchema.safeParse(group.data.hooks[index]);
        return hook.success ? [hook.data.command] : [];
      });
    });
    if (list.length > 0) commands[event] = list;
  }
  return { ok: true, commands };
}
