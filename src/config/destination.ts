// Where a remote is: `dir:/abs/path` (a Claude config dir on this machine, issue #2) or an SSH
// destination (issue #3): `user@host`, an ssh-config alias, `ssh://user@host:port`. The system
// ssh client connects, so this only checks the text is one destination and cannot be mistaken
// for an ssh option or a shell word, and says what is wrong in one line.
import { posix } from 'node:path';
import { UsageError } from '../errors.js';

export type Destination =
  | { kind: 'dir'; path: string }
  | { kind: 'ssh'; user?: string; host: string; port?: number };

export type DestinationCheck = { ok: true; destination: Destination } | { ok: false; problem: string };

// Letters and digits (any script, for ssh-config aliases) and the punctuation host names,
// IPv6 literals and aliases use. Nothing a shell or ssh's option parser would act on.
const HOST_CHARS = /^[\p{L}\p{N}._%:+~-]+$/u;
const USER_CHARS = /^[\p{L}\p{N}._+\\-]+$/u;
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** A port number 1-65535 written in decimal digits only. */
export function parsePortNumber(text: string): number | undefined {
  if (!/^[0-9]{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** An absolute POSIX path without `.`/`..` segments, duplicate or trailing slashes. */
export function normalizeAbsolutePath(path: string): string {
  const normalized = posix.normalize(path);
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
}

function checkDir(path: string): DestinationCheck {
  if (path === '') return { ok: false, problem: 'dir: needs a path, e.g. dir:/mnt/backup' };
  if (path.includes('\0')) return { ok: false, problem: 'the path contains a NUL byte' };
  if (!path.startsWith('/')) return { ok: false, problem: `the path after dir: must be absolute, e.g. dir:/mnt/backup` };
  return { ok: true, destination: { kind: 'dir', path: normalizeAbsolutePath(path) } };
}

function checkUser(user: string): string | undefined {
  if (user === '') return 'the user before "@" is empty';
  if (user.startsWith('-')) return 'the user cannot start with "-"';
  if (!USER_CHARS.test(user)) return `the user ${JSON.stringify(user)} has characters a login name cannot have`;
  return undefined;
}

function checkHost(host: string): string | undefined {
  if (host === '') return 'there is no host';
  if (host.startsWith('-')) return 'the host cannot start with "-" (it would be read as an ssh option)';
  if (!HOST_CHARS.test(host)) {
    return `the host ${JSON.stringify(host)} may only have letters, digits and . _ - : % + ~`;
  }
  return undefined;
}

function sshDestination(user: string | undefined, host: string, port: number | undefined): DestinationCheck {
  const problem = (user === undefined ? undefined : checkUser(user)) ?? checkHost(host);
  if (problem !== undefined) return { ok: false, problem };
  const destination: Destination = { kind: 'ssh', host };
  if (user !== undefined) destination.user = user;
  if (port !== undefined) destination.port = port;
  return { ok: true, destination };
}

/** `user@` split off at the last `@`, as ssh does. */
function splitUser(text: string): { user: string | undefined; rest: string } {
  const at = text.lastIndexOf('@');
  return at < 0 ? { user: undefined, rest: text } : { user: text.slice(0, at), rest: text.slice(at + 1) };
}

function checkSshUrl(rest: string): DestinationCheck {
  const authority = rest.endsWith('/') ? rest.slice(0, -1) : rest;
  if (authority.includes('/')) return { ok: false, problem: 'ssh:// destinations take no path (set the remote Claude dir with --claude-dir)' };
  const { user, rest: hostPort } = splitUser(authority);
  let host = hostPort;
  let portText: string | undefined;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close < 0) return { ok: false, problem: 'an IPv6 address opened with "[" needs a closing "]"' };
    host = hostPort.slice(1, close);
    const after = hostPort.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) return { ok: false, problem: `unexpected ${JSON.stringify(after)} after "]"` };
    if (after !== '') portText = after.slice(1);
  } else {
    const colons = hostPort.split(':').length - 1;
    if (colons > 1) return { ok: false, problem: 'put an IPv6 address in brackets, e.g. ssh://user@[::1]:22' };
    if (colons === 1) [host = '', portText] = hostPort.split(':');
  }
  let port: number | undefined;
  if (portText !== undefined) {
    port = parsePortNumber(portText);
    if (port === undefined) return { ok: false, problem: `port ${JSON.stringify(portText)} is not a number from 1 to 65535` };
  }
  return sshDestination(user, host, port);
}

function checkSshShort(text: string): DestinationCheck {
  const { user, rest } = splitUser(text);
  let host = rest;
  if (/^\[[^\]]*\]$/.test(host)) host = host.slice(1, -1);
  else if (host.split(':').length === 2) {
    const after = host.slice(host.indexOf(':') + 1);
    return {
      ok: false,
      problem: /^[0-9]*$/.test(after)
        ? 'to give a port write ssh://user@host:PORT or use --port PORT'
        : 'a destination names a machine, not a path (set the remote Claude dir with --claude-dir)',
    };
  }
  return sshDestination(user, host, undefined);
}

/** Check a destination without throwing, for callers that add their own context (the config). */
export function checkDestination(text: string): DestinationCheck {
  if (text.trim() === '') return { ok: false, problem: 'it is empty' };
  if (text.startsWith('dir:')) return checkDir(text.slice('dir:'.length));
  if (CONTROL_CHARS.test(text)) return { ok: false, problem: 'it contains a control character (NUL, newline, tab...)' };
  if (/\s/u.test(text)) return { ok: false, problem: 'it contains whitespace' };
  if (text.startsWith('-')) return { ok: false, problem: 'it cannot start with "-" (it would be read as an ssh option)' };
  if (text.startsWith('ssh://')) return checkSshUrl(text.slice('ssh://'.length));
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text);
  if (scheme !== null) return { ok: false, problem: `unknown scheme ${scheme[1] ?? ''}:// (use user@host, ssh://user@host:port or dir:/path)` };
  return checkSshShort(text);
}

/** Parse a DEST argument; a bad one is a usage error that says what is wrong. */
export function parseDestination(text: string): Destination {
  const check = checkDestination(text);
  if (!check.ok) throw new UsageError(`invalid destination ${JSON.stringify(text)}: ${check.problem}`);
  return check.destination;
}

/** Back to text: `dir:/p`, `user@host`, or `ssh://user@[::1]:2222` when there is a port. */
export function formatDestination(destination: Destination): string {
  if (destination.kind === 'dir') return `dir:${destination.path}`;
  const user = destination.user === undefined ? '' : `${destination.user}@`;
  if (destination.port === undefined) return `${user}${destination.host}`;
  const host = destination.host.includes(':') ? `[${destination.host}]` : destination.host;
  return `ssh://${user}${host}:${destination.port}`;
}
