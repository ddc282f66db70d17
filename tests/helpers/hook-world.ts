// The world of the hooks end-to-end tests (issue #12): machine A is a sandbox HOME (its own
// XDG dirs and ccsync config) whose settings.json already has the user's own hooks; B is
// another HOME reached as a `dir:` remote; the real Claude Code runs offline on both.
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeAnthropic, type FakeAnthropic } from './fake-anthropic.js';
import { runClaude, type RunClaudeResult } from './claude-runner.js';
import { makeSandbox, runCli, type Sandbox } from '../integration/cli-harness.js';

export interface HookWorld {
  cli: Sandbox;
  api: FakeAnthropic;
  homeB: string;
  projA: string;
  projB: string;
  userLog: string;
  settings: string;
  /** the user's settings.json before ccsync touched it */
  original: string;
}

export async function hookWorld(t: TestContext): Promise<HookWorld> {
  const cli = await makeSandbox();
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'ccsync-hooks-b-')));
  const homeB = join(root, 'b home');
  const projA = join(realpathSync(cli.home), 'code', 'proj');
  const projB = join(homeB, 'work', 'proj');
  mkdirSync(projA, { recursive: true });
  mkdirSync(projB, { recursive: true });
  const userLog = join(cli.root, 'user-hooks.log');
  const userHook = (name: string): string => `echo ${name} >> '${userLog}'`;
  const original = `{
  "includeCoAuthoredBy": false,
  "hooks": {
    "SessionStart": [
      {
        "hooks": [
          {
            "type": "command",
            "command": ${JSON.stringify(userHook('user-start'))}
          }
        ]
      }
    ],
    "SessionEnd": [
      {
        "hooks": [
          {
            "type": "command",
            "command": ${JSON.stringify(userHook('user-end'))}
          }
        ]
      }
    ]
  },
  "cleanupPeriodDays": 365
}
`;
  const settings = join(cli.home, '.claude', 'settings.json');
  mkdirSync(join(cli.home, '.claude'), { recursive: true });
  writeFileSync(settings, original);
  const api = await startFakeAnthropic();
  t.after(async () => {
    await api.close();
    await cli.cleanup();
    rmSync(root, { recursive: true, force: true });
  });
  return { cli, api, homeB, projA, projB, userLog, settings, original };
}

/** Claude on A runs under the sandbox's XDG dirs and config, as a user's shell would give it. */
export function claudeOnA(w: HookWorld, args: string[], env: Record<string, string> = {}): Promise<RunClaudeResult> {
  const { XDG_CONFIG_HOME = '', XDG_STATE_HOME = '', CCSYNC_CONFIG = '' } = w.cli.env;
  return runClaude({ home: w.cli.home, cwd: w.projA, args: ['-p', '--output-format', 'json', ...args], baseUrl: w.api.url, env: { XDG_CONFIG_HOME, XDG_STATE_HOME, CCSYNC_CONFIG, ...env } });
}

export function ccsync(w: HookWorld, args: string[]): string {
  const result = runCli(w.cli, args, {}, w.projA);
  assert.equal(result.status, 0, `ccsync ${args.join(' ')}: ${result.stderr}${result.stdout}`);
  return result.stdout;
}

/** Polls `probe` every 100 ms until it gives a value (not undefined), for at most `ms`. */
export async function eventually<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
