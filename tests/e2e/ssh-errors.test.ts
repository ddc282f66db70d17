// When the connection cannot be made (issue #3): one clear line that names the remote, the
// endpoint and port and says what to do; a non-zero exit; nothing written on either side and
// no sync state recorded. Host-key checking is never weakened, and BatchMode never prompts.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SSHD, startSshd, type SshdFixture } from '../helpers/sshd.js';
import { listTree, makeRelay, resetRemote, sshClient, type CliRun, type SshClient } from '../helpers/ssh-cli.js';

const skip = SSHD ? false : 'sshd not installed (apt-get install openssh-server): SSH tests skipped';
const SID = '7d2e4c32-3f4a-4b5c-8d6e-7f8a9b0c1d23';

/** A port nothing listens on: bound once by us, then released. */
function closedPort(): number {
  const probe = spawnSync(process.execPath, ['-e', "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"], { encoding: 'utf8' });
  return Number(probe.stdout.trim());
}

function keygen(file: string, passphrase = ''): void {
  const result = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-f', file], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
}

/** An ssh config for `testhost` with our own key and known_hosts. */
function sshConfig(sshd: SshdFixture, dir: string, opts: { identity?: string; knownHosts?: string }): string {
  const path = join(dir, `ssh_config_${Math.random().toString(36).slice(2)}`);
  const lines = [
    'Host testhost',
    '  HostName 127.0.0.1',
    `  Port ${sshd.port}`,
    '  User root',
    `  IdentityFile ${opts.identity ?? sshd.userKeyPath}`,
    '  IdentitiesOnly yes',
    '  HostKeyAlias ccsync-test-host',
    `  UserKnownHostsFile ${opts.knownHosts ?? sshd.knownHostsPath}`,
    '  GlobalKnownHostsFile /dev/null',
    '',
  ];
  writeFileSync(path, lines.join('\n'));
  return `ssh -F ${path}`;
}

describe('ssh connection failures', { skip }, () => {
  let sshd: SshdFixture;
  before(async () => {
    sshd = await startSshd();
  });
  after(async () => {
    await sshd?.stop();
  });
  beforeEach(() => resetRemote(sshd));

  /** Runs `push NAME`, requires failure with one line matching all of `patterns`, and no trace. */
  async function failsCleanly(client: SshClient, name: string, patterns: RegExp[], env: Record<string, string> = {}): Promise<CliRun> {
    const localBefore = listTree(client.claudeDir);
    const remoteBefore = listTree(client.remoteClaudeDir);
    const run = await client.run(['push', name], { env });
    assert.notEqual(run.code, 0, `push ${name} succeeded: ${run.stdout}`);
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `expected one line, got:\n${run.stderr}`);
    for (const pattern of patterns) assert.match(run.stderr, pattern);
    assert.deepEqual(listTree(client.claudeDir), localBefore, 'the local Claude dir changed');
    assert.deepEqual(listTree(client.remoteClaudeDir), remoteBefore, 'the remote Claude dir changed');
    assert.equal(existsSync(join(client.sandbox.stateDir, `${name}.json`)), false, 'sync state was recorded');
    return run;
  }

  test('a wrong port: refused, names the endpoint and port, says `remote set --port`', async (t) => {
    const port = closedPort();
    const client = await sshClient(sshd, { name: 'moved', addArgs: ['--port', String(port)] });
    t.after(() => client.cleanup());
    client.writeLocal(SID, 1);
    await failsCleanly(client, 'moved', [/remote 'moved'/, new RegExp(`testhost port ${port}`), /refused/, /ccsync remote set moved --port N/]);
    // The advice works as written.
    const set = await client.run(['remote', 'set', 'moved', '--port', String(sshd.port)]);
    assert.equal(set.code, 0, set.stderr);
    const pushed = await client.ok(['push', 'moved', '--json']);
    assert.equal(pushed['done'], 1);
  });

  test('a wrong port from ${VAR}: the fix names the variable', async (t) => {
    const client = await sshClient(sshd, { name: 'pod', dest: 'root@127.0.0.1', addArgs: ['--port', '${POD_PORT}'] });
    t.after(() => client.cleanup());
    client.writeLocal(SID, 1);
    const port = closedPort();
    await failsCleanly(client, 'pod', [new RegExp(`127\\.0\\.0\\.1 port ${port}`), /refused/, /export POD_PORT=/], { POD_PORT: String(port) });
  });

  test('a port that changed in ~/.ssh/config is named from what ssh reports', async (t) => {
    const port = closedPort();
    const config = join(sshd.remoteHome, '..', 'moved_config');
    writeFileSync(config, readFileSync(sshd.sshConfigPath, 'utf8').replace(`Port ${sshd.port}`, `Port ${port}`));
    const client = await sshClient(sshd, { name: 'cfgport' });
    t.after(() => client.cleanup());
    client.writeLocal(SID, 1);
    await failsCleanly(client, 'cfgport', [new RegExp(`testhost port ${port}`), /refused/], { CCSYNC_SSH_COMMAND: `ssh -F ${config}` });
  });

  test('an unknown host alias', async (t) => {
    const client = await sshClient(sshd, { name: 'typo', dest: 'no-such-alias.invalid' });
    t.after(() => client.cleanup());
    client.writeLocal(SID, 1);
    await failsCleanly(client, 'typo', [/cannot resolve no-such-alias\.invalid/, /remote set typo --dest/]);
  });

  test('auth failure under BatchMode: an unauthorized key, and an authorized key behind a passphrase', async (t) => {
    const client = await sshClient(sshd, { name: 'auth' });
    t.after(() => client.cleanup());
    client.writeLocal(SID, 1);
    const stranger = join(client.sandbox.root, 'stranger');
    keygen(stranger);
    await failsCleanly(client, 'auth', [/authentication to testhost/, /password or a key's passphrase/, /ssh-add/, /`ssh -F \S+ -v testhost true` shows which keys/], {
      CCSYNC_SSH_COMMAND: sshConfig(sshd, client.sandbox.root, { identity: stranger }),
    });
    // The authorized key, with a passphrase: BatchMode must fail, not hang on a prompt.
    const locked = join(client.sandbox.root, 'locked');
    spawnSync('cp', [sshd.userKeyPath, locked]);
    const change = spawnSync('ssh-keygen', ['-q', '-p', '-N', 'secret', '-P', '', '-f', locked], { encoding: 'utf8' });
    assert.equal(change.status, 0, change.stderr);
    await failsCleanly(client, 'auth', [/authentication to testhost/, /passphrase/], {
      CCSYNC_SSH_COMMAND: sshConfig(sshd, client.sandbox.root, { identity: locked }),
    });
  });

  test('a changed host key is refused, and ccsync never passed StrictHostKeyChecking=no', async (t) => {
    const client = await sshClient(sshd, { name: 'mitm' });
    t.after(() => client.cleanup());
    client.writeLocal(SID, 1);
    const impostor = join(client.sandbox.root, 'impostor');
    keygen(impostor);
    const knownHosts = join(client.sandbox.root, 'known_hosts');
    writeFileSync(knownHosts, `ccsync-test-host ${readFileSync(`${impostor}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`);
    const relay = makeRelay(sshd, join(client.sandbox.root, 'relay'), sshConfig(sshd, client.sandbox.root, { knownHosts }));
    await failsCleanly(client, 'mitm', [/host key of testhost/, /CHANGED/, /ssh-keygen (-f \S+ )?-R \S+/, /never skips host-key checks/], { CCSYNC_SSH_COMMAND: relay.command });

    writeFileSync(knownHosts, '');
    // the fix runs the same ssh command (here the relay in front of ssh -F) to the same host
    await failsCleanly(client, 'mitm', [/host key of testhost/, /not known yet/, /run `\S+ \S+ssh-relay\.js \S+ ssh -F \S+ testhost` once/], { CCSYNC_SSH_COMMAND: relay.command });
    const argvs = relay.argvs();
    assert.equal(argvs.length, 2);
    for (const argv of argvs) {
      const options = argv.join(' ');
      assert.doesNotMatch(options, /StrictHostKeyChecking|UserKnownHostsFile|GlobalKnownHostsFile|CheckHostIP|HostKeyAlias=/i, options);
      assert.ok(argv.includes('BatchMode=yes'), `BatchMode missing: ${options}`);
    }
  });

  // Issue #10 item 7: for ssh://u@host:PORT the advice said `ssh u@host`, which reaches port 22
  // (another server, or none) and would teach known_hosts the wrong key. The command given must
  // reach this server: accepting the key through it makes the next push work.
  test('an unknown host key on ssh://root@127.0.0.1:PORT: the advice carries -p PORT and the ssh command, and works', async (t) => {
    const client = await sshClient(sshd, { name: 'newpod', dest: `ssh://root@127.0.0.1:${sshd.port}` });
    t.after(() => client.cleanup());
    client.writeLocal(SID, 1);
    const knownHosts = join(client.sandbox.root, 'known_hosts_empty');
    writeFileSync(knownHosts, '');
    // every name gets our key and this (empty) known_hosts: never the machine's ~/.ssh
    const config = join(client.sandbox.root, 'ssh_config_any');
    writeFileSync(config, ['Host *', `  IdentityFile ${sshd.userKeyPath}`, '  IdentitiesOnly yes', `  UserKnownHostsFile ${knownHosts}`, '  GlobalKnownHostsFile /dev/null', '  StrictHostKeyChecking yes', '  BatchMode yes', ''].join('\n'));
    const sshCommand = `ssh -F ${config}`;
    const run = await failsCleanly(client, 'newpod', [/not known yet/], { CCSYNC_SSH_COMMAND: sshCommand });
    const advice = /run `([^`]+)` once/.exec(run.stderr)?.[1];
    assert.equal(advice, `${sshCommand} -p ${sshd.port} root@127.0.0.1`);
    // What the user does at that prompt ("yes"), done without a terminal: accept-new, then `true`.
    const accept = spawnSync('sh', ['-c', `${advice} -o StrictHostKeyChecking=accept-new true`], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(accept.status, 0, accept.stderr);
    assert.match(readFileSync(knownHosts, 'utf8'), new RegExp(`^\\[127\\.0\\.0\\.1\\]:${sshd.port} `, 'm'));
    const pushed = await client.ok(['push', 'newpod', '--json'], { CCSYNC_SSH_COMMAND: sshCommand });
    assert.equal(pushed['done'], 1);
  });

  test('a remote without a Claude dir: pull finds nothing, push creates it', async (t) => {
    rmSync(join(sshd.remoteHome, '.claude'), { recursive: true, force: true });
    const client = await sshClient(sshd, { name: 'fresh' });
    t.after(() => client.cleanup());
    client.writeLocal(SID, 1);
    const pulled = await client.ok(['pull', 'fresh', '--json']);
    assert.deepEqual(pulled['actions'], []);
    assert.equal(existsSync(join(sshd.remoteHome, '.claude')), false, 'a pull created the remote Claude dir');
    const pushed = await client.ok(['push', 'fresh', '--json']);
    assert.equal(pushed['done'], 1);
    assert.ok(existsSync(client.remoteTranscript(SID)));
  });
});
