// Runs the real Claude Code client (the pinned devDependency, or $CCSYNC_CLAUDE_BIN) offline
// against a fake API, in an isolated HOME, with the environment from
// ../shared/claude-code-format.md ("Testing with the real client"). Nothing here may touch the
// developer's real HOME or reach the network.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

export interface RunClaudeOptions {
  /** The temporary HOME; TMPDIR and CLAUDE_CODE_TMPDIR are created inside it. */
  home: string;
  cwd: string;
  args: string[];
  /** The fake API's URL (startFakeAnthropic().url). */
  baseUrl: string;
  /** Extra variables, applied last (e.g. CLAUDE_CONFIG_DIR). */
  env?: Record<string, string>;
  /** Default 60 s; then the process (group) is killed by pid. */
  timeoutMs?: number;
}

export interface RunClaudeResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
  /** stdout parsed as JSON, when it is JSON (`--output-format json`). */
  json?: unknown;
  /** `session_id` of the JSON result, when present. */
  sessionId?: string;
}

// The binary ships inside the npm package (no download step), so it is found by walking up
// from where we run: the repo when tests run from dist/ or from an outDir like /tmp/build-e2e.
const BIN_REL = join('node_modules', '@anthropic-ai', 'claude-code', 'bin', 'claude.exe');

function walkUp(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, BIN_REL);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The claude binary: $CCSYNC_CLAUDE_BIN, else the devDependency found above cwd or this file. */
export function claudeBin(): string | undefined {
  const fromEnv = process.env['CCSYNC_CLAUDE_BIN'];
  if (fromEnv !== undefined && fromEnv !== '') return existsSync(fromEnv) ? fromEnv : undefined;
  return walkUp(process.cwd()) ?? walkUp(dirname(fileURLToPath(import.meta.url)));
}

let available: boolean | undefined;

/**
 * `BIN --version`'s first line when it names Claude Code, else undefined (a broken postinstall
 * leaves a stub that exits 1). Even this probe gets a throwaway HOME: no run of claude may see
 * the real one.
 */
export function probeClaude(bin: string): string | undefined {
  const home = mkdtempSync(join(tmpdir(), 'ccsync-claude-probe-'));
  try {
    const probe = spawnSync(bin, ['--version'], {
      stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000, killSignal: 'SIGKILL', encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '', HOME: home, TMPDIR: home, DISABLE_AUTOUPDATER: '1' },
    });
    const first = (probe.stdout ?? '').split('\n')[0]?.trim() ?? '';
    return probe.status === 0 && /Claude Code/.test(first) ? first : undefined;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** True when the binary exists and answers --version. */
export function claudeAvailable(): boolean {
  if (available !== undefined) return available;
  const bin = claudeBin();
  return (available = bin !== undefined && probeClaude(bin) !== undefined);
}

/** The environment of one run: the notes' list, PATH from the parent, nothing else inherited. */
export function claudeEnv(home: string, baseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  const tmp = join(home, 'tmp');
  mkdirSync(tmp, { recursive: true });
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: home,
    // Windows builds look at USERPROFILE for the home dir.
    ...(process.platform === 'win32' ? { USERPROFILE: home } : {}),
    TMPDIR: tmp,
    CLAUDE_CODE_TMPDIR: tmp,
    ANTHROPIC_BASE_URL: baseUrl,
    ANTHROPIC_API_KEY: 'sk-ant-fake-offline-test',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    ...extra,
  };
}

/** `session_id` of a `--output-format json` result (a guard, not zod: see fake-anthropic.ts). */
export function sessionIdOf(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null || !('session_id' in json)) return undefined;
  return typeof json.session_id === 'string' ? json.session_id : undefined;
}

export function parseJsonOutput(stdout: string): unknown {
  const text = stdout.trim();
  if (text === '') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value;
  } catch {
    // Anything printed before the result (a warning) leaves the result as the last line.
    const last = text.split('\n').pop() ?? '';
    try {
      const value: unknown = JSON.parse(last);
      return value;
    } catch {
      return undefined;
    }
  }
}

// Runs still going when the test process exits (a runner timeout, an uncaught error): their
// own process group would otherwise outlive us, so they are killed on the way out.
const live = new Set<number>();
process.once('exit', () => {
  for (const pid of live) killTree(pid);
});

function killTree(pid: number): void {
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, 'SIGKILL');
  } catch {
    try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
  }
}

export function runClaude(opts: RunClaudeOptions): Promise<RunClaudeResult> {
  const bin = claudeBin();
  if (bin === undefined) return Promise.reject(new Error('claude binary not found (set CCSYNC_CLAUDE_BIN)'));
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const started = Date.now();
  // Own process group (POSIX), so a timeout also ends helpers claude started (shells, ...).
  const group = process.platform !== 'win32';
  const child = spawn(bin, opts.args, {
    cwd: opts.cwd,
    env: claudeEnv(opts.home, opts.baseUrl, opts.env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: group,
    windowsHide: true,
  });
  if (child.pid !== undefined) live.add(child.pid);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));

  return new Promise((resolvePromise, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) killTree(child.pid);
    }, timeoutMs);
    const done = (): void => {
      clearTimeout(timer);
      if (child.pid !== undefined) live.delete(child.pid);
    };
    child.once('error', (e) => { done(); reject(e); });
    child.once('close', (code, signal) => {
      done();
      const stdout = Buffer.concat(out).toString('utf8');
      const json = parseJsonOutput(stdout);
      const sessionId = sessionIdOf(json);
      resolvePromise({
        code, signal, stdout,
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
        durationMs: Date.now() - started,
        ...(json === undefined ? {} : { json }),
        ...(sessionId === undefined ? {} : { sessionId }),
      });
    });
  });
}
