// `ccsync launch` over a real sshd, driven through a real PTY (a local tmux pane), with a
// stand-in claude on the remote (issue #4): the exact remote command ssh delivered, the cwd and
// argv claude got, and the line it appended pulled back — after a normal exit, after the ssh
// process is killed (a dropped connection) and after the remote claude is killed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultTmuxName, displayCommand, launchRemoteCommand, type LaunchPlan } from '../../src/pod/launch-script.js';
import { SSHD } from '../helpers/sshd.js';
import { childPids, runInPty, startLaunchWorld, waitFor, type LaunchWorld, type PtyRun } from '../helpers/launch-fixture.js';
import { runCli } from '../integration/cli-harness.js';

const skip = SSHD ? false : 'sshd not installed (apt-get install openssh-server)';
let world: LaunchWorld;

before(async () => {
  if (!skip) world = await startLaunchWorld();
});
after(async () => {
  if (!skip) await world.stop();
});

/** Before each launch: how the stand-in behaves and the line it appends. */
function prepare(mode: 'exit' | 'hang', seed: string): { uuid: string } {
  rmSync(join(world.sshd.remoteHome, 'claude-run.txt'), { force: true });
  writeFileSync(join(world.sshd.remoteHome, 'mode'), mode);
  const line = world.remoteLine(seed);
  writeFileSync(join(world.sshd.remoteHome, 'line1'), line.text);
  return { uuid: line.uuid };
}

function pulledBack(uuid: string): boolean {
  const local = readFileSync(world.localSessionFile, 'utf8');
  const line = local.split('\n').find((text) => text.includes(uuid));
  // back here with the remote's paths mapped to this machine's
  return line !== undefined && JSON.parse(line).cwd === world.localProject;
}

async function finished(run: PtyRun): Promise<number> {
  return waitFor('ccsync to exit', () => run.exitCode(), 60_000, run.screen);
}

test('--dry-run prints the push, the ssh command and the pull, and connects nowhere', { skip, timeout: 60_000 }, () => {
  const connections = world.sshd.connections();
  const result = runCli(world.cli, ['launch', 'pod', '--resume', world.sessionId, '--dry-run', '--', '--model', 'x y'], world.env, world.localProject);
  assert.equal(result.status, 0, result.stderr);
  const command = launchRemoteCommand({ remoteDir: world.remoteProject, session: { kind: 'resume', id: world.sessionId }, claudeArgs: ['--model', 'x y'], tmux: undefined });
  const lines = result.stdout.split('\n');
  assert.match(lines[0] ?? '', /^push: ccsync push pod '.*proj '"'"'q'"'"' \$x é'$/);
  assert.ok(lines[1]?.startsWith(`ssh:  ssh -F ${world.sshd.sshConfigPath} -t -o BatchMode=yes -o ConnectTimeout=20 `), lines[1]);
  assert.ok(lines[1]?.endsWith(` -- testhost '${command.replace(/'/g, `'"'"'`)}'`), 'the last word is the remote command, quoted once more for the reader');
  assert.match(lines[2] ?? '', /^pull: ccsync pull pod /);
  assert.equal(world.sshd.connections(), connections);
});

test('usage: LOCAL_PATH vs claude arguments after --, one session choice, --attach alone', { skip }, () => {
  const run = (args: string[]): ReturnType<typeof runCli> => runCli(world.cli, ['launch', 'pod', '--dry-run', ...args], world.env, world.localProject);
  const shows = (args: string[], plan: Partial<LaunchPlan>): void => {
    const command = launchRemoteCommand({ remoteDir: world.remoteProject, session: { kind: 'new' }, claudeArgs: [], tmux: undefined, ...plan });
    const result = run(args);
    assert.ok(result.stdout.includes(` -- testhost ${displayCommand([command])}\n`), `${args.join(' ')}: ${result.stdout}${result.stderr}`);
  };
  shows(['.', '--', 'extra'], { session: { kind: 'resume', id: world.sessionId }, claudeArgs: ['extra'] }); // default: the newest session here
  shows(['--new', '--', '.'], { claudeArgs: ['.'] });
  shows(['--tmux', '--continue'], { session: { kind: 'continue' }, tmux: { name: defaultTmuxName(world.remoteProject), attach: false } });
  shows(['--attach'], { tmux: { name: defaultTmuxName(world.remoteProject), attach: true } });
  for (const bad of [['.', 'extra'], ['--new', '--continue'], ['--attach', '--new'], ['--tmux', 'a.b'], ['--resume', 'nope']]) {
    const result = run(bad);
    assert.equal(result.status, 2, `${bad.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, /^ccsync: /);
  }
});

test('a normal exit: the exact remote command, cwd and argv on a PTY; the appended line is pulled; exit code is claude\'s', { skip, timeout: 90_000 }, async () => {
  const { uuid } = prepare('exit', 'normal');
  const run = runInPty(world, ['launch', 'pod', '--resume', world.sessionId, '--', '--model', "it's \"$HOME\""], world.localProject);
  try {
    assert.equal(await finished(run), 7, run.screen());
    const seen = world.lastRun();
    const expected = launchRemoteCommand({ remoteDir: world.remoteProject, session: { kind: 'resume', id: world.sessionId }, claudeArgs: ['--model', "it's \"$HOME\""], tmux: undefined });
    assert.deepEqual(seen?.get('command'), [expected]);
    assert.deepEqual(seen?.get('cwd'), [world.remoteProject]);
    assert.deepEqual(seen?.get('arg'), ['--resume', world.sessionId, '--model', "it's \"$HOME\""]);
    assert.deepEqual(seen?.get('tty'), ['yes']);
    assert.ok(pulledBack(uuid), `the appended line is here:\n${run.screen()}`);
    assert.match(run.screen(), /claude exited with 7; pulling/);
  } finally {
    run.stop();
  }
});

test('the ssh process killed (a dropped connection): still pulled, and the remote claude gets a hangup', { skip, timeout: 90_000 }, async () => {
  const { uuid } = prepare('hang', 'dropped');
  const run = runInPty(world, ['launch', 'pod'], world.localProject);
  try {
    const seen = await waitFor('the stand-in to start', () => world.lastRun(), 30_000, run.screen);
    const ccsync = await waitFor('ccsync', () => run.ccsyncPid(), 5_000);
    const ssh = childPids(ccsync).find((pid) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'ssh');
    assert.ok(ssh !== undefined, 'ssh runs under ccsync');
    process.kill(ssh, 'SIGKILL');
    assert.equal(await finished(run), 128 + 9, run.screen());
    assert.ok(pulledBack(uuid), run.screen());
    assert.match(run.screen(), /ssh was stopped by SIGKILL; pulling/);
    const remotePid = Number(seen.get('pid')?.[0]);
    await waitFor('sshd to hang up the remote claude', () => !isAlive(remotePid), 15_000);
  } finally {
    run.stop();
  }
});

test('the remote claude killed: ssh ends, the line is pulled', { skip, timeout: 90_000 }, async () => {
  const { uuid } = prepare('hang', 'killed');
  const run = runInPty(world, ['launch', 'pod', '--continue'], world.localProject);
  try {
    const seen = await waitFor('the stand-in to start', () => world.lastRun(), 30_000, run.screen);
    assert.deepEqual(seen.get('arg'), ['--continue']);
    process.kill(Number(seen.get('pid')?.[0]), 'SIGTERM');
    const code = await finished(run);
    assert.notEqual(code, 0, run.screen());
    assert.ok(pulledBack(uuid), run.screen());
  } finally {
    run.stop();
  }
});

test('no project dir and no claude on the remote: a clear error each, exit 1', { skip, timeout: 90_000 }, async () => {
  prepare('exit', 'errors');
  renameSync(world.remoteProject, `${world.remoteProject}.away`);
  let run = runInPty(world, ['launch', 'pod', '--new'], world.localProject);
  try {
    assert.equal(await finished(run), 1, run.screen());
    assert.match(run.screen().replace(/\n/g, ''), /does not exist on 'pod': create it/);
  } finally {
    run.stop();
    renameSync(`${world.remoteProject}.away`, world.remoteProject);
  }
  const standIn = world.standInPath;
  renameSync(standIn, `${standIn}.off`);
  run = runInPty(world, ['launch', 'pod', '--new'], world.localProject);
  try {
    assert.equal(await finished(run), 1, run.screen());
    assert.match(run.screen().replace(/\n/g, ''), /claude is not installed on 'pod': install it with `ccsync setup pod --install-claude`/);
  } finally {
    run.stop();
    renameSync(`${standIn}.off`, standIn);
  }
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
