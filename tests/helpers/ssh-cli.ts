// Runs the compiled CLI against the test sshd (tests/helpers/sshd.ts) as a user would: a temp
// HOME with its own XDG dirs and ~/.claude, `remote add NAME testhost` + `map add`, and
// CCSYNC_SSH_COMMAND pointing ssh at the fixture's config. Async (spawn, not spawnSync) so a
// test can watch or kill a run; every run is bounded in time and killed by pid.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { CLI_PATH, makeSandbox, type Sandbox } from '../integration/cli-harness.js';
import { assistantLine, makeTranscript, seededUuid, toJsonl, userLine, type TranscriptOptions } from './transcripts.js';
import type { SshdFixture } from './sshd.js';
import { distinct, fileFieldValues } from './jsonl-fields.js';

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout parsed, when it is one JSON document (`--json`) */
  json?: unknown;
}

export interface SshClient {
  sandbox: Sandbox;
  sshd: Pick<SshdFixture, 'remoteHome' | 'alias' | 'sshCommand'>;
  /** the local project (on "machine A") and where the map puts it on the remote */
  localProject: string;
  remoteProject: string;
  claudeDir: string;
  remoteClaudeDir: string;
  /** env for every run: CCSYNC_SSH_COMMAND = the fixture's `ssh -F cfg` */
  env: Record<string, string>;
  run(args: string[], options?: { env?: Record<string, string>; timeoutMs?: number; onSpawn?: (pid: number) => void }): Promise<CliRun>;
  /** run and require exit 0; returns the parsed `--json` document */
  ok(args: string[], env?: Record<string, string>): Promise<Record<string, unknown>>;
  localTranscript(sid: string): string;
  remoteTranscript(sid: string): string;
  /** write a transcript on this side with `turns` turns, its cwd the local project */
  writeLocal(sid: string, turns: number, opts?: TranscriptOptions): string;
  writeRemote(sid: string, turns: number, opts?: TranscriptOptions): string;
  agentNote(name?: string): string;
  cleanup(): Promise<void>;
}

export function runCliAsync(
  env: Record<string, string>,
  args: string[],
  cwd: string,
  options: { timeoutMs?: number; onSpawn?: (pid: number) => void } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.once('error', reject);
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      let json: unknown;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      resolve({ code, signal, stdout, stderr, ...(json === undefined ? {} : { json }) });
    });
  });
}

/** Wipes what a previous test left on the shared remote: its Claude dir (not the agent cache). */
export function resetRemote(sshd: SshdFixture): void {
  rmSync(join(sshd.remoteHome, '.claude'), { recursive: true, force: true });
  rmSync(join(sshd.remoteHome, '.local'), { recursive: true, force: true });
  mkdirSync(join(sshd.remoteHome, '.claude'), { recursive: true });
}

/** A client in a fresh temp HOME with remote `name` → `dest` and a map for its project. */
export async function sshClient(
  sshd: Pick<SshdFixture, 'remoteHome' | 'alias' | 'sshCommand'>,
  options: { name?: string; dest?: string; addArgs?: string[]; viaEnv?: boolean; localProjectName?: string; env?: Record<string, string> } = {},
): Promise<SshClient> {
  const sandbox = await makeSandbox();
  const name = options.name ?? 'pod';
  const localProject = join(sandbox.home, 'code', options.localProjectName ?? 'proj');
  const remoteProject = join(sshd.remoteHome, 'work', 'proj');
  mkdirSync(localProject, { recursive: true });
  mkdirSync(remoteProject, { recursive: true });
  const claudeDir = join(sandbox.home, '.claude');
  const remoteClaudeDir = join(sshd.remoteHome, '.claude');
  mkdirSync(claudeDir, { recursive: true });
  const viaEnv = options.viaEnv ?? true;
  const env = { ...sandbox.env, ...(viaEnv ? { CCSYNC_SSH_COMMAND: sshd.sshCommand } : {}), ...options.env };
  const run: SshClient['run'] = (args, runOptions = {}) => runCliAsync({ ...env, ...runOptions.env }, args, localProject, runOptions);
  const ok: SshClient['ok'] = async (args, extraEnv) => {
    const result = await run(args, { env: extraEnv ?? {} });
    if (result.code !== 0) throw new Error(`ccsync ${args.join(' ')} exited ${String(result.code)}: ${result.stderr}\n${result.stdout}`);
    const json = result.json;
    return typeof json === 'object' && json !== null ? { ...json } : {};
  };
  const add = await run(['remote', 'add', name, options.dest ?? sshd.alias, ...(options.addArgs ?? [])]);
  if (add.code !== 0) throw new Error(`remote add failed: ${add.stderr}`);
  const map = await run(['map', 'add', name, localProject, remoteProject]);
  if (map.code !== 0) throw new Error(`map add failed: ${map.stderr}`);
  const transcriptIn = (dir: string, project: string, sid: string): string =>
    join(dir, 'projects', encodeProjectDir(project, process.platform), `${sid}.jsonl`);
  const write = (dir: string, project: string, sid: string, turns: number, opts?: TranscriptOptions): string => {
    const file = transcriptIn(dir, project, sid);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, makeTranscript(sid, project, turns, opts));
    return file;
  };
  return {
    sandbox,
    sshd,
    localProject,
    remoteProject,
    claudeDir,
    remoteClaudeDir,
    env,
    run,
    ok,
    localTranscript: (sid) => transcriptIn(claudeDir, localProject, sid),
    remoteTranscript: (sid) => transcriptIn(remoteClaudeDir, remoteProject, sid),
    writeLocal: (sid, turns, opts) => write(claudeDir, localProject, sid, turns, opts),
    writeRemote: (sid, turns, opts) => write(remoteClaudeDir, remoteProject, sid, turns, opts),
    agentNote: (remote = name) => join(sandbox.stateDir, 'remotes', `${remote}.agent`),
    cleanup: () => sandbox.cleanup(),
  };
}

/** The uuids of a JSONL file's lines, in order (a duplicated line shows up twice). */
export function uuidsOf(file: string): string[] {
  return fileFieldValues(file, 'uuid');
}

/** The distinct `cwd` values of a JSONL file. */
export function cwdsOf(file: string): string[] {
  return distinct(fileFieldValues(file, 'cwd'));
}

/** Every file under `dir` (relative paths), for "nothing was written" checks. */
export function listTree(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => !entry.isDirectory())
      .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
      .sort();
  } catch {
    return [];
  }
}

/**
 * Appends one turn (a prompt and a reply, chained to the file's last uuid) as Claude does when a
 * session continues; `tag` seeds the uuids, `minute` orders the turn in time (after the base
 * transcript's 2026-01-01T00:00 lines).
 */
export function appendTurn(file: string, sessionId: string, cwd: string, tag: string, minute: number): string[] {
  const parent = uuidsOf(file).pop() ?? null;
  const at = (second: number): string => new Date(Date.UTC(2026, 0, 1, 1, minute, second)).toISOString();
  const prompt = { uuid: seededUuid(`${tag}:prompt`), parentUuid: parent, sessionId, cwd, timestamp: at(0) };
  const reply = { uuid: seededUuid(`${tag}:reply`), parentUuid: prompt.uuid, sessionId, cwd, timestamp: at(1) };
  appendFileSync(file, toJsonl([userLine({ ...prompt, text: `${tag} in ${cwd}` }), assistantLine({ ...reply, text: `ok ${tag}` })]));
  return [prompt.uuid, reply.uuid];
}

export const RELAY_PATH = fileURLToPath(new URL('./ssh-relay.js', import.meta.url));
export const FAKE_AGENT_PATH = fileURLToPath(new URL('./fake-agent.js', import.meta.url));

export interface RelayControl {
  countFile?: string;
  argsFile?: string;
  mode?: 'cutWrite' | 'dropAnswer' | 'killParent' | 'killParentOnRead' | 'killSelf';
  delayMs?: number;
  atWrite?: number;
}

export interface Relay {
  /** CCSYNC_SSH_COMMAND that runs the fixture's ssh through the relay */
  command: string;
  /** one entry per ssh process: bytes up (to the remote) and down, the agent upload length */
  counts(): Array<{ up: number; down: number; uploadLength: number }>;
  /** the ssh argv of each run */
  argvs(): string[][];
  setMode(mode: RelayControl['mode'], delayMs?: number, atWrite?: number): void;
}

/** A relay (ssh-relay.ts) in `dir`, in front of `sshCommand` (default the fixture's `ssh -F cfg`). */
export function makeRelay(sshd: SshdFixture, dir: string, sshCommand: string = sshd.sshCommand): Relay {
  mkdirSync(dir, { recursive: true });
  const controlPath = join(dir, 'relay.json');
  const countFile = join(dir, 'counts.jsonl');
  const argsFile = join(dir, 'argv.jsonl');
  const write = (control: RelayControl): void => writeFileSync(controlPath, JSON.stringify({ countFile, argsFile, ...control }));
  write({});
  const lines = (file: string): unknown[] => {
    try {
      return readFileSync(file, 'utf8').split('\n').filter((line) => line !== '').map((line): unknown => JSON.parse(line));
    } catch {
      return [];
    }
  };
  const countSchema = z.object({ up: z.number(), down: z.number(), uploadLength: z.number() });
  return {
    command: `${process.execPath} ${RELAY_PATH} ${controlPath} ${sshCommand}`,
    counts: () => lines(countFile).map((line) => countSchema.parse(line)),
    argvs: () => lines(argsFile).map((line) => z.array(z.string()).parse(line)),
    setMode: (mode, delayMs, atWrite) => write({ ...(mode ? { mode } : {}), ...(delayMs === undefined ? {} : { delayMs }), ...(atWrite === undefined ? {} : { atWrite }) }),
  };
}
