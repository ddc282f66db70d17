// Runs the compiled CLI as a user would, in a throwaway HOME with its own XDG dirs and
// config: never the real ones. The compiled cli.js sits at <out>/src/cli/cli.js.
import { spawnSync } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/temp-dir.js';

export const CLI_PATH = fileURLToPath(new URL('../../src/cli/cli.js', import.meta.url));

export interface Sandbox {
  root: string;
  home: string;
  configPath: string;
  stateDir: string;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

export async function makeSandbox(): Promise<Sandbox> {
  const root = tempDir('ccsync-cli-'); // removed at exit too, when a test does not clean up
  const home = join(root, 'home');
  await mkdir(home, { recursive: true });
  const configPath = join(root, 'config', 'ccsync', 'config.toml');
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: join(root, 'config'),
    XDG_STATE_HOME: join(root, 'state'),
    CCSYNC_CONFIG: configPath,
    // One ssh connection per run, as the tests that count logins or break a connection
    // expect; tests/e2e/ssh-reuse.test.ts runs with ccsync's connection reuse (the default).
    CCSYNC_SSH_REUSE: '0',
    // The CLI's V8 code cache (scripts/code-cache.mjs), shared by every test's CLI runs and kept
    // outside the sandbox, whose files some tests compare before and after a run.
    XDG_CACHE_HOME: join(tmpdir(), 'ccsync-test-code-cache'),
  };
  return {
    root,
    home,
    configPath,
    stateDir: join(root, 'state', 'ccsync'),
    env,
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(sandbox: Sandbox, args: string[], extraEnv: Record<string, string> = {}, cwd?: string): CliResult {
  const result = spawnSync(process.execPath, [CLI_PATH, ...args], {
    env: { ...sandbox.env, ...extraEnv },
    cwd: cwd ?? sandbox.home,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
