// The `ccsync export` bundle (issue #5): one JSONL text file, diffable in git.
//
//   {"format":"ccsync-bundle","version":1, …header}            line 1
//   {"file":"<sid>.jsonl","project":"/orig/proj",…,"lines":N}   a file entry, then its N text lines
//   {"l":"<one line of the file>"}                              … (a text file split at '\n')
//   {"file":"file-history/<sid>/…","encoding":"base64","content":"…"}   a binary file, one line
//   {"end":"ccsync-bundle","entries":E,"lines":L,"sha256":"…"}   the trailer
//
// Lines of transcripts stay the bytes Claude wrote (with their original paths: the header keeps
// the original project root, home and Claude dir, and import rewrites them with sync's engine),
// so a re-export of an unchanged session differs only in `createdAt` and the trailer. The
// trailer's sha256 covers every byte before it: a truncated or edited bundle is refused.
import * as z from 'zod';

export const BUNDLE_FORMAT = 'ccsync-bundle';
export const BUNDLE_VERSION = 1;

const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const sessionIdSchema = z.string().regex(SESSION_ID, 'a session id (UUID)');

const absolutePosix = z.string().startsWith('/', 'an absolute path');

/** Only `format` and `version` are read before the version check; the rest is checked after. */
export const bundleHeadSchema = z.looseObject({ format: z.string(), version: z.number().int() });

export const bundleHeaderSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  createdAt: z.string(),
  ccsyncVersion: z.string(),
  claudeCodeVersion: z.string().optional(),
  originalPaths: z.object({ projectRoot: absolutePosix, home: absolutePosix, claudeDir: absolutePosix }),
  sessions: z.array(sessionIdSchema).min(1),
  redacted: z.boolean(),
});
export type BundleHeader = z.infer<typeof bundleHeaderSchema>;

const entryBase = {
  /**
   * With `project`: relative to that project's dir (`<sid>.jsonl`, `<sid>/subagents/…`).
   * Without: relative to the Claude dir (`file-history/<sid>/…`, `tasks/<sid>/…`, `session-env/<sid>/…`).
   */
  file: z.string().min(1),
  /** the original absolute path of the project dir the file sits in (its sessions' `cwd`) */
  project: absolutePosix.optional(),
  session: sessionIdSchema,
  mode: z.number().int().min(0).max(0o7777),
  mtimeMs: z.number().nonnegative(),
};

export const textEntrySchema = z.object({ ...entryBase, encoding: z.literal('text'), lines: z.number().int().min(1) });
export const binaryEntrySchema = z.object({ ...entryBase, encoding: z.literal('base64'), content: z.base64() });
export const entrySchema = z.discriminatedUnion('encoding', [textEntrySchema, binaryEntrySchema]);
export type BundleEntry = z.infer<typeof entrySchema>;

export const textLineSchema = z.object({ l: z.string() });

export const trailerSchema = z.object({
  end: z.literal(BUNDLE_FORMAT),
  entries: z.number().int().nonnegative(),
  lines: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type BundleTrailer = z.infer<typeof trailerSchema>;

/** A file as it travels: where it came from and its bytes. */
export interface BundleFile {
  file: string;
  project?: string;
  session: string;
  mode: number;
  mtimeMs: number;
  data: Buffer;
}

export interface Bundle {
  header: BundleHeader;
  files: BundleFile[];
}

/** Companion areas of the Claude dir that hold one dir per session id (claude-code-format.md). */
export const SESSION_AREAS = ['file-history', 'tasks', 'session-env'] as const;

/** Whether `file` (as in an entry) belongs to `session`: the only places import will write. */
export function belongsToSession(entry: { file: string; project?: string | undefined }, session: string): boolean {
  if (entry.project !== undefined) return entry.file === `${session}.jsonl` || entry.file.startsWith(`${session}/`);
  return SESSION_AREAS.some((area) => entry.file.startsWith(`${area}/${session}/`));
}
