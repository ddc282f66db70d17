// Where each side of a file stands against the last sync, and what that makes the pair: the
// table of ARCHITECTURE.md ("Per stream, against the ancestor"). Shared by the planner and
// `status`, so the two never disagree.
import type { FileEntry, Manifest } from '../wire/protocol.js';
import { logicalKey } from './plan-keys.js';
import type { AncestorEntry, AncestorState, LogicalKey, SideRecord } from './types.js';

export type SideState = 'unchanged' | 'grew' | 'changed' | 'absent';

export type KeyStatus =
  | 'in-sync'
  | 'local-ahead'
  | 'remote-ahead'
  | 'diverged'
  | 'conflict'
  | 'local-only'
  | 'remote-only'
  | 'deleted-local'
  | 'deleted-remote';

/** A side's complete-line length and fingerprint, filling in the ancestor's when unchanged. */
export interface SideFacts {
  entry: FileEntry;
  /** JSONL: complete-line bytes; blob: size */
  len: number;
  fp: string | undefined;
}

export function sideFacts(entry: FileEntry, record: SideRecord | undefined): SideFacts {
  const fromRecord = entry.unchanged === true && record !== undefined;
  const fp = entry.fp ?? (fromRecord ? record.fp : undefined);
  if (entry.kind === 'blob') return { entry, len: entry.size, fp };
  return { entry, len: entry.completeLen ?? (fromRecord ? record.len : 0), fp };
}

/** A JSONL entry must say how long its complete lines are (or be unchanged since a record). */
export function hasKnownLength(entry: FileEntry, record: SideRecord | undefined): boolean {
  return entry.kind === 'blob' || entry.completeLen !== undefined || (entry.unchanged === true && record !== undefined);
}

/** One side against the ancestor's record of it. */
export function sideState(facts: SideFacts | undefined, record: SideRecord | undefined): SideState {
  if (facts === undefined) return 'absent';
  if (record === undefined) return 'changed';
  const { entry } = facts;
  if (entry.unchanged === true) return 'unchanged';
  if (entry.kind === 'blob') return facts.fp === record.fp ? 'unchanged' : 'changed';
  const prefixOk = entry.probeFp === record.fp;
  if (facts.len === record.len && (prefixOk || facts.fp === record.fp)) return 'unchanged';
  if (prefixOk && facts.len > record.len) return 'grew';
  return 'changed';
}

/** Everything the planner decides from, for one logical key. */
export interface Assessment {
  status: KeyStatus;
  local: SideState;
  remote: SideState;
  /** a fork recorded earlier that neither side has touched since */
  recordedConflict: boolean;
  /** blobs already equal on both sides although the ancestor does not say so */
  sameBlob: boolean;
  /**
   * Streams the quick check cannot place (no ancestor, or a side's last-synced prefix changed):
   * both are read whole and compared by line before anything is decided (planner/reconcile.ts).
   */
  reconcile: boolean;
}

function present(state: SideState): boolean {
  return state !== 'absent';
}

/** A side that moved on after the other deleted the file wins over the deletion. */
function survivesDeletion(state: SideState, kind: FileEntry['kind']): boolean {
  return state === 'grew' || (kind === 'blob' && state === 'changed');
}

export function assess(
  kind: FileEntry['kind'],
  local: SideFacts | undefined,
  remote: SideFacts | undefined,
  ancestor: AncestorEntry | undefined,
): Assessment | undefined {
  const l = sideState(local, ancestor?.local);
  const r = sideState(remote, ancestor?.remote);
  const result = (status: KeyStatus, extra: Partial<Assessment> = {}): Assessment => ({
    status,
    local: l,
    remote: r,
    recordedConflict: false,
    sameBlob: false,
    reconcile: false,
    ...extra,
  });
  if (!present(l) && !present(r)) return undefined; // forget
  if (ancestor === undefined || !present(l) || !present(r)) {
    // After a fork the two sides' copies of the id hold different histories: deleting one of
    // them is how the user keeps the other, so the survivor is copied over, not deleted.
    if (!present(r)) {
      if (ancestor === undefined || ancestor.conflict || survivesDeletion(l, kind)) return result('local-only');
      return result('deleted-remote');
    }
    if (!present(l)) {
      if (ancestor === undefined || ancestor.conflict || survivesDeletion(r, kind)) return result('remote-only');
      return result('deleted-local');
    }
    // Both exist, no ancestor: blobs compare by hash; streams are merged from 0.
    if (kind === 'blob') {
      const same = local?.fp !== undefined && local.fp === remote?.fp;
      return same ? result('in-sync', { sameBlob: true }) : result('conflict');
    }
    return result('diverged', { reconcile: true });
  }
  // A recorded conflict pairs two different histories under one id: a line appended to either
  // continues only that history, so it is never carried into the other (its parentUuid chain
  // would break there). The conflict stays until one copy is deleted (see above).
  if (ancestor.conflict) return result('conflict', { recordedConflict: true });
  if (l === 'unchanged' && r === 'unchanged') return result('in-sync');
  if (kind === 'blob') {
    if (r === 'unchanged') return result('local-ahead');
    if (l === 'unchanged') return result('remote-ahead');
    const same = local?.fp !== undefined && local.fp === remote?.fp;
    return same ? result('in-sync', { sameBlob: true }) : result('conflict');
  }
  // A changed prefix is not yet a rewrite: another pair's merge reorders lines too (issue #13).
  if (l === 'changed' || r === 'changed') return result('diverged', { reconcile: true });
  if (l === 'grew' && r === 'grew') return result('diverged');
  return l === 'grew' ? result('local-ahead') : result('remote-ahead');
}

/**
 * The status of one file pair, for `status`: undefined when it is gone from both sides.
 * `local`/`remote` are the manifest entries of the key's file on each side, if any.
 */
export function classify(
  local: FileEntry | undefined,
  remote: FileEntry | undefined,
  ancestor: AncestorEntry | undefined,
): KeyStatus | undefined {
  const kind = local?.kind ?? remote?.kind ?? 'blob';
  const localFacts = local ? sideFacts(local, ancestor?.local) : undefined;
  const remoteFacts = remote ? sideFacts(remote, ancestor?.remote) : undefined;
  return assess(kind, localFacts, remoteFacts, ancestor)?.status;
}

/** Every key listed by either side, with its status, sorted by key. */
export function classifyAll(local: Manifest, remote: Manifest, ancestor: AncestorState): Array<{ key: LogicalKey; status: KeyStatus }> {
  const byKey = (manifest: Manifest): Map<LogicalKey, FileEntry> => {
    const map = new Map<LogicalKey, FileEntry>();
    for (const entry of manifest.files) map.set(logicalKey(entry.path), entry);
    return map;
  };
  const localByKey = byKey(local);
  const remoteByKey = byKey(remote);
  const keys = [...new Set([...localByKey.keys(), ...remoteByKey.keys()])].sort();
  const out: Array<{ key: LogicalKey; status: KeyStatus }> = [];
  for (const key of keys) {
    const status = classify(localByKey.get(key), remoteByKey.get(key), ancestor.entries[key]);
    if (status !== undefined) out.push({ key, status });
  }
  return out;
}
