// The config file's shape (issue #2 item 6, issue #3): parsed from unknown with zod. Objects
// are strict so a typo is an error, not a silently ignored key. Values are kept raw (with
// their `${VAR}` references) so that saving the file keeps them; a value without references
// is checked here, one with references when its remote is resolved (resolve-remote.ts).
import * as z from 'zod';
import { checkDestination, parsePortNumber } from './destination.js';
import { parseTemplate, referencedVariables } from './interpolate.js';

export const REMOTE_NAME = /^[A-Za-z0-9_-]+$/;
export const REMOTE_NAME_RULE = 'letters, digits, _ and - only';

/** A remote name is also a file name (its sync state) and an object key: no `__proto__`. */
export function isRemoteName(name: string): boolean {
  return REMOTE_NAME.test(name) && name !== '__proto__';
}

export const EXPECTED = {
  destination: 'a destination: user@host, an ssh-config alias, ssh://user@host:port or dir:/path',
  port: 'a port number 1-65535 or a string such as "${RUNPOD_PORT}"',
  claudeDir: 'a path to the remote Claude dir, e.g. "/workspace/.claude"',
  sshCommand: 'an ssh program and its options, e.g. "ssh -i ~/.ssh/pod"',
  absolutePath: 'an absolute path',
  pairs: 'a list of [[remotes.NAME.map]] tables with local and remote paths',
  remotes: 'tables named [remotes.NAME]',
} as const;

function describeInput(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (Array.isArray(input)) return 'a list';
  if (input === null) return 'null';
  if (typeof input === 'object') return 'a table';
  if (typeof input === 'string') return `the string ${JSON.stringify(input)}`;
  return `${typeof input} ${String(input)}`;
}

/** zod's `error` option: "expected <what>, got <the value's kind>"; a missing key says so. */
function expected(what: string) {
  return {
    error: (issue: { input?: unknown }) =>
      issue.input === undefined ? `is missing: expected ${what}` : `expected ${what}, got ${describeInput(issue.input)}`,
  };
}

/** A string that may hold `${VAR}`; `checkLiteral` runs only when it holds none. */
function templatedString(what: string, checkLiteral?: (value: string) => string | undefined) {
  return z.string(expected(what)).superRefine((value, context) => {
    const pieces = parseTemplate(value);
    let problem = Array.isArray(pieces) ? undefined : pieces.error;
    if (problem === undefined && value.includes('\0')) problem = 'contains a NUL byte';
    if (problem === undefined && value.trim() === '') problem = `is empty: expected ${what}`;
    if (problem === undefined && checkLiteral !== undefined && referencedVariables(value).length === 0) {
      problem = checkLiteral(value);
    }
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  });
}

export function destinationProblem(value: string): string | undefined {
  const check = checkDestination(value);
  return check.ok ? undefined : `invalid destination ${JSON.stringify(value)}: ${check.problem}`;
}

export function absolutePathProblem(value: string): string | undefined {
  return value.startsWith('/') ? undefined : `expected an absolute path, got ${JSON.stringify(value)}`;
}

export function portTextProblem(value: string): string | undefined {
  return parsePortNumber(value.trim()) === undefined ? `expected ${EXPECTED.port}, got ${JSON.stringify(value)}` : undefined;
}

const portSchema = z.union([z.number(), z.string()], expected(EXPECTED.port)).superRefine((value, context) => {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 1 || value > 65535) {
      context.addIssue({ code: 'custom', message: `expected ${EXPECTED.port}, got ${value}` });
    }
    return;
  }
  const pieces = parseTemplate(value);
  const problem = !Array.isArray(pieces)
    ? pieces.error
    : referencedVariables(value).length === 0
      ? portTextProblem(value)
      : undefined;
  if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
});

export const pathPairSchema = z.strictObject(
  {
    local: templatedString(EXPECTED.absolutePath, absolutePathProblem),
    remote: templatedString(EXPECTED.absolutePath, absolutePathProblem),
  },
  expected('a table with local and remote paths'),
);

export const remoteSettingsSchema = z.strictObject(
  {
    dest: templatedString(EXPECTED.destination, destinationProblem),
    transfer: templatedString(EXPECTED.destination, destinationProblem).optional(),
    port: portSchema.optional(),
    claude_dir: templatedString(EXPECTED.claudeDir).optional(),
    ssh_command: templatedString(EXPECTED.sshCommand).optional(),
    /** false: no connection reuse by ccsync for this remote (transport/ssh-reuse.ts) */
    ssh_reuse: z.boolean(expected('true or false')).optional(),
    map: z.array(pathPairSchema, expected(EXPECTED.pairs)).optional(),
  },
  expected('a table [remotes.NAME] with at least dest = "..."'),
);

export const configFileSchema = z.strictObject(
  {
    remotes: z
      .record(z.string().refine(isRemoteName, { error: `remote names may have ${REMOTE_NAME_RULE}` }), remoteSettingsSchema, expected(EXPECTED.remotes))
      .optional(),
  },
  expected('a TOML document'),
);

/** One `[[remotes.NAME.map]]` entry: a local prefix and the remote prefix it stands for. */
export type PathPair = z.infer<typeof pathPairSchema>;
/** One `[remotes.NAME]` table as written in the file (values not interpolated). */
export type RemoteSettings = z.infer<typeof remoteSettingsSchema>;
/** The whole file as written (values not interpolated). */
export type ConfigFile = z.infer<typeof configFileSchema>;

/** Keys allowed at each level, for "did you mean" on a typo. */
export const KNOWN_KEYS = {
  top: Object.keys(configFileSchema.shape),
  remote: Object.keys(remoteSettingsSchema.shape),
  pair: Object.keys(pathPairSchema.shape),
} as const;

/** The keys allowed in the table at `path` (by its depth: top, a remote, a map entry). */
export function knownKeysAt(path: readonly PropertyKey[]): readonly string[] {
  if (path.length === 0) return KNOWN_KEYS.top;
  if (path.length === 2 && path[0] === 'remotes') return KNOWN_KEYS.remote;
  if (path.length === 4 && path[2] === 'map') return KNOWN_KEYS.pair;
  return [];
}
