// Arguments shared by push/pull/sync, status and sessions: which projects a run covers, and
// a session id. Parsed once here so every command reads them the same way.
import { resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { normalizeAbsolutePath } from '../../config/destination.js';
import type { Scope } from '../../commands/context.js';
import { MIN_PREFIX, parseSessionRef, type SessionRef } from '../../store/session-prefix.js';

export function parseScope(cwd: string, pathArgument: string | undefined, all: boolean, argumentName: string): Scope {
  if (all && pathArgument !== undefined) throw new UsageError(`give either ${argumentName} or --all, not both`);
  if (all) return { kind: 'all' };
  if (pathArgument === undefined) return { kind: 'path', path: normalizeAbsolutePath(cwd), fromCwd: true };
  return { kind: 'path', path: absolutePath(cwd, pathArgument, argumentName), fromCwd: false };
}

/** A path argument made absolute against the cwd (here, unlike `map add`, a relative path is handy). */
export function absolutePath(cwd: string, text: string, argumentName: string): string {
  if (text === '') throw new UsageError(`${argumentName} is empty`);
  if (text.includes('\0')) throw new UsageError(`${argumentName} contains a NUL byte`);
  return normalizeAbsolutePath(resolve(cwd, text));
}

/** A session id or a unique prefix of one (`status` prints 8 characters); anything else is a usage error. */
export function parseSessionArg(text: string | undefined, argumentName: string): SessionRef | undefined {
  if (text === undefined) return undefined;
  const ref = parseSessionRef(text);
  if (ref === undefined) {
    throw new UsageError(`${argumentName}: ${JSON.stringify(text)} is not a session id or the start of one (at least ${MIN_PREFIX} characters; \`ccsync sessions\` lists them)`);
  }
  return ref;
}
