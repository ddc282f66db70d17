// `ccsync status REMOTE --config` (issue #5): per config file, where the two sides stand
// against the last sync — the same planner push/pull/sync use — and, for settings.json, which
// keys are in conflict (one read turn, only when it changed). .credentials.json is never
// listed (a secret), nor read.
import { SETTINGS_FILE } from '../agent/list-extras.js';
import { createPathMap, type PathPair } from '../mapping/path-map.js';
import type { Manifest } from '../wire/protocol.js';
import type { Transport } from '../transport/transport.js';
import { contentPairs } from '../planner/pair-dirs.js';
import type { ConfigAncestor } from '../planner/types.js';
import { planExtras, type ExtrasOptions } from './extras-plan.js';
import { mergeSettingsFiles } from './merge-documents.js';

export interface ConfigFileStatusRow {
  path: string;
  status: 'in sync' | 'local ahead' | 'remote ahead' | 'both ahead' | 'conflict' | 'deleted locally' | 'deleted on remote';
  /** settings.json: key paths changed differently on both sides */
  conflictKeys?: string[];
}

const FILE_STATUS = {
  'in-sync': 'in sync',
  'local-ahead': 'local ahead',
  'remote-ahead': 'remote ahead',
  conflict: 'conflict',
  'deleted-local': 'deleted locally',
  'deleted-remote': 'deleted on remote',
} as const;

export function statusExtrasOptions(scope: ExtrasOptions['scope']): ExtrasOptions {
  return { direction: 'sync', delete: false, config: true, credentials: false, projectSettings: false, scope };
}

export async function configStatus(
  manifests: { local: Manifest; remote: Manifest },
  transports: { local: Transport; remote: Transport },
  ancestor: ConfigAncestor | undefined,
  userPairs: readonly PathPair[],
  options: ExtrasOptions,
): Promise<{ rows: ConfigFileStatusRow[]; warnings: string[] }> {
  const plan = planExtras(manifests.local, manifests.remote, ancestor, options, transports.remote.label);
  const rows: ConfigFileStatusRow[] = plan.files.filter((file) => file.status !== 'in-sync' || file.action.kind !== 'record' || file.hash !== undefined).map((file) => ({ path: file.path, status: FILE_STATUS[file.status] }));
  const settings = plan.settings;
  if (settings && !settings.changed) rows.push({ path: SETTINGS_FILE, status: 'in sync' });
  if (settings?.changed) {
    const request = (side: 'local' | 'remote') => {
      const entry = settings[side];
      return entry ? [{ path: entry.path, offset: 0, length: entry.size }] : [];
    };
    const [localBytes, remoteBytes] = await Promise.all([transports.local.read(request('local')), transports.remote.read(request('remote'))]);
    const merged = mergeSettingsFiles({
      ...(localBytes[0] ? { local: localBytes[0].data } : {}),
      ...(remoteBytes[0] ? { remote: remoteBytes[0].data } : {}),
      base: ancestor?.settings?.value,
      contentMap: createPathMap(contentPairs(userPairs, manifests.local, manifests.remote, [])),
      write: { local: true, remote: true },
      where: { local: `local ${SETTINGS_FILE}`, remote: `${transports.remote.label} ${SETTINGS_FILE}` },
    }).merge;
    const toLocal = merged.toLocalKeys.length > 0;
    const toRemote = merged.toRemoteKeys.length > 0;
    const status = merged.conflicts.length > 0 ? 'conflict' : toLocal && toRemote ? 'both ahead' : toLocal ? 'remote ahead' : toRemote ? 'local ahead' : 'in sync';
    rows.push({ path: SETTINGS_FILE, status, ...(merged.conflicts.length > 0 ? { conflictKeys: merged.conflicts } : {}) });
  }
  return { rows: rows.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), warnings: plan.warnings };
}
