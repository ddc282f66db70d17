// The hook runner without Claude (issue #12): what Claude Code would feed it on stdin, run as
// the compiled CLI in a sandbox HOME with a `dir:` remote. Bad input still exits 0 and is
// logged; Stop pushes queued behind a busy lock coalesce into one; a resumed session that a
// pull extended gets a notice for the user (a JSON systemMessage), a new one gets nothing on
// stdout; install writes through a settings.json symlink and honours CLAUDE_CONFIG_DIR.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { readHookRecords, type HookRecord } from '../../src/hooks/hook-log.js';
import { makeTranscript } from '../helpers/transcripts.js';
import { appendTurn } from '../helpers/ssh-cli.js';
import { eventually } from '../helpers/hook-world.js';
import { CLI_PATH, makeSandbox, runCli, type Sandbox } from './cli-harness.js';

const SID = '2c1f3e8d-5b6a-4f9c-8d2e-3f4a5b6c7d8e';

interface Setup {
  box: Sandbox;
  project: string;
  remoteHome: string;
  remoteProject: string;
}

async function setup(t: { after: (fn: () => Promise<void>) => void }): Promise<Setup> {
  const box = await makeSandbox();
  t.after(() => box.cleanup());
  const project = join(realpathSync(box.home), 'proj');
  const remoteHome = join(box.root, 'remote');
  const remoteProject = join(remoteHome, 'work', 'proj');
  mkdirSync(project, { recursive: true });
  mkdirSync(remoteProject, { recursive: true });
  mkdirSync(join(box.home, '.claude'), { recursive: true });
  for (const args of [['remote', 'add', 'b', `dir:${remoteHome}`], ['map', 'add', 'b', project, remoteProject]]) {
    assert.equal(runCli(box, args).status, 0);
  }
  return { box, project, remoteHome, remoteProject };
}

function hook(box: Sandbox, step: string, input: unknown, extra: string[] = []): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI_PATH, 'hook', step, ...extra], {
    env: box.env, input: typeof input === 'string' ? input : JSON.stringify(input), encoding: 'utf8', timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function input(s: Setup, event: string, more: Record<string, unknown> = {}): Record<string, unknown> {
  return { session_id: SID, transcript_path: '/x', cwd: s.project, hook_event_name: event, ...more };
}

function records(box: Sandbox): Promise<HookRecord[]> {
  return readHookRecords(box.stateDir);
}

test('input that is not a hook input: exit 0, nothing printed, the log says why', async (t) => {
  const s = await setup(t);
  for (const bad of ['not json', '{"cwd": 3}']) {
    const result = hook(s.box, 'session-start', bad);
    assert.deepEqual([result.status, result.stdout, result.stderr], [0, '', '']);
  }
  const logged = await records(s.box);
  assert.equal(logged.length, 2);
  assert.match(logged[0]?.message ?? '', /not JSON/);
  assert.match(logged[1]?.message ?? '', /lacks/);
});

test('Stop pushes behind a busy lock coalesce: one push runs, the others say coalesced', async (t) => {
  const s = await setup(t);
  const local = join(s.box.home, '.claude', 'projects', encodeProjectDir(s.project, process.platform), `${SID}.jsonl`);
  mkdirSync(join(local, '..'), { recursive: true });
  writeFileSync(local, makeTranscript(SID, s.project, 2));
  const lock = join(s.box.stateDir, 'lock');
  mkdirSync(s.box.stateDir, { recursive: true });
  writeFileSync(lock, `${JSON.stringify({ pid: process.pid, startedAt: Date.now() })}\n`);
  for (let turn = 0; turn < 3; turn++) assert.equal(hook(s.box, 'stop', input(s, 'Stop')).status, 0);
  await eventually('two coalesced records', async () => ((await records(s.box)).filter((r) => r.status === 'coalesced').length === 2 ? true : undefined));
  rmSync(lock);
  const pushed = await eventually('the queued push', async () => (await records(s.box)).find((r) => r.status === 'ok'));
  assert.equal(pushed.action, 'push');
  assert.equal(pushed.event, 'stop');
  assert.ok(existsSync(join(s.remoteHome, '.claude', 'projects', encodeProjectDir(s.remoteProject, process.platform), `${SID}.jsonl`)));
  assert.equal((await records(s.box)).filter((r) => r.status === 'ok').length, 1);
});

test('SessionStart: silent on startup; on resume, a notice when the pull extended this very session', async (t) => {
  const s = await setup(t);
  const remote = join(s.remoteHome, '.claude', 'projects', encodeProjectDir(s.remoteProject, process.platform), `${SID}.jsonl`);
  mkdirSync(join(remote, '..'), { recursive: true });
  writeFileSync(remote, makeTranscript(SID, s.remoteProject, 2));
  const startup = hook(s.box, 'session-start', input(s, 'SessionStart', { source: 'startup', session_id: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a' }));
  assert.deepEqual([startup.status, startup.stdout], [0, ''], 'a new session: nothing for the model');
  const local = join(s.box.home, '.claude', 'projects', encodeProjectDir(s.project, process.platform), `${SID}.jsonl`);
  assert.match(readFileSync(local, 'utf8'), /prompt 2/, 'the pull brought the project\'s sessions');

  appendTurn(remote, SID, s.remoteProject, 'on the remote', 5);
  const resumed = hook(s.box, 'session-start', input(s, 'SessionStart', { source: 'resume' }), ['--deadline', '20']);
  assert.equal(resumed.status, 0);
  const notice: unknown = JSON.parse(resumed.stdout);
  assert.ok(typeof notice === 'object' && notice !== null && 'systemMessage' in notice && typeof notice.systemMessage === 'string');
  assert.match(notice.systemMessage, new RegExp(`claude --resume ${SID}`));
  const again = hook(s.box, 'session-start', input(s, 'SessionStart', { source: 'resume' }));
  assert.equal(again.stdout, '', 'nothing new: no notice');
});

test('install writes through a settings.json symlink and into $CLAUDE_CONFIG_DIR', async (t) => {
  const s = await setup(t);
  const store = join(s.box.root, 'store', 'settings.json');
  mkdirSync(join(store, '..'), { recursive: true });
  writeFileSync(store, '{\n  "model": "opus"\n}\n');
  const link = join(s.box.home, '.claude', 'settings.json');
  symlinkSync(store, link);
  assert.equal(runCli(s.box, ['hooks', 'install']).status, 0);
  assert.ok(lstatSync(link).isSymbolicLink(), 'the link stays a link');
  assert.match(readFileSync(store, 'utf8'), /hook session-start/);
  assert.equal(runCli(s.box, ['hooks', 'remove']).status, 0);
  assert.equal(readFileSync(store, 'utf8'), '{\n  "model": "opus"\n}\n');

  const other = join(s.box.root, 'other-claude');
  mkdirSync(other);
  assert.equal(runCli(s.box, ['hooks', 'install', '--on-stop', '--remote', 'b'], { CLAUDE_CONFIG_DIR: other }).status, 0);
  const written = JSON.parse(readFileSync(join(other, 'settings.json'), 'utf8'));
  assert.deepEqual(Object.keys(written.hooks), ['SessionStart', 'SessionEnd', 'Stop']);
  const status = JSON.parse(runCli(s.box, ['hooks', 'status', '--json'], { CLAUDE_CONFIG_DIR: other }).stdout);
  assert.equal(status.installed, true);
  assert.equal(runCli(s.box, ['hooks', 'remove'], { CLAUDE_CONFIG_DIR: other }).status, 0);
  assert.equal(existsSync(join(other, 'settings.json')), false, 'a file ccsync created is gone again');
  const unknown = runCli(s.box, ['hooks', 'install', '--remote', 'nope']);
  assert.notEqual(unknown.status, 0);
  assert.match(unknown.stderr, /nope/);
});
