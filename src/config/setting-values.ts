// Values given on the command line (`remote add/set`, `map add`) checked before they go into
// the config: a literal is checked now; a `${VAR}` value only for its syntax, since the
// variable may be set only where and when ccsync connects. Bad values are usage errors.
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { normalizeAbsolutePath, parseDestination, parsePortNumber } from './destination.js';
import { parseTemplate, referencedVariables } from './interpolate.js';

function checkTemplate(option: string, text: string): boolean {
  const pieces = parseTemplate(text);
  if (!Array.isArray(pieces)) throw new UsageError(`${option}: ${pieces.error}`);
  return pieces.some((piece) => piece.kind === 'variable');
}

function checkText(option: string, text: string, what: string): void {
  if (text.trim() === '') throw new UsageError(`${option} is empty: expected ${what}`);
  if (text.includes('\0')) throw new UsageError(`${option} contains a NUL byte`);
}

/** A DEST: parsed now unless it refers to variables. Stored as written. */
export function destinationSetting(option: string, text: string): string {
  checkText(option, text, 'a destination');
  if (!checkTemplate(option, text)) parseDestination(text);
  return text;
}

/** `--port N` is stored as a number, `--port '${VAR}'` as the string. */
export function portSetting(text: string): number | string {
  const trimmed = text.trim();
  if (checkTemplate('--port', trimmed)) return trimmed;
  const port = parsePortNumber(trimmed);
  if (port === undefined) {
    throw new UsageError(`--port: expected a number from 1 to 65535 or '\${VAR}' (in single quotes), got ${JSON.stringify(text)}`);
  }
  return port;
}

export function claudeDirSetting(text: string): string {
  checkText('--claude-dir', text, 'a path');
  checkTemplate('--claude-dir', text);
  return text;
}

export function sshCommandSetting(text: string): string {
  checkText('--ssh-command', text, 'an ssh program and its options');
  checkTemplate('--ssh-command', text);
  return text;
}

/**
 * A map path must be absolute (a relative one would mean a different place from each cwd);
 * the error shows the absolute path it probably meant. Literal paths are normalized.
 */
export function mapPathSetting(argument: string, text: string, cwd: string): string {
  checkText(argument, text, 'an absolute path');
  if (checkTemplate(argument, text)) return text;
  if (!text.startsWith('/')) {
    throw new UsageError(`${argument} must be an absolute path, got ${JSON.stringify(text)} (did you mean ${JSON.stringify(resolve(cwd, text))}?)`);
  }
  // The path map refuses these (src/mapping/path-map.ts): refuse them here, not at the next push.
  if (/[\u0000-\u001f\u007f]/.test(text)) {
    throw new UsageError(`${argument} ${JSON.stringify(text)} contains a control character (newline, tab, …): map a parent dir whose path has none instead`);
  }
  const path = normalizeAbsolutePath(text);
  // The path map refuses the root on either side (a prefix of every path, both ways): refuse
  // it here, not at every later run (issue #10).
  if (path === '/') {
    const example = argument === 'LOCAL_PATH' ? '~/code' : '/workspace/proj';
    throw new UsageError(`${argument} "/" is the root dir: map a project dir, or a dir that holds your projects (e.g. ${example}), instead`);
  }
  return path;
}

/** Variables a setting needs that are not set right now: worth a note, not an error. */
export function unsetVariables(values: readonly (string | number | undefined)[], env: Readonly<Record<string, string | undefined>>): string[] {
  const names = values.flatMap((value) => (typeof value === 'string' ? referencedVariables(value) : []));
  return [...new Set(names)].filter((name) => env[name] === undefined || env[name] === '');
}
