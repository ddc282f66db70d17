// The README's "Pods" section, in its order, as one flow over a real sshd (issue #10 item 1):
// remote add with `--port '${POD_PORT}'`, map, check, setup (twice), push --config with prompt
// history and settings.json present, launch (a real terminal: a local tmux pane), pull, setup
// again, push. setup links history.jsonl, settings.json, CLAUDE.md … into the store; every
// later writer must go through those links (the store keeps the data, the links stay links),
// and no run may fail or warn about them. Stand-ins as in launch-ssh.test.ts: claude on the
// remote is the fixture's recording script.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SSHD } from '../helpers/sshd.js';
import { runInPty, startLaunchWorld, waitFor, type LaunchWorld } from '../helpers/launch-fixture.js';
import { runCli } from '../integration/cli-harness.js';

const skip = SSHD ? false : 'sshd not installed (apt-get install openssh-server)';
let world: LaunchWorld;

before(async () => {
  if (!skip) world = await startLaunchWorld();
});
after(async () => {
  if (!skip) await world.stop();
});

const historyLine = (display: string, timestamp: number, project: string): string =>
  `${JSON.stringify({ display, pastedContents: {}, timestamp, project })}\n`;

test('README Pods, in order: setup twice, push --config, launch, pull, setup again, push', { skip, timeout: 240_000 }, async () => {
  const { cli, sshd, localProject, remoteProject } = world;
  // `export POD_PORT=…` of the README, for every run below (the launch's terminal included)
  world.env['POD_PORT'] = String(sshd.port);
  const env = world.env;
  const ccsync = (args: string[]): { status: number | null; stdout: string; stderr: string } => runCli(cli, args, env, localProject);
  const ok = (args: string[]): { stdout: string; stderr: string } => {
    const result = ccsync(args);
    assert.equal(result.status, 0, `ccsync ${args.join(' ')}:\n${result.stderr}${result.stdout}`);
    assert.doesNotMatch(result.stderr, /warning|refusing|not a regular file/i, `ccsync ${args.join(' ')} warned:\n${result.stderr}`);
    return result;
  };
  const remoteClaude = join(sshd.remoteHome, '.claude');
  const store = join(sshd.remoteHome, 'volume', 'claude-sessions');
  // a pod that has been used once: its own settings and history in ~/.claude, as real files
  mkdirSync(remoteClaude, { recursive: true });
  writeFileSync(join(remoteClaude, 'settings.json'), '{\n  "model": "opus"\n}\n');
  writeFileSync(join(remoteClaude, 'history.jsonl'), historyLine('on the pod before setup', 1_000, remoteProject));
  // this machine: settings, CLAUDE.md and prompt history of the project
  const localClaude = join(cli.home, '.claude');
  writeFileSync(join(localClaude, 'settings.json'), '{\n  "theme": "dark"\n}\n');
  writeFileSync(join(localClaude, 'CLAUDE.md'), '# my rules\n');
  writeFileSync(join(localClaude, 'history.jsonl'), historyLine('plan it here', 2_000, localProject) + historyLine('private', 2_500, '/elsewhere'));

  // once: where the pod is (the port from an env var), and where the project lives there
  ok(['remote', 'remove', 'pod']);
  ok(['remote', 'add', 'pod', 'root@127.0.0.1', '--port', '${POD_PORT}']);
  ok(['map', 'add', 'pod', localProject, remoteProject]);
  ok(['check', 'pod']);

  // once per pod, and again (idempotent)
  ok(['setup', 'pod', '--store', store, '--install-claude']);
  const second = ok(['setup', 'pod', '--store', store, '--install-claude']);
  assert.match(second.stdout, /nothing to change: already set up/);
  const linked = ['projects', 'settings.json', 'CLAUDE.md', 'history.jsonl'];
  const linksIntact = (when: string): void => {
    for (const name of linked) {
      assert.ok(lstatSync(join(remoteClaude, name)).isSymbolicLink(), `${when}: ~/.claude/${name} is still a link`);
      assert.equal(readlinkSync(join(remoteClaude, name)), join(store, name), `${when}: ~/.claude/${name} links into the store`);
    }
  };
  linksIntact('after setup');
  mkdirSync(remoteProject, { recursive: true });

  // push --config with history and settings present: written through the links, into the store
  const pushed = ok(['push', 'pod', '--config']);
  assert.match(pushed.stdout, /push: 1 done, .* 0 failed/);
  linksIntact('after push --config');
  const storeHistory = readFileSync(join(store, 'history.jsonl'), 'utf8');
  assert.equal(storeHistory, historyLine('on the pod before setup', 1_000, remoteProject) + historyLine('plan it here', 2_000, remoteProject));
  assert.deepEqual(JSON.parse(readFileSync(join(store, 'settings.json'), 'utf8')), { model: 'opus', theme: 'dark' });
  assert.equal(readFileSync(join(store, 'CLAUDE.md'), 'utf8'), '# my rules\n');

  // launch: push, claude on the pod (appends a line to the session), pull on exit
  rmSync(join(sshd.remoteHome, 'claude-run.txt'), { force: true });
  writeFileSync(join(sshd.remoteHome, 'mode'), 'exit');
  const line = world.remoteLine('pods-readme');
  writeFileSync(join(sshd.remoteHome, 'line1'), line.text);
  const run = runInPty(world, ['launch', 'pod'], localProject);
  try {
    const code = await waitFor('launch to end', () => run.exitCode(), 90_000, run.screen);
    const screen = run.screen();
    assert.equal(code, 7, `claude's exit code:\n${screen}`);
    assert.match(screen, /claude exited with 7; pulling/);
    assert.doesNotMatch(screen, /warning|refus|not a regular file|[1-9][0-9]* failed/i, screen);
    assert.deepEqual(world.lastRun()?.get('arg'), ['--resume', world.sessionId]);
  } finally {
    run.stop();
  }
  assert.ok(readFileSync(world.localSessionFile, 'utf8').includes(line.uuid), 'the line claude wrote on the pod is here');
  linksIntact('after launch');

  // a prompt typed on the pod comes back with `pull`, project mapped; nothing is warned
  writeFileSync(join(store, 'history.jsonl'), `${storeHistory}${historyLine('typed on the pod', 3_000, remoteProject)}`);
  ok(['pull', 'pod']);
  assert.ok(readFileSync(join(localClaude, 'history.jsonl'), 'utf8').endsWith(historyLine('typed on the pod', 3_000, localProject)));
  const quiet = ok(['pull', 'pod']);
  assert.match(quiet.stdout, /pull: 0 done/);

  // after a pod restart: setup again changes nothing, and the next push works
  const again = ok(['setup', 'pod', '--store', store, '--install-claude']);
  assert.match(again.stdout, /nothing to change: already set up/);
  writeFileSync(join(localClaude, 'history.jsonl'), `${readFileSync(join(localClaude, 'history.jsonl'), 'utf8')}${historyLine('after the restart', 4_000, localProject)}`);
  ok(['push', 'pod', '--config']);
  assert.ok(readFileSync(join(store, 'history.jsonl'), 'utf8').endsWith(historyLine('after the restart', 4_000, remoteProject)));
  linksIntact('at the end');
});
