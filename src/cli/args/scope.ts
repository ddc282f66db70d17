// Arguments shared by push/pull/sync, status and sessions: which projects a run covers, and
// a session id. Parsed once here so every command reads them the same way.
import { resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { normalizeAbsolutePath } from '../../config/destination.js';
import type { Scope } from '../../commands/context.js';

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

const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Claude Code session ids are UUIDs; anything else (a path, a title) is a usage error. */
export function parseSessionId(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const id = text.trim().toLowerCase();
  if (!SESSION_ID.test(id)) {
    throw new UsageError(`--session: ${JSON.stringify(text)} is not a session id (a UUID; \`ccsync sessions\` lists them)`);
  }
  return id;
}
