// `ccsync launch --tmux` and `--attach` over a real sshd and a real PTY (issue #4): claude runs
// in a remote tmux session (real tmux: the remote is this machine) that outlives a dropped
// connection; the pull after the drop brings what was written so far, and `--attach` later
// re-attaches and pulls what came after.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultTmuxName } from '../../src/pod/launch-script.js';
import { SSHD } from '../helpers/sshd.js';
import { childPids, runInPty, startLaunchWorld, waitFor, type LaunchWorld } from '../helpers/launch-fixture.js';

const tmuxMissing = (() => {
  try {
    readFileSync('/usr/bin/tmux');
    return false;
  } catch {
    return 'tmux not installed';
  }
})();
const skip = SSHD ? tmuxMissing : 'sshd not installed (apt-get install openssh-server)';
let world: LaunchWorld;

before(async () => {
  if (!skip) world = await startLaunchWorld();
});
after(async () => {
  if (!skip) await world.stop();
});

function localHas(uuid: string): boolean {
  return readFileSync(world.localSessionFile, 'utf8').includes(uuid);
}

test('--tmux survives a dropped connection; --attach re-attaches and pulls what came after', { skip, timeout: 120_000 }, async () => {
  const home = world.sshd.remoteHome;
  rmSync(join(home, 'go'), { force: true });
  writeFileSync(join(home, 'mode'), 'wait-go');
  const first = world.remoteLine('in tmux');
  const second = world.remoteLine('after re-attach');
  writeFileSync(join(home, 'line1'), first.text);
  writeFileSync(join(home, 'line2'), second.text);
  const name = defaultTmuxName(world.remoteProject);

  const launch = runInPty(world, ['launch', 'pod', '--tmux'], world.localProject);
  try {
    const seen = await waitFor('the stand-in to start in tmux', () => world.lastRun(), 30_000, launch.screen);
    assert.deepEqual(seen.get('cwd'), [world.remoteProject]);
    assert.deepEqual(seen.get('arg'), ['--resume', world.sessionId]);
    assert.deepEqual(seen.get('tty'), ['yes']);
    assert.equal(world.remoteTmux(['has-session', '-t', `=${name}`]).status, 0, 'the remote tmux session has the default name');
    // drop the connection: kill the local ssh
    const ccsync = await waitFor('ccsync', () => launch.ccsyncPid(), 5_000);
    const ssh = childPids(ccsync).find((pid) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'ssh');
    assert.ok(ssh !== undefined);
    process.kill(ssh, 'SIGKILL');
    await waitFor('ccsync to exit', () => launch.exitCode(), 60_000, launch.screen);
    assert.ok(localHas(first.uuid), `what was written before the drop is pulled:\n${launch.screen()}`);
    assert.equal(localHas(second.uuid), false);
  } finally {
    launch.stop();
  }
  assert.equal(world.remoteTmux(['has-session', '-t', `=${name}`]).status, 0, 'claude still runs in tmux after the drop');

  const attach = runInPty(world, ['launch', 'pod', '--attach'], world.localProject);
  try {
    await waitFor('the tmux client of --attach', () => world.remoteTmux(['list-clients', '-t', `=${name}`]).stdout.trim() !== '' || undefined, 30_000, attach.screen);
    writeFileSync(join(home, 'go'), ''); // the stand-in appends its second line and exits: tmux ends, ssh ends
    const code = await waitFor('ccsync --attach to exit', () => attach.exitCode(), 60_000, attach.screen);
    assert.equal(code, 0, attach.screen());
    assert.ok(localHas(second.uuid), `what came after is pulled:\n${attach.screen()}`);
    assert.doesNotMatch(attach.screen(), /ccsync: pushing/, '--attach does not push');
  } finally {
    attach.stop();
  }
  assert.notEqual(world.remoteTmux(['has-session', '-t', `=${name}`]).status, 0, 'the tmux session ended with claude');

  const again = runInPty(world, ['launch', 'pod', '--attach'], world.localProject);
  try {
    assert.equal(await waitFor('ccsync to exit', () => again.exitCode(), 60_000, again.screen), 1);
    assert.match(again.screen().replace(/\n/g, ''), new RegExp(`no tmux session ${name} on 'pod': it has ended`));
  } finally {
    again.stop();
  }
});

test('detaching from --tmux (claude still runs there): says so, how to re-attach, pulls what was written, exit 0', { skip, timeout: 120_000 }, async () => {
  const home = world.sshd.remoteHome;
  rmSync(join(home, 'go'), { force: true });
  rmSync(join(home, 'claude-run.txt'), { force: true });
  writeFileSync(join(home, 'mode'), 'wait-go');
  const first = world.remoteLine('before the detach');
  writeFileSync(join(home, 'line1'), first.text);
  writeFileSync(join(home, 'line2'), world.remoteLine('never written').text);
  const name = defaultTmuxName(world.remoteProject);
  const launch = runInPty(world, ['launch', 'pod', '--tmux'], world.localProject);
  try {
    await waitFor('the stand-in to start in tmux', () => world.remoteTmux(['list-clients', '-t', `=${name}`]).stdout.trim() !== '' || undefined, 30_000, launch.screen);
    // the stand-in writes its record after it appended line1
    await waitFor('the stand-in to append its first line', () => world.lastRun(), 30_000, launch.screen);
    assert.equal(world.remoteTmux(['detach-client', '-s', `=${name}`]).status, 0, 'detached the way Ctrl-b d does');
    const code = await waitFor('ccsync to exit after the detach', () => launch.exitCode(), 60_000, launch.screen);
    const screen = launch.screen().replace(/\n/g, '');
    assert.equal(code, 0, launch.screen());
    assert.doesNotMatch(screen, /claude exited/, 'claude did not exit');
    assert.match(screen, new RegExp(`claude is still running on 'pod' in tmux session ${name}; what it wrote so far was pulled \\(above\\)\\. Re-attach with \`ccsync launch pod --attach\``));
    assert.match(screen, /pull: 1 done/, 'the pull summary says what came back');
    assert.ok(localHas(first.uuid), `what was written before the detach is pulled:\n${launch.screen()}`);
  } finally {
    launch.stop();
  }
  assert.equal(world.remoteTmux(['has-session', '-t', `=${name}`]).status, 0, 'claude still runs in tmux after the detach');
  world.remoteTmux(['kill-session', '-t', `=${name}`]);
});
