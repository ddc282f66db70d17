// Connection reuse owned by ccsync (issue #11): the first run leaves an OpenSSH master on a
// private socket, later runs log in through it; the opt-outs, a user's own ControlMaster, a
// stale socket and a master that hangs. Every test stops the masters it made.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { SSHD, startSshd, type SshdFixture } from '../helpers/sshd.js';
import { appendTurn, resetRemote, sshClient, uuidsOf, type SshClient } from '../helpers/ssh-cli.js';
import { masterPid, masterSockets, stopMasters } from '../helpers/ssh-masters.js';
import { REUSE_HELLO_MS } from '../../src/transport/ssh-reuse.js';

const skip = SSHD ? false : 'sshd not installed (apt-get install openssh-server): SSH tests skipped';
const SID = '7d2e4c32-3f40-4b5c-8d6e-7f8091a2b3c4';
/** the sandbox turns reuse off for the other tests (cli-harness.ts); these turn it back on */
const REUSE = { CCSYNC_SSH_REUSE: '1' };

describe("ccsync's own ssh connection reuse", { skip }, () => {
  let sshd: SshdFixture;
  let client: SshClient;
  before(async () => {
    sshd = await startSshd();
  });
  after(async () => {
    await sshd?.stop();
  });
  beforeEach(async () => {
    resetRemote(sshd);
    client = await sshClient(sshd);
  });

  const cleanup = async (): Promise<void> => {
    stopMasters(client.sandbox.stateDir);
    await client.cleanup();
  };

  test('the first run leaves a master on a private socket; the next runs log in through it; both opt-outs connect directly', async (t) => {
    t.after(cleanup);
    client.writeLocal(SID, 2);
    const before = sshd.connections();
    await client.ok(['push', 'pod', '--json'], REUSE);
    assert.equal(sshd.connections() - before, 1);
    const [socket, ...others] = masterSockets(client.sandbox.stateDir);
    assert.ok(socket !== undefined && others.length === 0, 'no single master socket under the state dir');
    assert.equal(statSync(dirname(socket)).mode & 0o777, 0o700, 'the socket dir is open to others');
    assert.ok(masterPid(socket) !== undefined, 'no master answers on the socket');

    appendTurn(client.localTranscript(SID), SID, client.localProject, 'more', 5);
    const pushed = await client.ok(['push', 'pod', '--json'], REUSE);
    assert.equal(pushed['done'], 1);
    const idle = await client.ok(['sync', 'pod', '--json'], REUSE);
    assert.deepEqual(idle['actions'], []);
    assert.equal(sshd.connections() - before, 1, 'a later run logged in again instead of using the master');
    assert.deepEqual(uuidsOf(client.remoteTranscript(SID)), uuidsOf(client.localTranscript(SID)));

    await client.ok(['sync', 'pod', '--json'], { CCSYNC_SSH_REUSE: '0' });
    assert.equal(sshd.connections() - before, 2, 'CCSYNC_SSH_REUSE=0 went through the master');
    const config = readFileSync(client.sandbox.configPath, 'utf8');
    assert.match(config, /^\[remotes\.pod\]$/m);
    writeFileSync(client.sandbox.configPath, config.replace(/^\[remotes\.pod\]$/m, '[remotes.pod]\nssh_reuse = false'));
    await client.ok(['sync', 'pod', '--json'], REUSE);
    assert.equal(sshd.connections() - before, 3, 'ssh_reuse = false went through the master');
  });

  test("a user's own ControlMaster is left to them: ccsync makes no master of its own", async (t) => {
    const control = join(client.sandbox.root, 'user-cm-%C');
    const config = join(client.sandbox.root, 'ssh_config_mux');
    writeFileSync(config, `Host testhost\n  ControlMaster auto\n  ControlPath ${control}\n  ControlPersist 30\n${readFileSync(sshd.sshConfigPath, 'utf8')}`);
    const env = { ...REUSE, CCSYNC_SSH_COMMAND: `ssh -F ${config}` };
    t.after(async () => {
      spawnSync('ssh', ['-F', config, '-O', 'exit', 'testhost'], { stdio: 'ignore', timeout: 10_000 });
      await cleanup();
    });
    client.writeLocal(SID, 1);
    const before = sshd.connections();
    await client.ok(['push', 'pod', '--json'], env);
    await client.ok(['sync', 'pod', '--json'], env);
    assert.deepEqual(masterSockets(client.sandbox.stateDir), [], 'ccsync made a master of its own next to the user\'s');
    assert.equal(sshd.connections() - before, 1, "the second run did not go through the user's master");
  });

  /** A first push that leaves ccsync's master: its socket and pid. */
  async function pushedThroughMaster(): Promise<{ socket: string; pid: number }> {
    client.writeLocal(SID, 1);
    await client.ok(['push', 'pod', '--json'], REUSE);
    const [socket] = masterSockets(client.sandbox.stateDir);
    const pid = socket === undefined ? undefined : masterPid(socket);
    assert.ok(socket !== undefined && pid !== undefined, 'the first push left no master');
    return { socket, pid };
  }

  test('a stale socket (its master killed) is replaced: the run connects afresh and leaves a new master', async (t) => {
    t.after(cleanup);
    const { socket, pid } = await pushedThroughMaster();
    process.kill(pid, 'SIGKILL');
    assert.deepEqual(masterSockets(client.sandbox.stateDir), [socket], 'the killed master took its socket away: nothing stale to test');
    appendTurn(client.localTranscript(SID), SID, client.localProject, 'after-kill', 5);
    const before = sshd.connections();
    const pushed = await client.ok(['push', 'pod', '--json'], REUSE);
    assert.equal(pushed['done'], 1);
    assert.equal(sshd.connections() - before, 1);
    const fresh = masterPid(socket);
    assert.ok(fresh !== undefined && fresh !== pid, 'no new master on the socket');
  });

  test('a master that hangs is stopped and the run connects afresh (no hang)', async (t) => {
    t.after(cleanup);
    const { socket, pid } = await pushedThroughMaster();
    // A stopped master accepts on its socket and then never answers, like one whose network died.
    process.kill(pid, 'SIGSTOP');
    t.after(() => {
      for (const signal of ['SIGCONT', 'SIGKILL'] as const) {
        try {
          process.kill(pid, signal);
        } catch {
          // already gone
        }
      }
    });
    appendTurn(client.localTranscript(SID), SID, client.localProject, 'after-stop', 5);
    const started = Date.now();
    const run = await client.run(['push', 'pod', '--json'], { env: REUSE, timeoutMs: 60_000 });
    const tookMs = Date.now() - started;
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(uuidsOf(client.remoteTranscript(SID)), uuidsOf(client.localTranscript(SID)));
    assert.ok(tookMs < REUSE_HELLO_MS + 15_000, `the run took ${tookMs} ms`);
    const fresh = masterPid(socket);
    assert.ok(fresh !== undefined && fresh !== pid, 'no new master replaced the hung one');
    t.diagnostic(`a hung master cost ${tookMs} ms (reuse timeout ${REUSE_HELLO_MS} ms)`);
  });
});
