// Values shared by the planner, the merge, the executor and the state store.
// The planner is pure: manifests + ancestor state in, a Plan out (ARCHITECTURE.md).
import type { FileEntry, Manifest, RelPath } from '../wire/protocol.js';

export type Side = 'local' | 'remote';
export type Direction = 'push' | 'pull' | 'sync';

export function otherSide(side: Side): Side {
  return side === 'local' ? 'remote' : 'local';
}

/**
 * A file's identity across machines. Files under `projects/<dir>/` drop the `projects/<dir>/`
 * part (session ids are unique, the dir name differs per machine): `<sid>.jsonl`,
 * `<sid>/subagents/agent-x.jsonl`. Files elsewhere keep their path: `file-history/<sid>/…`.
 */
export type LogicalKey = string;

/** One side of a file as it was when the last sync finished. */
export interface SideRecord {
  path: RelPath;
  size: number;
  mtimeMs: number;
  /** JSONL: complete-line length the two sides agreed on; blob: size */
  len: number;
  /** JSONL: fingerprint(len); blob: sha256 of the content */
  fp: string;
}

export interface AncestorEntry {
  local: SideRecord;
  remote: SideRecord;
  /**
   * Set when the two copies diverged in a way that is not an append (a side shrank or its
   * prefix changed): the incoming copy was kept as `forkId`; until either side changes
   * again, the planner reports the conflict instead of forking once more.
   */
  conflict?: { forkId: string; reason: string };
}

/** Per remote, under `$XDG_STATE_HOME/ccsync/` — never inside the Claude dir (issue #2). */
export interface AncestorState {
  version: 1;
  entries: Record<LogicalKey, AncestorEntry>;
  /** issue #5: config files, settings, project settings and history as of the last sync */
  config?: ConfigAncestor;
}

/** A merged JSON document's last synced state: each side's file hash and the agreed value (local form). */
export interface MergedAncestor {
  local: string;
  remote: string;
  value: Record<string, unknown>;
}

export interface ConfigAncestor {
  /** config file path → sha256 both sides held */
  files: Record<string, string>;
  settings?: MergedAncestor;
  /** `.claude.json` projects entries of mapped projects, keyed by local path */
  projectSettings?: MergedAncestor;
  /** history.jsonl fingerprints after the last merge of this scope and direction (`key`) */
  history?: { key: string; local: string; remote: string };
}

export interface PlanOptions {
  direction: Direction;
  /** propagate deletions (`--delete`) */
  delete: boolean;
  /** write even into sessions that are live on the target (`--force`) */
  force: boolean;
  /** ms since epoch, for the cleanupPeriodDays warning */
  now: number;
}

/** How a project dir on one side corresponds to one on the other. */
export interface DirPairing {
  localDir?: string;
  remoteDir?: string;
  localPath?: string;
  remotePath?: string;
}

export interface Endpoint {
  side: Side;
  path: RelPath;
}

export type Action =
  /** the file exists on one side only: send all its complete bytes */
  | { kind: 'copy'; key: LogicalKey; fileKind: FileEntry['kind']; from: Endpoint; to: Endpoint; length: number; mtimeMs: number }
  /** one side grew from the agreed prefix, the other did not change: send the tail */
  | { kind: 'append'; key: LogicalKey; from: Endpoint; to: Endpoint; offset: number; length: number; targetSize: number; mtimeMs: number }
  /**
   * Both sides have lines past a common prefix (`keep` bytes on each side; 0 when there is no
   * ancestor and the common prefix is found after reading): union by uuid. `writeSides` says
   * which sides may be written (one-way runs write only the target).
   */
  | {
      kind: 'merge';
      key: LogicalKey;
      local: { path: RelPath; keep: number; length: number; size: number };
      remote: { path: RelPath; keep: number; length: number; size: number };
      writeSides: Side[];
      /** record the result as the new ancestor (false for one-way runs: see ARCHITECTURE.md) */
      advanceAncestor: boolean;
      mtimeMs: number;
    }
  /**
   * The quick check failed (a side's last-synced prefix changed or shrank) or there is no
   * ancestor: both whole copies are read and compared by line (planner/reconcile.ts). Equal →
   * record; one holds every line of the other, or both only added lines → merge; a history
   * really rewritten (one uuid, two contents; or lines one side removed while adding others)
   * → `ifRewritten` (a fork, or a skip when it cannot fork). ARCHITECTURE.md, "Invariants".
   */
  | {
      kind: 'reconcile';
      key: LogicalKey;
      local: { path: RelPath; length: number; size: number };
      remote: { path: RelPath; length: number; size: number };
      writeSides: Side[];
      advanceAncestor: boolean;
      mtimeMs: number;
      /** a side whose last-synced prefix is intact: its first `len` bytes hold the lines both sides had then */
      agreed?: { side: Side; len: number };
      /** sides whose complete length is below the last-synced one: they lost lines */
      shrank: Side[];
      ifRewritten: Extract<Action, { kind: 'fork' | 'skip' }>;
      /** warnings to add when the contents turn out to be merged (a side that could not be written) */
      mergeWarnings: string[];
      /**
       * A conflict recorded by an earlier fork, one side touched since: only copies found equal
       * line for line clear it (recorded as in sync); anything else keeps `ifRewritten`, the
       * conflict skip (plan-conflict.ts).
       */
      recordedConflict?: { forkId: string };
    }
  /** not an append: the incoming copy becomes a new session `forkId` on the target */
  | {
      kind: 'fork';
      key: LogicalKey;
      from: Endpoint;
      /** the new session's file: `<forkId>.jsonl` beside the target's own copy */
      to: Endpoint;
      /** the target's own copy of the session, left as it was (the ancestor records it) */
      counterpart: Endpoint;
      length: number;
      sessionId: string;
      forkId: string;
      reason: string;
      mtimeMs: number;
    }
  /** blob changed on one side only: replace the other (old copy backed up) */
  | { kind: 'replace'; key: LogicalKey; from: Endpoint; to: Endpoint; length: number; targetSize: number; mtimeMs: number }
  /** `--delete`: the file went away on one side and did not change on the other */
  | { kind: 'delete'; key: LogicalKey; at: Endpoint; size: number }
  /** both copies are equal already (same blob hash): only the state is recorded */
  | { kind: 'record'; key: LogicalKey; local: RelPath; remote: RelPath }
  /** nothing is written for this file, and the user is told why */
  | { kind: 'skip'; key: LogicalKey; reason: SkipReason; message: string };

export type SkipReason =
  | 'live' // Claude is running this session on the target
  | 'partial-line' // the target ends in an incomplete line
  | 'deleted' // deleted on one side, `--delete` not given
  | 'conflict' // a recorded conflict neither side has touched since
  | 'blob-conflict' // a non-JSONL companion changed on both sides
  | 'ambiguous'; // the session id sits under two project dirs on one side

export interface Plan {
  direction: Direction;
  /** one action per logical key that needs anything (in-sync files are left out) */
  actions: Action[];
  /** stale `sessions-index.json` files to remove because a session is written beside them */
  removeIndexes: Endpoint[];
  /** one line each: unmapped dirs, cleanup-period risks, skipped live sessions … */
  warnings: string[];
  /** keys that are the same on both sides, for `status` */
  inSync: LogicalKey[];
}

export interface PlanInput {
  local: Manifest;
  remote: Manifest;
  ancestor: AncestorState;
  options: PlanOptions;
  /** encoded dir on the target for a source dir: computed by the caller from the path map */
  pairings: DirPairing[];
}

/** Bytes fetched by the read turn: `(side, path, offset)` of a read the plan asked for. */
export type FetchedBytes = (side: Side, path: string, offset: number) => Buffer;
