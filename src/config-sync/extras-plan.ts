// What a run does with the manifest's extras (issue #5), before any byte is read: the config
// files' three-way plan, and which of settings.json, .claude.json and history.jsonl must be
// read to merge (a side whose file hash still equals the last sync's needs no read). Pure.
import { CLAUDE_JSON } from '../agent/safe-path.js';
import { CREDENTIALS_FILE, HISTORY_FILE, SETTINGS_FILE } from '../agent/list-extras.js';
import type { ExtrasRequest, FileEntry, Manifest, ReadRequest } from '../wire/protocol.js';
import type { ConfigAncestor, Direction, Side } from '../planner/types.js';
import { planConfigFiles, type ConfigFilePlan } from './plan-config.js';

export interface ExtrasOptions {
  direction: Direction;
  delete: boolean;
  /** `--config` */
  config: boolean;
  /** `--include-credentials` */
  credentials: boolean;
  /** `--project-settings` */
  projectSettings: boolean;
  /** the run's scope roots: history entries and project settings of projects below them */
  scope: { localRoots: string[]; remoteRoots: string[] };
}

/** What the manifests are asked to list. History rides on every run whose scope has projects. */
export function extrasRequest(options: ExtrasOptions): ExtrasRequest {
  return {
    history: options.scope.localRoots.length > 0,
    config: options.config,
    credentials: options.config && options.credentials,
    claudeJson: options.projectSettings,
  };
}

/** One merged document (settings.json, .claude.json, history.jsonl) as both sides list it. */
export interface MergeTarget {
  path: string;
  local?: FileEntry;
  remote?: FileEntry;
  /** false: both sides' hashes equal the last sync's; nothing to read or write */
  changed: boolean;
}

export interface ExtrasPlan {
  options: ExtrasOptions;
  files: ConfigFilePlan[];
  settings?: MergeTarget;
  projectSettings?: MergeTarget;
  history?: MergeTarget;
  /** a side whose agent did not list extras (an older or fallback agent): told, skipped */
  warnings: string[];
}

const MERGED = new Set([SETTINGS_FILE, CLAUDE_JSON, HISTORY_FILE]);

function target(path: string, local: readonly FileEntry[], remote: readonly FileEntry[], recorded: { local: string; remote: string } | undefined): MergeTarget | undefined {
  const l = local.find((entry) => entry.path === path);
  const r = remote.find((entry) => entry.path === path);
  if (!l && !r) return undefined;
  const changed = recorded === undefined || l?.fp !== recorded.local || r?.fp !== recorded.remote;
  return { path, ...(l ? { local: l } : {}), ...(r ? { remote: r } : {}), changed };
}

/** The key under which a history merge is recorded: a run over other projects or in another direction merges afresh. */
export function historyKey(options: ExtrasOptions): string {
  return JSON.stringify([options.direction, [...options.scope.localRoots].sort()]);
}

export function planExtras(local: Manifest, remote: Manifest, ancestor: ConfigAncestor | undefined, options: ExtrasOptions, remoteLabel: string): ExtrasPlan {
  const request = extrasRequest(options);
  const warnings: string[] = [];
  const wanted = request.history || request.config || request.claudeJson;
  if (wanted && (local.extras === undefined || remote.extras === undefined)) {
    warnings.push(`${local.extras === undefined ? 'local' : remoteLabel}: its agent does not list config or history files; they were left out of this run`);
    return { options, files: [], warnings };
  }
  const l = local.extras ?? [];
  const r = remote.extras ?? [];
  const plan: ExtrasPlan = { options, files: [], warnings };
  if (request.config) {
    const isFile = (entry: FileEntry): boolean => !MERGED.has(entry.path) && (request.credentials || entry.path !== CREDENTIALS_FILE);
    const base = Object.fromEntries(Object.entries(ancestor?.files ?? {}).filter(([path]) => request.credentials || path !== CREDENTIALS_FILE));
    plan.files = planConfigFiles({ local: l.filter(isFile), remote: r.filter(isFile), ancestor: base, direction: options.direction, delete: options.delete });
    const settings = target(SETTINGS_FILE, l, r, ancestor?.settings);
    if (settings) plan.settings = settings;
  }
  if (request.claudeJson) {
    const claudeJson = target(CLAUDE_JSON, l, r, ancestor?.projectSettings);
    if (claudeJson) plan.projectSettings = claudeJson;
  }
  if (request.history) {
    const recorded = ancestor?.history?.key === historyKey(options) ? ancestor.history : undefined;
    const history = target(HISTORY_FILE, l, r, recorded);
    if (history) plan.history = history;
  }
  return plan;
}

/** Whole files: config files to copy, and both sides of each merged document that changed. */
export function extrasReads(plan: ExtrasPlan): Record<Side, ReadRequest[]> {
  const reads: Record<Side, ReadRequest[]> = { local: [], remote: [] };
  for (const file of plan.files) {
    if (file.action.kind === 'copy') reads[file.action.from].push({ path: file.path, offset: 0, length: file.action.length });
  }
  for (const merged of [plan.settings, plan.projectSettings, plan.history]) {
    if (!merged?.changed) continue;
    for (const side of ['local', 'remote'] as const) {
      const entry = merged[side];
      if (entry) reads[side].push({ path: entry.path, offset: 0, length: entry.completeLen ?? entry.size });
    }
  }
  return reads;
}
