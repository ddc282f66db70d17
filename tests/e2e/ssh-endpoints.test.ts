// Reaching the remote (issue #3): the agent is sent once and cached on the remote by content
// hash, later runs send none of it, a wiped cache is refilled transparently; and every DEST
// form reaches the same sshd — alias, user@alias, ssh://user@ip:port, --port, a ${VAR} port.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { agentBundle } from '../../src/transport/ssh-bootstrap.js';
import { SSHD, startSshd, type SshdFixture } from '../helpers/sshd.js';
import { makeRelay, resetRemote, sshClient, uuidsOf } from '../helpers/ssh-cli.js';

const skip = SSHD ? false : 'sshd not installed (apt-get install openssh-server): SSH tests skipped';
const SID = '6c1d3b21-2e3f-4a4b-9c5d-6e7f8a9b0c12';

describe('agent cache and destination forms over ssh', { skip }, () => {
  let sshd: SshdFixture;
  before(async () => {
    sshd = await startSshd();
  });
  after(async () => {
    await sshd?.stop();
  });
  beforeEach(() => resetRemote(sshd));

  const remoteCache = (): string => join(sshd.remoteHome, '.cache', 'ccsync');
  const cachedAgents = (): string[] => (existsSync(remoteCache()) ? readdirSync(remoteCache()).filter((name) => name.startsWith('agent-')) : []);

  test('the first run uploads the agent, the next sends none of it, a wiped cache is refilled', async (t) => {
    rmSync(remoteCache(), { recursive: true, force: true });
    const client = await sshClient(sshd);
    t.after(() => client.cleanup());
    const relay = makeRelay(sshd, join(client.sandbox.root, 'relay'));
    const env = { CCSYNC_SSH_COMMAND: relay.command };
    const bundle = agentBundle();
    client.writeLocal(SID, 2);

    await client.ok(['push', 'pod', '--json'], env);
    const [first] = relay.counts();
    assert.ok(first, 'the relay saw no ssh run');
    assert.equal(first.uploadLength, bundle.gzipped.length, 'the first run did not send the agent');
    assert.ok(first.up > bundle.gzipped.length, `only ${first.up} bytes went up`);
    assert.deepEqual(cachedAgents(), [`agent-${bundle.hash}.cjs`]);
    assert.equal(readFileSync(client.agentNote(), 'utf8'), `${bundle.hash}\nnode\n`, 'the .agent note does not record the cached hash and the agent kind');

    const connections = sshd.connections();
    await client.ok(['sync', 'pod', '--json'], env);
    const second = relay.counts()[1];
    assert.ok(second);
    assert.equal(second.uploadLength, 0, 'the second run sent the agent again');
    assert.ok(second.up < 8 * 1024, `a no-change sync sent ${second.up} bytes up (the agent is ${bundle.gzipped.length})`);
    assert.equal(sshd.connections() - connections, 1);
    t.diagnostic(`bytes up/down: first push ${first.up}/${first.down}, no-change sync ${second.up}/${second.down}`);

    // A pod restarted with a fresh home: the note says cached, the remote says no.
    rmSync(remoteCache(), { recursive: true, force: true });
    const localBefore = readFileSync(client.localTranscript(SID));
    const third = await client.run(['sync', 'pod', '--json'], { env });
    assert.equal(third.code, 0, third.stderr);
    assert.deepEqual(cachedAgents(), [`agent-${bundle.hash}.cjs`], 'the agent was not cached again');
    const retry = relay.counts().slice(2);
    assert.deepEqual(retry.map((count) => count.uploadLength), [0], 'one connection: the agent is asked for on the same pipe');
    assert.ok((retry[0]?.up ?? 0) > bundle.gzipped.length, 'the agent went up in that connection');
    assert.ok(readFileSync(client.localTranscript(SID)).equals(localBefore));
    t.diagnostic(`wiped cache: ${retry.length} ssh connections, bytes up ${retry.map((count) => count.up).join(' + ')}`);
  });

  test('every DEST form reaches the sshd: alias, user@alias, ssh://user@ip:port, --port, a ${VAR} port, --transfer', async (t) => {
    const forms: Array<{ name: string; dest: string; addArgs?: string[]; env?: Record<string, string> }> = [
      { name: 'alias', dest: 'testhost' },
      { name: 'userhost', dest: 'root@testhost' },
      { name: 'url', dest: `ssh://root@127.0.0.1:${sshd.port}` },
      { name: 'portflag', dest: 'root@127.0.0.1', addArgs: ['--port', String(sshd.port)] },
      { name: 'portvar', dest: 'root@127.0.0.1', addArgs: ['--port', '${CCSYNC_TEST_PORT}'], env: { CCSYNC_TEST_PORT: String(sshd.port) } },
      // File movement goes to the transfer endpoint; the interactive one is not even resolved.
      { name: 'transfer', dest: 'interactive-only.invalid', addArgs: ['--transfer', 'testhost'] },
    ];
    for (const form of forms) {
      resetRemote(sshd);
      const client = await sshClient(sshd, { name: form.name, dest: form.dest, ...(form.addArgs ? { addArgs: form.addArgs } : {}) });
      t.after(() => client.cleanup());
      client.writeLocal(SID, 1);
      const before = sshd.connections();
      const run = await client.run(['push', form.name, '--json'], { env: form.env ?? {} });
      assert.equal(run.code, 0, `${form.name} (${form.dest}): ${run.stderr}`);
      assert.equal(sshd.connections() - before, 1, form.name);
      assert.deepEqual(uuidsOf(client.remoteTranscript(SID)), uuidsOf(client.localTranscript(SID)), form.name);
    }
  });

  test('a --claude-dir with a space in it is used on the remote, quoted through the remote shell', async (t) => {
    const custom = join(sshd.remoteHome, 'claude data', "it's here");
    const client = await sshClient(sshd, { name: 'custom', addArgs: ['--claude-dir', custom] });
    t.after(() => client.cleanup());
    client.writeLocal(SID, 1);
    await client.ok(['push', 'custom', '--json']);
    const landed = client.remoteTranscript(SID).replace(client.remoteClaudeDir, custom);
    assert.deepEqual(uuidsOf(landed), uuidsOf(client.localTranscript(SID)));
    assert.equal(existsSync(client.remoteTranscript(SID)), false, 'it went to ~/.claude instead');
  });

  test("a user's ControlMaster is reused: the second run opens no new connection", async (t) => {
    const client = await sshClient(sshd, { name: 'muxed' });
    const control = join(client.sandbox.root, 'cm-%C');
    const config = join(client.sandbox.root, 'ssh_config_mux');
    writeFileSync(config, `Host testhost\n  ControlMaster auto\n  ControlPath ${control}\n  ControlPersist 60\n${readFileSync(sshd.sshConfigPath, 'utf8')}`);
    const env = { CCSYNC_SSH_COMMAND: `ssh -F ${config}` };
    t.after(async () => {
      spawnSync('ssh', ['-F', config, '-O', 'exit', 'testhost'], { timeout: 10_000 });
      await client.cleanup();
    });
    client.writeLocal(SID, 1);
    const before = sshd.connections();
    await client.ok(['push', 'muxed', '--json'], env);
    assert.equal(sshd.connections() - before, 1);
    const idle = await client.ok(['sync', 'muxed', '--json'], env);
    assert.deepEqual(idle['actions'], []);
    assert.equal(sshd.connections() - before, 1, 'the second run did not go through the master connection');
  });
});
