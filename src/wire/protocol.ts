// The requests the sync engine makes of one side (a Claude config dir) and the answers it
// gets. One value type for every transport: the local-directory transport answers them in
// process, the SSH transport frames them to the remote agent. Answers that come from
// another machine are parsed with these schemas before use (issue #3: trust nothing from
// the wire).
import * as z from 'zod';

export const PROTOCOL_VERSION = 1;

/** Paths on the wire are relative to the side's Claude dir, POSIX, checked by `safeRelPath`. */
export type RelPath = string;

/** What the engine already knows about a file from the last sync (the ancestor). */
export interface Probe {
  path: RelPath;
  /** size and mtime at the last sync: when both still match, the side answers "unchanged". */
  size: number;
  mtimeMs: number;
  /** JSONL: fingerprint the prefix of this many bytes. Blobs: omitted (full hash). */
  prefixLen?: number;
}

export interface ManifestRequest {
  /**
   * Absolute paths on the answering side. A project dir is "in scope" when the `cwd` of its
   * lines is one of these or below one; its files are listed in full.
   */
  scopeRoots: string[];
  /** Restrict full listings to these session ids (`--session`). */
  sessionIds?: string[];
  probes: Probe[];
  /** issue #5: also list the files beside the sessions (manifest `extras`) */
  extras?: ExtrasRequest;
}

/**
 * Which top-level files to list in the manifest's `extras` (issue #5). `history`:
 * history.jsonl. `config`: CLAUDE.md, settings.json and every file below agents/, commands/,
 * skills/, output-styles/. `credentials`: .credentials.json. `claudeJson`: the global config,
 * under the wire name `.claude.json` wherever it lives on that side.
 */
export interface ExtrasRequest {
  history: boolean;
  config: boolean;
  credentials: boolean;
  claudeJson: boolean;
}

export const projectDirSchema = z.object({
  /** the encoded directory name under projects/ */
  dir: z.string(),
  /** the first `cwd` found in the dir's sessions whose encoding is `dir`; absent if none */
  cwd: z.string().optional(),
  inScope: z.boolean(),
  /** every `*.jsonl` directly in the dir, in or out of scope (duplicate-id checks need them) */
  jsonl: z.array(z.string()),
  hasSessionsIndex: z.boolean(),
});
export type ProjectDir = z.infer<typeof projectDirSchema>;

export const fileEntrySchema = z.object({
  path: z.string(),
  kind: z.enum(['jsonl', 'blob']),
  size: z.number().int().nonnegative(),
  mtimeMs: z.number(),
  /** JSONL: bytes up to and including the last '\n' (a partial last line is not counted) */
  completeLen: z.number().int().nonnegative().optional(),
  /** true when the probe's size and mtime matched: nothing below was computed */
  unchanged: z.boolean().optional(),
  /** JSONL: fingerprint(completeLen). Blob: sha256 of the whole file. */
  fp: z.string().optional(),
  /** JSONL with a probe: fingerprint(probe.prefixLen), or absent if the file is shorter */
  probeFp: z.string().optional(),
});
export type FileEntry = z.infer<typeof fileEntrySchema>;

export const manifestSchema = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  platform: z.string(),
  home: z.string(),
  /** absolute, as Claude Code sees it (not resolved through symlinks) */
  claudeDir: z.string(),
  projects: z.array(projectDirSchema),
  /** files of in-scope sessions: transcripts, `<sid>/…` companions, file-history/tasks/session-env */
  files: z.array(fileEntrySchema),
  /** session ids a running Claude process holds (`sessions/<pid>.json` with a live pid) */
  liveSessionIds: z.array(z.string()),
  /** settings.json `cleanupPeriodDays`, if set */
  cleanupPeriodDays: z.number().optional(),
  /** problems met while listing, one line each (unreadable file, bad name, …) */
  warnings: z.array(z.string()),
  /**
   * The files `extras` asked for that exist (blobs with their sha256; history.jsonl as a
   * stream). Absent when none were asked for, or from an agent that predates issue #5.
   */
  extras: z.array(fileEntrySchema).optional(),
});
export type Manifest = z.infer<typeof manifestSchema>;

export interface ReadRequest {
  path: RelPath;
  offset: number;
  length: number;
}

export interface ReadResult {
  path: RelPath;
  data: Buffer;
}

/** Preconditions: a write happens only if the target is still what the plan saw. */
export type Expect = { absent: true } | { size: number };

export type WriteOp =
  /** Verified append: the file's size must equal `expect.size`. */
  | { kind: 'append'; path: RelPath; expect: { size: number }; data: Buffer; mtimeMs: number }
  /** Atomic create or replace: temp file in the same dir, fsync, rename. */
  | { kind: 'put'; path: RelPath; expect: Expect; data: Buffer; mtimeMs: number; backup: boolean }
  /** Atomic: keep the first `keep` bytes, then `data`; temp file + rename. */
  | { kind: 'splice'; path: RelPath; expect: { size: number }; keep: number; data: Buffer; mtimeMs: number; backup: boolean }
  /**
   * Remove a file (after a backup copy) — `--delete` (size checked), or a stale
   * sessions-index.json (`any`: its size is not in the manifest; a missing file is success).
   */
  | { kind: 'remove'; path: RelPath; expect: { size: number } | { any: true }; backup: boolean }
  /** Copy a file into this run's backup dir and leave it as it is (a fork's counterpart). */
  | { kind: 'backup'; path: RelPath };

/**
 * Why a side stopped writing (issue #10 item 4): the first op that met a full, read-only or
 * forbidden target carries `attempted: true`; the ops after it were not tried (`false`).
 * `freeBytes`: what the file system had left for the writer then.
 */
export const writeStopSchema = z.object({
  cause: z.enum(['no-space', 'read-only', 'no-permission']),
  attempted: z.boolean(),
  freeBytes: z.number().nonnegative().optional(),
});
export type WriteStop = z.infer<typeof writeStopSchema>;

export const writeResultSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    path: z.string(),
    /** after the write; absent for `remove` */
    size: z.number().int().nonnegative().optional(),
    mtimeMs: z.number().optional(),
    /** JSONL: fingerprint(size) after the write; blob: sha256 */
    fp: z.string().optional(),
  }),
  z.object({
    ok: z.literal(false),
    path: z.string(),
    /** `changed`: a precondition failed (the file moved on since the manifest) */
    code: z.enum(['changed', 'refused', 'io']),
    message: z.string(),
    stop: writeStopSchema.optional(),
  }),
]);
export type WriteResult = z.infer<typeof writeResultSchema>;

export type FileKind = FileEntry['kind'];

/** Any `*.jsonl` is a stream (appended, paths rewritten); everything else is a blob. */
export function kindOf(rel: string): FileKind {
  return rel.endsWith('.jsonl') ? 'jsonl' : 'blob';
}
