// From the extras plan and the bytes it read to each side's writes, the report lines and — once
// the write results are in — the new config ancestor (issue #5). Pure. The ancestor moves only
// for what reached disk; a document left with a conflict, or merged by a one-way run, keeps no
// file hashes, so the next run reads it again instead of taking it as settled.
import type { PathMap } from '../mapping/path-map.js';
import type { WriteOp, WriteResult } from '../wire/protocol.js';
import type { ConfigAncestor, Side } from '../planner/types.js';
import { historyKey, type ExtrasPlan, type MergeTarget } from './extras-plan.js';
import { mergeHistory } from './merge-history.js';
import { mergeProjectSettings, mergeSettingsFiles, type DocumentMerge } from './merge-documents.js';

export interface ExtrasItem {
  area: 'config' | 'settings' | 'project-settings' | 'history';
  path: string;
  status: 'done' | 'conflict' | 'failed' | 'skipped' | 'in-sync';
  detail?: string;
  /** failed because its side stopped writing (full, read-only, no permission) */
  stopped?: true;
}

export interface ExtrasWrite {
  item: number;
  side: Side;
  op: WriteOp;
}

export interface BuiltExtras {
  items: ExtrasItem[];
  writes: ExtrasWrite[];
  /** the new config ancestor and the final items, given the results of `writes` (same order) */
  finish(results: ReadonlyArray<WriteResult | undefined>): { ancestor: ConfigAncestor; items: ExtrasItem[] };
}

export interface ExtrasContext {
  fetched: (side: Side, path: string) => Buffer | undefined;
  previous: ConfigAncestor | undefined;
  contentMap: PathMap;
  projectMap: PathMap;
  now: number;
  /** "local ~/.claude" / "remote 'pod' /root/.claude", for messages naming a file */
  where: (side: Side, path: string) => string;
}

const SIDES: readonly Side[] = ['local', 'remote'];

function writesSide(plan: ExtrasPlan, side: Side): boolean {
  const direction = plan.options.direction;
  return direction === 'sync' || (direction === 'push' ? side === 'remote' : side === 'local');
}

export function buildExtrasWrites(plan: ExtrasPlan, ctx: ExtrasContext): BuiltExtras {
  const items: ExtrasItem[] = [];
  const writes: ExtrasWrite[] = [];
  const ancestor: ConfigAncestor = { files: { ...(ctx.previous?.files ?? {}) } };
  const after: Array<(ok: (item: number) => boolean, fpAfter: (item: number, side: Side, target: MergeTarget) => string) => void> = [];
  const write = { local: writesSide(plan, 'local'), remote: writesSide(plan, 'remote') };
  const put = (item: number, side: Side, path: string, data: Buffer, target: MergeTarget | undefined, mtimeMs: number): void => {
    const entry = target?.[side];
    writes.push({ item, side, op: { kind: 'put', path, expect: entry ? { size: entry.size } : { absent: true }, data, mtimeMs, backup: true } });
  };

  for (const file of plan.files) {
    const item = items.push({ area: 'config', path: file.path, status: 'in-sync' }) - 1;
    const action = file.action;
    const current = items[item];
    if (!current) continue;
    if (action.kind === 'conflict') Object.assign(current, { status: 'conflict', detail: action.message });
    else if (action.kind === 'skip') Object.assign(current, { status: 'skipped', detail: action.message });
    else if (action.kind === 'record' || action.kind === 'copy') {
      if (action.kind === 'copy') {
        const to: Side = action.from === 'local' ? 'remote' : 'local';
        const data = ctx.fetched(action.from, file.path) ?? Buffer.alloc(0);
        Object.assign(current, { status: 'done', detail: `${action.from} → ${to}` });
        const expect = action.targetSize === undefined ? { absent: true as const } : { size: action.targetSize };
        writes.push({ item, side: to, op: { kind: 'put', path: file.path, expect, data, mtimeMs: action.mtimeMs, backup: true } });
      }
      after.push((ok) => {
        if (!ok(item)) return;
        if (file.hash === undefined) delete ancestor.files[file.path];
        else ancestor.files[file.path] = file.hash;
      });
    } else if (action.kind === 'remove') {
      Object.assign(current, { status: 'done', detail: `deleted on ${action.at}` });
      writes.push({ item, side: action.at, op: { kind: 'remove', path: file.path, expect: { size: action.size }, backup: true } });
      after.push((ok) => {
        if (ok(item)) delete ancestor.files[file.path];
      });
    }
  }

  const documents: Array<{ area: 'settings' | 'project-settings'; target: MergeTarget | undefined; merge: (input: Parameters<typeof mergeSettingsFiles>[0]) => DocumentMerge; key: 'settings' | 'projectSettings' }> = [
    { area: 'settings', target: plan.settings, merge: mergeSettingsFiles, key: 'settings' },
    {
      area: 'project-settings',
      target: plan.projectSettings,
      merge: (input) => mergeProjectSettings({ ...input, projectMap: ctx.projectMap, roots: { local: plan.options.scope.localRoots, remote: plan.options.scope.remoteRoots } }),
      key: 'projectSettings',
    },
  ];
  for (const doc of documents) {
    const previous = ctx.previous?.[doc.key];
    if (previous) ancestor[doc.key] = previous;
    const target = doc.target;
    if (!target?.changed) continue;
    const item = items.push({ area: doc.area, path: target.path, status: 'in-sync' }) - 1;
    const merged = doc.merge({
      ...(target.local ? { local: ctx.fetched('local', target.path) ?? Buffer.alloc(0) } : {}),
      ...(target.remote ? { remote: ctx.fetched('remote', target.path) ?? Buffer.alloc(0) } : {}),
      base: previous?.value,
      contentMap: ctx.contentMap,
      write,
      where: { local: ctx.where('local', target.path), remote: ctx.where('remote', target.path) },
    });
    const current = items[item];
    const moved = [...merged.merge.toLocalKeys.map((key) => `${key} → local`), ...merged.merge.toRemoteKeys.map((key) => `${key} → remote`)];
    if (current && merged.merge.conflicts.length > 0) {
      Object.assign(current, { status: 'conflict', detail: `changed on both sides: ${merged.merge.conflicts.join(', ')} (each side keeps its own)${moved.length ? `; merged ${moved.join(', ')}` : ''}` });
    } else if (current && moved.length > 0) Object.assign(current, { status: 'done', detail: moved.join(', ') });
    for (const side of SIDES) {
      const text = merged.text[side];
      if (text !== undefined) put(item, side, target.path, Buffer.from(text, 'utf8'), target, ctx.now);
    }
    const settled = merged.merge.conflicts.length === 0 && plan.options.direction === 'sync';
    after.push((ok, fpAfter) => {
      if (!ok(item)) return;
      ancestor[doc.key] = { local: settled ? fpAfter(item, 'local', target) : '', remote: settled ? fpAfter(item, 'remote', target) : '', value: merged.merge.base };
    });
  }

  if (ctx.previous?.history) ancestor.history = ctx.previous.history;
  const history = plan.history;
  if (history?.changed) {
    const item = items.push({ area: 'history', path: history.path, status: 'in-sync' }) - 1;
    const merged = mergeHistory({
      local: ctx.fetched('local', history.path) ?? Buffer.alloc(0),
      remote: ctx.fetched('remote', history.path) ?? Buffer.alloc(0),
      map: ctx.projectMap,
      scope: plan.options.scope,
      write,
    });
    const notes: string[] = [];
    let partial = false;
    for (const side of SIDES) {
      const change = merged[side];
      if (!change) continue;
      const entry = history[side];
      if (entry && entry.completeLen !== entry.size) {
        partial = true; // Claude is writing a line right now: the next run adds these
        notes.push(`${change.entries} entr${change.entries === 1 ? 'y' : 'ies'} for ${side} left for the next run (its last line is being written)`);
        continue;
      }
      notes.push(`${change.entries} entr${change.entries === 1 ? 'y' : 'ies'} → ${side}${change.kind === 'rewrite' ? ' (inserted by time; old file backed up)' : ''}`);
      if (change.kind === 'append' && entry) {
        writes.push({ item, side, op: { kind: 'append', path: history.path, expect: { size: entry.size }, data: change.data, mtimeMs: ctx.now } });
      } else put(item, side, history.path, change.data, history, ctx.now);
    }
    const current = items[item];
    if (current && notes.length > 0) Object.assign(current, { status: partial ? 'skipped' : 'done', detail: notes.join('; ') });
    after.push((ok, fpAfter) => {
      if (ok(item) && !partial) ancestor.history = { key: historyKey(plan.options), local: fpAfter(item, 'local', history), remote: fpAfter(item, 'remote', history) };
    });
  }

  return {
    items,
    writes,
    finish(results) {
      const failedItems = new Map<number, string>();
      // failed because the side stopped writing: the CLI says so once (sync/write-stops.ts)
      const stoppedItems = new Set<number>();
      const racedItems = new Set<number>();
      const written = new Map<string, string>();
      writes.forEach((entry, index) => {
        const result = results[index];
        if (result && !result.ok && result.stop) stoppedItems.add(entry.item);
        // a file another program changed under the write is left for the next run (issue #13, defect 7)
        if (result && !result.ok && result.code === 'changed' && !failedItems.has(entry.item)) racedItems.add(entry.item);
        else if (result?.ok !== true && !(result?.code === 'changed')) racedItems.delete(entry.item);
        if (!result || !result.ok) failedItems.set(entry.item, result && !result.ok ? result.message : 'no answer for this write');
        else if (result.fp !== undefined) written.set(`${entry.item}\u0000${entry.side}`, result.fp);
      });
      const ok = (item: number): boolean => !failedItems.has(item);
      const fpAfter = (item: number, side: Side, target: MergeTarget): string => written.get(`${item}\u0000${side}`) ?? target[side]?.fp ?? '';
      for (const step of after) step(ok, fpAfter);
      const finalItems = items.map((item, index) => {
        const message = failedItems.get(index);
        if (message === undefined) return item;
        if (racedItems.has(index)) return { ...item, status: 'skipped' as const, detail: `changed while ccsync wrote it; left for the next run (${message})` };
        return { ...item, status: 'failed' as const, detail: message, ...(stoppedItems.has(index) ? { stopped: true as const } : {}) };
      });
      return { ancestor, items: finalItems };
    },
  };
}
