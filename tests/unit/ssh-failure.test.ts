// classifySshFailure on the stderr OpenSSH 9 really prints (issue #4: `check` tells "port
// closed" from "host down" from "auth failed"), and the port fix per endpoint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResolvedRemote } from '../../src/config/resolve-remote.js';
import { portHint } from '../../src/transport/open-transport.js';
import { classifySshFailure, type SshFailureKind } from '../../src/transport/ssh-argv.js';

const where = { remote: 'pod', endpoint: { host: 'pod', port: 40123 }, portHint: '`export POD_PORT=NEW_PORT`' };

test('classifySshFailure names the failure and its fix', () => {
  const cases: [string, SshFailureKind, RegExp][] = [
    ['ssh: connect to host 10.1.2.3 port 40123: Connection refused', 'refused', /^remote 'pod': connection to pod port 40123 \(10\.1\.2\.3\) refused: port 40123 is closed .*new port — `export POD_PORT=NEW_PORT`$/],
    ['ssh: connect to host 10.1.2.3 port 2222: Connection refused', 'refused', /refused: port 40123 is closed/],
    ['ssh: connect to host 10.1.2.3 port 40123: Connection timed out', 'timeout', /^remote 'pod': no answer from pod port 40123 \(10\.1\.2\.3\): the host is down or unreachable/],
    ['ssh: connect to host 10.1.2.3 port 40123: No route to host', 'timeout', /host is down or unreachable/],
    ['ssh: connect to host 10.1.2.3 port 40123: Network is unreachable', 'timeout', /host is down or unreachable/],
    ['Connection timed out during banner exchange\nConnection to 10.255.255.1 port 22 timed out', 'timeout', /^remote 'pod': pod port 40123 \(10\.255\.255\.1\) took the connection but no ssh server answered/],
    ['ssh: Could not resolve hostname pod: Name or service not known', 'host-unknown', /^remote 'pod': cannot resolve pod: .*--dest ALIAS/],
    ['ssh: Could not resolve hostname pod: Temporary failure in name resolution', 'host-unknown', /^remote 'pod': cannot resolve pod/],
    ['root@10.1.2.3: Permission denied (publickey).', 'auth', /^remote 'pod': authentication to pod port 40123 failed: .*BatchMode.*password or a key's passphrase.*ssh-add/],
    ['Received disconnect from 10.1.2.3 port 22:2: Too many authentication failures', 'auth', /authentication .* failed/],
    [
      '@@@@@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\nHost key verification failed.',
      'host-key',
      /^remote 'pod': the host key of pod port 40123 has CHANGED .*re-created.*`ssh-keygen -R '\[pod\]:40123'` and run `ssh -p 40123 pod` once .*never skips host-key checks/,
    ],
    [
      '@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\nOffending ED25519 key in /h/.ssh/known_hosts:3\n  remove with:\n  ssh-keygen -f "/h/.ssh/known_hosts" -R "[10.1.2.3]:40123"\nHost key verification failed.',
      'host-key',
      /`ssh-keygen -f "\/h\/\.ssh\/known_hosts" -R "\[10\.1\.2\.3\]:40123"` and run/,
    ],
    ['No ED25519 host key is known for [pod]:40123 and you have requested strict checking.\nHost key verification failed.', 'host-key', /not known yet: run `ssh -p 40123 pod` once/],
    ['kex_exchange_identification: Connection closed by remote host\nConnection closed by 10.1.2.3 port 40123', 'closed', /closed the connection before login/],
    ['channel 0: open failed: administratively prohibited', 'other', /^remote 'pod': ssh to pod port 40123 failed: channel 0: open failed/],
    ['', 'other', /ssh failed without a message/],
  ];
  for (const [stderr, kind, message] of cases) {
    const result = classifySshFailure(stderr, where);
    assert.equal(result.kind, kind, stderr);
    assert.match(result.message, message, stderr);
    assert.doesNotMatch(result.message, /\n/, 'one line');
  }
});

// Issue #10 item 7: `ssh u@host` for a remote on port 44039 reaches (and would trust) whatever
// answers on port 22; the fix must name the same port, user and the user's own ssh command.
test('the host-key fixes reach the same server: port, user, and the configured ssh command', () => {
  const endpoint = { user: 'u', host: 'host', port: 44039 };
  const unknown = 'No ED25519 host key is known for [host]:44039 and you have requested strict checking.\nHost key verification failed.';
  assert.match(classifySshFailure(unknown, { remote: 'r', endpoint }).message, /run `ssh -p 44039 u@host` once/);
  const viaJump = classifySshFailure(unknown, { remote: 'r', endpoint, sshCommand: "ssh -J jump@bastion:2200 -i '/keys/my key'" }).message;
  assert.match(viaJump, /run `ssh -J jump@bastion:2200 -i '\/keys\/my key' -p 44039 u@host` once/);
  const changed = classifySshFailure('@ WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! @\nHost key verification failed.', { remote: 'r', endpoint }).message;
  assert.match(changed, /`ssh-keygen -R '\[host\]:44039'` and run `ssh -p 44039 u@host` once/);
  // port 22 and no port: the plain form
  assert.match(classifySshFailure(unknown, { remote: 'r', endpoint: { host: 'h' } }).message, /run `ssh h` once/);
  const denied = classifySshFailure('u@host: Permission denied (password).', { remote: 'r', endpoint }).message;
  assert.match(denied, /`ssh-copy-id -p 44039 u@host`/);
  const closed = classifySshFailure('Connection closed by 10.0.0.1 port 44039', { remote: 'r', endpoint, sshCommand: 'ssh -J b' }).message;
  assert.match(closed, /try `ssh -J b -v -p 44039 u@host true`/);
});

test('classifySshFailure without a hint or a port in stderr falls back to the endpoint and `remote set --port`', () => {
  const result = classifySshFailure('Connection refused', { remote: 'gpu', endpoint: { host: 'gpu' } });
  assert.equal(result.message, "remote 'gpu': connection to gpu refused: port 22 is closed though the host is up; the pod may have restarted with a new port — `ccsync remote set gpu --port N`");
});

function remote(settings: ResolvedRemote['settings']): ResolvedRemote {
  const dest = { kind: 'ssh', host: 'h' } as const;
  return { name: 'pod', dest, transfer: dest, claudeDir: undefined, sshCommand: undefined, pairs: [], settings };
}

test('portHint points at what sets the port of each endpoint', () => {
  const cases: [ResolvedRemote['settings'], 'transfer' | 'interactive', string][] = [
    [{ dest: 'root@h' }, 'transfer', '`ccsync remote set pod --port N`'],
    [{ dest: 'root@h', port: 2222 }, 'interactive', '`ccsync remote set pod --port N`'],
    [{ dest: 'root@h', port: '${RUNPOD_PORT}' }, 'transfer', '`export RUNPOD_PORT=NEW_PORT` (the config takes the port from ${RUNPOD_PORT})'],
    [{ dest: 'root@h', port: '${RUNPOD_PORT}', transfer: 'proxy' }, 'interactive', '`export RUNPOD_PORT=NEW_PORT` (the config takes the port from ${RUNPOD_PORT})'],
    [{ dest: 'root@h', port: '${RUNPOD_PORT}', transfer: 'proxy' }, 'transfer', '`ccsync remote set pod --transfer ssh://USER@HOST:N`'],
    [{ dest: 'root@h', transfer: 'ssh://root@proxy:${PROXY_PORT}' }, 'transfer', '`export PROXY_PORT=NEW_PORT` (the config takes the port from ${PROXY_PORT})'],
    [{ dest: 'root@h', transfer: 'ssh://${PROXY_USER}@proxy:2222' }, 'transfer', '`ccsync remote set pod --transfer ssh://USER@HOST:N`'],
  ];
  for (const [settings, role, expected] of cases) assert.equal(portHint(remote(settings), role), expected, JSON.stringify(settings));
});
