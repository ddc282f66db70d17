// A real OpenSSH server for the SSH tests (DEVELOPERS guide: real parts): throwaway host and
// user keys in a temp dir, listening on 127.0.0.1 only, started by the test and stopped by
// pid, with a safety timer. The remote side's HOME is a temp dir (a ForceCommand wrapper sets
// it), so neither side touches the real ~/.ssh or ~/.claude.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SSHD = ['/usr/sbin/sshd', '/usr/bin/sshd'].find((path) => existsSync(path));

export interface SshdFixture {
  port: number;
  /** the ssh_config alias that reaches this server */
  alias: string;
  /** HOME of the remote side (its ~/.claude, ~/.cache/ccsync live here) */
  remoteHome: string;
  /** a HOME for the client side */
  clientHome: string;
  sshConfigPath: string;
  /** the authorized client key, and the known_hosts that holds the host key (for tests that write their own ssh config) */
  userKeyPath: string;
  knownHostsPath: string;
  /** `ssh -F <config>`: for CCSYNC_SSH_COMMAND */
  sshCommand: string;
  logPath: string;
  /** the sshd log so far */
  log(): string;
  pid: number;
  /** "Accepted publickey" lines so far: one per ssh connection */
  connections(): number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`sshd did not listen on 127.0.0.1:${port} in time`);
}

/** Tools an sh agent may use, for a remote PATH without node (issue #3: "a remote whose PATH has no node"). */
const SH_TOOLS = ['sh', 'bash', 'cat', 'head', 'tail', 'mkdir', 'mv', 'rm', 'ls', 'stat', 'find', 'sha256sum', 'cksum', 'gzip', 'od', 'dd', 'wc', 'printf', 'env', 'date', 'sort', 'tr', 'cut', 'awk', 'sed', 'touch', 'chmod', 'cp', 'ln', 'test', 'expr', 'sleep', 'df', 'uname', 'id', 'tee', 'xargs', 'sync', 'basename', 'dirname', 'truncate'];

export interface SshdOptions {
  withoutNode?: boolean;
  extraPath?: string;
  /** more sshd_config lines */
  extraConfig?: string[];
}

export async function startSshd(options: SshdOptions = {}): Promise<SshdFixture> {
  if (!SSHD) throw new Error('sshd not installed (apt-get install openssh-server)');
  const dir = mkdtempSync(join(tmpdir(), 'ccsync-sshd-'));
  const remoteHome = join(dir, 'remote-home');
  const clientHome = join(dir, 'client-home');
  mkdirSync(remoteHome, { recursive: true });
  mkdirSync(clientHome, { recursive: true });
  mkdirSync('/run/sshd', { recursive: true });
  const keygen = (file: string): void => {
    const result = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`ssh-keygen failed: ${result.stderr}`);
  };
  keygen(join(dir, 'host_key'));
  keygen(join(dir, 'user_key'));
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'user_key.pub')));
  chmodSync(join(dir, 'authorized_keys'), 0o600);

  let remotePath = '/usr/local/bin:/usr/bin:/bin';
  if (options.withoutNode) {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    for (const tool of SH_TOOLS) {
      const found = ['/usr/bin', '/bin'].map((base) => join(base, tool)).find((path) => existsSync(path));
      if (found) symlinkSync(found, join(bin, tool));
    }
    remotePath = bin;
  }
  if (options.extraPath) remotePath = `${options.extraPath}:${remotePath}`;
  // sshd runs `$SHELL -c "$SSH_ORIGINAL_COMMAND"`; the wrapper does the same with a test HOME.
  const wrapper = join(dir, 'force-command.sh');
  writeFileSync(
    wrapper,
    `#!/bin/sh\nexport HOME='${remoteHome}' PATH='${remotePath}'\nunset XDG_CACHE_HOME XDG_STATE_HOME CLAUDE_CONFIG_DIR\ncd "$HOME" || exit 1\nexec /bin/sh -c "$SSH_ORIGINAL_COMMAND"\n`,
    { mode: 0o755 },
  );
  const port = await freePort();
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_key')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin prohibit-password',
      'StrictModes no',
      'UsePAM no',
      'PrintMotd no',
      'LogLevel VERBOSE',
      `ForceCommand ${wrapper}`,
      'Subsystem sftp /bin/false',
      // sshd starts the ForceCommand through the user's login shell; bash run by sshd reads the
      // real ~/.bashrc (here: pyenv init, ~4 s per connection) unless SHLVL says it is nested.
      // The tests must not depend on this machine's home, so every connection skips it.
      'SetEnv SHLVL=1',
      ...(options.extraConfig ?? []),
      '',
    ].join('\n'),
  );
  const hostKey = readFileSync(join(dir, 'host_key.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ');
  // The alias checks the key under HostKeyAlias; a bare `127.0.0.1` with a port under the
  // `[host]:port` name ssh uses for non-22 ports.
  writeFileSync(join(dir, 'known_hosts'), `ccsync-test-host ${hostKey}\n[127.0.0.1]:${port} ${hostKey}\n`);
  const sshConfigPath = join(dir, 'ssh_config');
  writeFileSync(
    sshConfigPath,
    [
      'Host testhost',
      '  HostName 127.0.0.1',
      `  Port ${port}`,
      '  User root',
      `  IdentityFile ${join(dir, 'user_key')}`,
      '  IdentitiesOnly yes',
      '  HostKeyAlias ccsync-test-host',
      `  UserKnownHostsFile ${join(dir, 'known_hosts')}`,
      '  GlobalKnownHostsFile /dev/null',
      '  StrictHostKeyChecking yes',
      '  BatchMode yes',
      '  LogLevel ERROR',
      // Any other name (`root@127.0.0.1`, `ssh://root@127.0.0.1:PORT`): same key and known_hosts,
      // still strict. ssh takes the first value it meets, so the alias above wins for testhost.
      'Host *',
      `  IdentityFile ${join(dir, 'user_key')}`,
      '  IdentitiesOnly yes',
      `  UserKnownHostsFile ${join(dir, 'known_hosts')}`,
      '  GlobalKnownHostsFile /dev/null',
      '  StrictHostKeyChecking yes',
      '  BatchMode yes',
      '  LogLevel ERROR',
      '',
    ].join('\n'),
  );
  // -E: sshd appends its log (and its per-connection children's) to a file that is read
  // synchronously, so a count taken right after a spawnSync'ed client is already complete
  // (a stderr pipe is only read when the event loop turns: it counted 0 there).
  const logPath = join(dir, 'sshd.log');
  writeFileSync(logPath, '');
  const child: ChildProcess = spawn(SSHD, ['-D', '-E', logPath, '-f', config], { stdio: ['ignore', 'ignore', 'ignore'] });
  const log = (): string => {
    try {
      return readFileSync(logPath, 'utf8');
    } catch {
      return '';
    }
  };
  const pid = child.pid;
  if (pid === undefined) throw new Error('sshd did not start');
  // Never outlive a test run, even if the test forgets stop().
  const safety = setTimeout(() => child.kill('SIGKILL'), 15 * 60_000);
  safety.unref();
  await waitForPort(port, Date.now() + 10_000);
  return {
    port,
    alias: 'testhost',
    remoteHome,
    clientHome,
    sshConfigPath,
    userKeyPath: join(dir, 'user_key'),
    knownHostsPath: join(dir, 'known_hosts'),
    sshCommand: `ssh -F ${sshConfigPath}`,
    logPath,
    pid,
    connections: () => log().split('\n').filter((line) => line.includes('Accepted publickey')).length,
    log,
    stop: async () => {
      clearTimeout(safety);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const hard = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(hard);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
