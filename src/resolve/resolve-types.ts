// Values of `ccsync resolve` (issue #5): the facts of one conflicting session, the user's
// choice, and the writes that choice comes to. The decision between them is pure
// (decide-resolution.ts); the command (src/commands/resolve.ts) does the I/O.
import type { RelPath, WriteOp } from '../wire/protocol.js';
import type { LogicalKey, Side, SideRecord } from '../planner/types.js';

/** keep local / keep remote / keep both / merge (README, "resolve"). */
export type Choice = 'local' | 'remote' | 'both' | 'merge';
export const CHOICES: readonly Choice[] = ['local', 'remote', 'both', 'merge'];

/** One transcript on one side, read whole (its complete lines). */
export interface TranscriptCopy {
  /** `projects/<dir>/<id>.jsonl` on that side */
  path: RelPath;
  /** the file's size: more than `data.length` when a last line is still being written */
  size: number;
  mtimeMs: number;
  /** the complete lines */
  data: Buffer;
  /** Claude Code runs this session on that side right now */
  live: boolean;
  /** the transcript's dir holds a `sessions-index.json` (stale once a session there changes) */
  dirHasIndex: boolean;
}

/** A session id whose two copies hold different histories (ARCHITECTURE.md, "fork"). */
export interface ConflictFacts {
  sessionId: string;
  /** why the copies are different histories (the recorded fork's reason, or the planner's) */
  reason: string;
  /** a run forked it already (the ancestor holds `conflict`); false: the next run would fork */
  recorded: boolean;
  /** the fork copy's id, when one was recorded */
  forkId?: string;
  local: TranscriptCopy;
  remote: TranscriptCopy;
  /** the fork copy `<forkId>.jsonl` on each side where it exists */
  fork: Partial<Record<Side, TranscriptCopy>>;
  /**
   * The id "keep both" gives the remote's history: forkSessionId(S, fp of the remote copy),
   * the id a fork of that very copy gets, so a fork made from it is reused, not doubled.
   */
  keepBothId: string;
  /** `<keepBothId>.jsonl` on each side where it already exists */
  keepBoth: Partial<Record<Side, TranscriptCopy>>;
  /** the ancestor's keys of the fork copy and the keep-both copy have entries */
  ancestorKeys: { fork: boolean; keepBoth: boolean };
}

export interface PlannedOp {
  side: Side;
  op: WriteOp;
  /**
   * 1: new copies (keep both's second id); 2: replacements and removals, written only if every
   * phase-1 op of the same resolution succeeded, so a history is never replaced before its new
   * copy exists.
   */
  phase: 1 | 2;
  /** one line for the report */
  what: string;
}

/** Where a side's ancestor record comes from once the writes are done. */
export type RecordSource = { op: number } | { record: SideRecord };

export interface PlannedRecord {
  key: LogicalKey;
  local: RecordSource;
  remote: RecordSource;
}

export interface Resolution {
  sessionId: string;
  choice: Choice;
  /** why nothing can be written now (live session, a line still being written) */
  blocked?: string;
  ops: PlannedOp[];
  /** ancestor entries to set (the session's, without `conflict`) */
  records: PlannedRecord[];
  /** ancestor entries to drop once their ops (the fork copy's removals) succeeded */
  forget: Array<{ key: LogicalKey; ops: number[] }>;
  /** what happens to the fork copy and the like, one line each */
  notes: string[];
}
