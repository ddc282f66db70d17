// Reading and writing the TOML config. A missing file is an empty config; any problem is one
// line naming the file, the key and what is expected. Writes are atomic (temp file + rename
// in the same dir), 0600 in a 0700 dir, and keep `${VAR}` references as written.
// node:fs's `promises`, read at each use: importing node:fs/promises loads it (and readline) at
// start-up, ~1.3 ms of every command (issue #11)
import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse, stringify, TomlError } from 'smol-toml';
import type * as z from 'zod';
import { ConfigError, formatKeyPath } from './config-error.js';
import { configFileSchema, knownKeysAt, type ConfigFile, type RemoteSettings } from './schema.js';
import { closestMatch, didYouMean } from './suggest.js';
import { errorReason } from '../errors.js';

export interface LoadedConfig {
  /** the file it came from (or will be written to) */
  path: string;
  /** false when there is no file yet: the config is then empty */
  exists: boolean;
  /** the settings as written, `${VAR}` not yet replaced (see resolve-remote.ts) */
  file: ConfigFile;
}

function isErrnoCode(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}

/** One zod issue as `<key path>: <problem>`; an unknown key gets a "did you mean". */
function describeIssue(issue: z.core.$ZodIssue): { keyPath: string; problem: string } {
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const known = knownKeysAt(issue.path);
    const hint = didYouMean(key, known);
    const list = hint === '' && known.length > 0 ? `; expected one of: ${known.join(', ')}` : '';
    return { keyPath: formatKeyPath([...issue.path, key]), problem: `unknown key${hint}${list}` };
  }
  if (issue.code === 'invalid_key') {
    return { keyPath: formatKeyPath(issue.path), problem: issue.issues[0]?.message ?? issue.message };
  }
  return { keyPath: formatKeyPath(issue.path), problem: issue.message };
}

/** Validate a parsed TOML document (or anything) as the config; throws ConfigError. */
export function parseConfigDocument(document: unknown, file: string): ConfigFile {
  const result = configFileSchema.safeParse(document);
  if (result.success) return result.data;
  // a typo'd key also makes its real key "missing": name the typo first
  const issues = [...result.error.issues].sort(
    (a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'),
  );
  // A typo'd key's real key then "is missing": the typo's "did you mean" already says it.
  const typoed = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    for (const key of issue.keys) {
      const meant = closestMatch(key, knownKeysAt(issue.path));
      if (meant !== undefined) typoed.add(formatKeyPath([...issue.path, meant]));
    }
  }
  // every problem, once each (issue #10: not "and 1 more"), so one edit fixes them all
  const described = issues.map(describeIssue).filter(({ keyPath, problem }) => !(typoed.has(keyPath) && problem.startsWith('is missing')));
  const lines = [...new Set(described.map(({ keyPath, problem }) => (keyPath === '' ? problem : `${keyPath}: ${problem}`)))];
  const [first] = described;
  if (first === undefined) throw new ConfigError(file, '', 'is not a valid config');
  if (lines.length === 1) throw new ConfigError(file, first.keyPath, first.problem);
  throw new ConfigError(file, '', `${lines.length} problems (fix them, then run again):\n${lines.map((line) => `  ${line}`).join('\n')}`);
}

/** Parse config text; TOML syntax errors name the line and column. */
export function parseConfigText(text: string, file: string): ConfigFile {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    // smol-toml's message has a code excerpt on the following lines: keep the first
    const reason = (error.message.split('\n')[0] ?? 'invalid TOML').replace(/^Invalid TOML document: /, '');
    throw new ConfigError(`${file}:${error.line}:${error.column}`, '', `invalid TOML: ${reason}`);
  }
  return parseConfigDocument(document, file);
}

export async function loadConfig(path: string): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await fsp.readFile(path, 'utf8');
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT')) return { path, exists: false, file: {} };
    if (isErrnoCode(error, 'EISDIR')) throw new ConfigError(path, '', 'is a directory, expected a TOML file');
    throw new ConfigError(path, '', `cannot be read: ${errorReason(error)}`);
  }
  return { path, exists: true, file: parseConfigText(text, path) };
}

const HEADER = '# ccsync config (ccsync remote/map commands rewrite this file; comments are not kept)\n\n';

/** The TOML text for a config: keys in a fixed order, absent optional keys left out. */
export function formatConfig(file: ConfigFile): string {
  const remotes: Record<string, Record<string, unknown>> = {};
  for (const [name, settings] of Object.entries(file.remotes ?? {})) remotes[name] = tableOf(settings);
  return HEADER + (Object.keys(remotes).length === 0 ? '' : stringify({ remotes }));
}

function tableOf(settings: RemoteSettings): Record<string, unknown> {
  const table: Record<string, unknown> = { dest: settings.dest };
  if (settings.transfer !== undefined) table['transfer'] = settings.transfer;
  if (settings.port !== undefined) table['port'] = settings.port;
  if (settings.claude_dir !== undefined) table['claude_dir'] = settings.claude_dir;
  if (settings.ssh_command !== undefined) table['ssh_command'] = settings.ssh_command;
  if (settings.map !== undefined && settings.map.length > 0) {
    table['map'] = settings.map.map((pair) => ({ local: pair.local, remote: pair.remote }));
  }
  return table;
}

/** Write the file atomically; a symlinked config (dotfiles) is written through to its target. */
export async function saveConfig(path: string, file: ConfigFile): Promise<void> {
  let target = path;
  try {
    target = await fsp.realpath(path);
  } catch (error) {
    if (!isErrnoCode(error, 'ENOENT')) throw error;
  }
  const dir = dirname(target);
  await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
  // node:crypto only when saving: every command loads this file, few save (issue #11, start-up)
  const { randomBytes } = await import('node:crypto');
  const temp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await fsp.open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(formatConfig(file), 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(temp, target);
  } catch (error) {
    await fsp.rm(temp, { force: true });
    throw error;
  }
  await syncDir(dir);
}

/** fsync the dir so the rename itself survives a crash; some filesystems refuse: that is fine. */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await fsp.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort: the file's own content was already synced
  }
}
