import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/config/config-error.js';
import type { LoadedConfig } from '../../src/config/config-file.js';
import { parseConfigText } from '../../src/config/config-file.js';
import { interpolate, parseTemplate } from '../../src/config/interpolate.js';
import { resolveRemote } from '../../src/config/resolve-remote.js';
import { ExitError } from '../../src/errors.js';

const FILE = '/cfg/config.toml';
function config(text: string): LoadedConfig {
  return { path: FILE, exists: true, file: parseConfigText(text, FILE) };
}

test('interpolate: ${VAR} replaced, $${ is a literal, lone $ stays', () => {
  const env = { HOST: 'gpu', PORT: '2222', EMPTY: '' };
  assert.deepEqual(interpolate('root@${HOST}', env), { ok: true, value: 'root@gpu' });
  assert.deepEqual(interpolate('${HOST}:${PORT}', env), { ok: true, value: 'gpu:2222' });
  assert.deepEqual(interpolate('$${HOST} costs $5', env), { ok: true, value: '${HOST} costs $5' });
  assert.deepEqual(interpolate('${MISSING}', env), { ok: false, problem: 'environment variable MISSING is not set', variable: 'MISSING' });
  assert.deepEqual(interpolate('${EMPTY}', env), { ok: false, problem: 'environment variable EMPTY is not set', variable: 'EMPTY' });
  assert.ok(!Array.isArray(parseTemplate('${a-b}')));
});

test('resolveRemote: values interpolated, port applied to dest, transfer defaults to dest', () => {
  const loaded = config(`[remotes.pod]
dest = "root@\${POD_IP}"
transfer = "pod-proxy"
port = "\${RUNPOD_PORT}"
claude_dir = "/workspace/.claude"
ssh_command = "ssh -i \${HOME}/.ssh/pod"
[[remotes.pod.map]]
local = "\${HOME}/proj/"
remote = "/workspace/code"
[remotes.plain]
dest = "ssh://u@h:2200"
port = 2201
`);
  const pod = resolveRemote(loaded, 'pod', { POD_IP: '10.0.0.5', RUNPOD_PORT: ' 40022 ', HOME: '/Users/alice' });
  assert.deepEqual(pod.dest, { kind: 'ssh', user: 'root', host: '10.0.0.5', port: 40022 });
  assert.deepEqual(pod.transfer, { kind: 'ssh', host: 'pod-proxy' });
  assert.equal(pod.claudeDir, '/workspace/.claude');
  assert.equal(pod.sshCommand, 'ssh -i /Users/alice/.ssh/pod');
  assert.deepEqual(pod.pairs, [{ local: '/Users/alice/proj', remote: '/workspace/code' }]);
  assert.equal(pod.settings.port, '${RUNPOD_PORT}');

  const plain = resolveRemote(loaded, 'plain', {});
  // the config's port (what `remote set --port` changes) wins over the one in ssh://
  assert.deepEqual(plain.dest, { kind: 'ssh', user: 'u', host: 'h', port: 2201 });
  assert.deepEqual(plain.transfer, plain.dest);
  assert.equal(plain.claudeDir, undefined);
  assert.deepEqual(plain.pairs, []);
});

test('resolveRemote: dir: remotes get an absolute Claude dir', () => {
  const loaded = config(`[remotes.a]
dest = "dir:/mnt/b"
[remotes.b]
dest = "dir:/mnt/b"
claude_dir = "claude-2/"
[remotes.c]
dest = "dir:/mnt/b"
claude_dir = "/elsewhere/.claude"
`);
  assert.equal(resolveRemote(loaded, 'a', {}).claudeDir, '/mnt/b/.claude');
  assert.equal(resolveRemote(loaded, 'b', {}).claudeDir, '/mnt/b/claude-2');
  assert.equal(resolveRemote(loaded, 'c', {}).claudeDir, '/elsewhere/.claude');
});

test('resolveRemote errors name the file, the key and the variable', () => {
  const loaded = config(`[remotes.pod]
dest = "root@h"
port = "\${RUNPOD_PORT}"
[remotes.d]
dest = "dir:/x"
port = 22
[remotes.bad]
dest = "\${DEST}"
[remotes.rel]
dest = "h"
[[remotes.rel.map]]
local = "\${REL}"
remote = "/r"
[remotes.dup]
dest = "h"
[[remotes.dup.map]]
local = "/a/"
remote = "/r1"
[[remotes.dup.map]]
local = "/a"
remote = "/r2"
`);
  const cases: [string, Record<string, string>, string][] = [
    ['pod', {}, `${FILE}: remotes.pod.port: environment variable RUNPOD_PORT is not set (set it, or run \`ccsync remote set pod --port ...\`)`],
    ['pod', { RUNPOD_PORT: 'x' }, `${FILE}: remotes.pod.port: expected a port number 1-65535, got "x"`],
    ['d', {}, `${FILE}: remotes.d.port: a port applies only to an ssh destination`],
    ['bad', { DEST: '-oProxyCommand=x' }, `${FILE}: remotes.bad.dest: invalid destination "-oProxyCommand=x"`],
    ['rel', { REL: 'proj' }, `${FILE}: remotes.rel.map[0].local: expected an absolute path, got "proj"`],
    ['dup', {}, `${FILE}: remotes.dup.map[1].local: "/a" is already mapped by map[0]`],
  ];
  for (const [name, env, expected] of cases) {
    assert.throws(
      () => resolveRemote(loaded, name, env),
      (error: unknown) => error instanceof ConfigError && error.message.startsWith(expected),
      `${name} ${JSON.stringify(env)}`,
    );
  }
});

test('an unknown remote suggests the closest name and `remote add`', () => {
  const loaded = config('[remotes.pod]\ndest = "h"\n');
  assert.throws(
    () => resolveRemote(loaded, 'pdo', {}),
    (error: unknown) =>
      error instanceof ExitError &&
      error.exitCode === 1 &&
      error.message === 'no remote named "pdo" (did you mean "pod"?); configured: pod; add one with `ccsync remote add pdo DEST`',
  );
  // names that are Object.prototype keys are not remotes
  assert.throws(() => resolveRemote(loaded, 'constructor', {}), /no remote named "constructor"/);
});
