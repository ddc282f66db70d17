// Expected failures are typed; only the CLI entry point turns them into an exit code.

/** 0 done, 1 error, 2 usage, 3 conflicts left to resolve (README, "Exit codes"). */
export const EXIT = { ok: 0, error: 1, usage: 2, conflicts: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure the user can act on: `message` is one line that says what to do. */
export class ExitError extends Error {
  readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode = EXIT.error) {
    super(message);
    this.name = 'ExitError';
    this.exitCode = exitCode;
  }
}

export class UsageError extends ExitError {
  constructor(message: string) {
    super(message, EXIT.usage);
    this.name = 'UsageError';
  }
}

/**
 * What a failed system call means to a person, by errno code (the raw `ENOENT: no such file
 * or directory, mkdir '/x'` is Node's text, not an explanation). Unknown codes keep Node's.
 */
const ERRNO_REASONS: Record<string, string> = {
  ENOENT: 'it does not exist',
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space is left on the device',
  EDQUOT: 'the disk quota is used up',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EEXIST: 'it already exists',
  ENOTEMPTY: 'the directory is not empty',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'it goes through too many symbolic links (a loop?)',
  EMFILE: 'too many files are open (raise `ulimit -n`)',
  ENFILE: 'too many files are open on this machine',
  EIO: 'an input/output error (check the disk)',
  EBUSY: 'it is busy',
  EXDEV: 'it is on another file system',
  ETIMEDOUT: 'it timed out',
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the other end closed the pipe',
};

/** What the program was doing, by syscall; the path follows. */
const SYSCALL_WHATS: Record<string, string> = {
  mkdir: 'cannot create the directory',
  open: 'cannot open',
  read: 'cannot read',
  write: 'cannot write',
  rename: 'cannot move a file into place at',
  unlink: 'cannot remove',
  rmdir: 'cannot remove the directory',
  rm: 'cannot remove',
  scandir: 'cannot list the directory',
  opendir: 'cannot list the directory',
  stat: 'cannot look at',
  lstat: 'cannot look at',
  fstat: 'cannot look at',
  access: 'cannot use',
  copyfile: 'cannot copy',
  link: 'cannot create',
  symlink: 'cannot create the link',
  readlink: 'cannot read the link',
  realpath: 'cannot resolve',
  utime: 'cannot set the time of',
  futime: 'cannot set the time of',
  chmod: 'cannot set the mode of',
  fsync: 'cannot flush to disk',
  spawn: 'cannot run',
  statfs: 'cannot read the free space of',
};

interface SystemErrorFacts {
  code: string;
  syscall?: string;
  path?: string;
  dest?: string;
}

function systemErrorFacts(error: unknown): SystemErrorFacts | undefined {
  if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'string' || !/^E[A-Z0-9]+$/.test(error.code)) return undefined;
  const facts: SystemErrorFacts = { code: error.code };
  if ('syscall' in error && typeof error.syscall === 'string') facts.syscall = error.syscall;
  if ('path' in error && typeof error.path === 'string') facts.path = error.path;
  if ('dest' in error && typeof error.dest === 'string') facts.dest = error.dest;
  return facts.syscall === undefined && facts.path === undefined ? undefined : facts;
}

// Node's text of a system error, e.g. a message that crossed the wire from an older agent:
// `ENOENT: no such file or directory, mkdir '/x'` (optionally `-> '/y'`).
const ERRNO_TEXT = /\b(E[A-Z0-9]+): [^,\n]*, ([a-z_]+)(?: '([^'\n]*)')?(?: -> '([^'\n]*)')?/;

/** A path shown on one line (control characters escaped). */
function showPath(path: string): string {
  return /[\u0000-\u001f\u007f]/.test(path) ? JSON.stringify(path) : path;
}

function explainSystemError(facts: SystemErrorFacts): string {
  const where = facts.dest ?? facts.path;
  const call = facts.syscall?.startsWith('spawn') ? 'spawn' : facts.syscall;
  const what = call === undefined ? undefined : SYSCALL_WHATS[call] ?? `${call} failed for`;
  let reason = ERRNO_REASONS[facts.code] ?? facts.code;
  // a recursive mkdir says ENOENT for a missing parent and, on a read-only mount, for that too
  if (facts.code === 'ENOENT' && facts.syscall === 'mkdir') reason = 'a parent directory is missing, is a broken link, or is on a read-only file system';
  if (facts.code === 'ENOENT' && call === 'spawn') reason = 'the program is not installed (not on PATH)';
  const head = what === undefined ? (where === undefined ? '' : showPath(where)) : where === undefined ? what : `${what} ${showPath(where)}`;
  return head === '' ? reason : `${head}: ${reason}`;
}

/**
 * Anything thrown, as one line for a person: a system error (a full disk, a read-only mount,
 * a missing dir) says what could not be done where and why, in words, never Node's raw
 * `ECODE: …, syscall 'path'` text. The one describer: every report of a caught error uses it.
 */
export function describeError(error: unknown): string {
  const facts = systemErrorFacts(error);
  if (facts?.path !== undefined) return explainSystemError(facts);
  const text = error instanceof Error ? error.message : String(error);
  const described = describeErrorText(text);
  return described === text && facts !== undefined ? explainSystemError(facts) : described;
}

/** Only the why of a system error ("permission denied"), for a message that already says what and where. */
export function errorReason(error: unknown): string {
  const facts = systemErrorFacts(error);
  if (facts === undefined) return describeError(error);
  const full = explainSystemError(facts);
  const at = full.lastIndexOf(': ');
  return at < 0 ? full : full.slice(at + 2);
}

/** The same for a message that arrived as text (a remote agent's answer, a write result). */
export function describeErrorText(text: string): string {
  const match = ERRNO_TEXT.exec(text);
  if (match === null) return text;
  const [whole, code = '', syscall = '', path, dest] = match;
  const facts: SystemErrorFacts = { code, syscall, ...(path === undefined ? {} : { path }), ...(dest === undefined ? {} : { dest }) };
  return text.replace(whole, explainSystemError(facts));
}

/** The errno code of a system error (`ENOENT`, `EROFS`, …), else undefined. */
export function errnoCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
