import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstat, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/config-error.js';
import { loadConfig, parseConfigText, saveConfig } from '../../src/config/config-file.js';
import type { ConfigFile } from '../../src/config/schema.js';
import { closestMatch, editDistance } from '../../src/config/suggest.js';

const FILE = '/home/a/.config/ccsync/config.toml';

test('good files parse to the raw settings (${VAR} kept)', () => {
  const cases: [string, ConfigFile][] = [
    ['', {}],
    ['# only a comment\n', {}],
    ['[remotes]\n', { remotes: {} }],
    [
      `[remotes.pod]
dest = "root@1.2.3.4"
transfer = "pod-proxy"
port = "\${RUNPOD_PORT}"
claude_dir = "/workspace/.claude"
ssh_command = "ssh -i ~/.ssh/pod"
[[remotes.pod.map]]
local = "/Users/alice/proj"
remote = "/workspace/runs/x/code"
[remotes.backup]
dest = "dir:/mnt/backup"
`,
      {
        remotes: {
          pod: {
            dest: 'root@1.2.3.4',
            transfer: 'pod-proxy',
            port: '${RUNPOD_PORT}',
            claude_dir: '/workspace/.claude',
            ssh_command: 'ssh -i ~/.ssh/pod',
            map: [{ local: '/Users/alice/proj', remote: '/workspace/runs/x/code' }],
          },
          backup: { dest: 'dir:/mnt/backup' },
        },
      },
    ],
    ['[remotes.a_b-9]\ndest = "ssh://u@h:2222"\nport = 22\n', { remotes: { 'a_b-9': { dest: 'ssh://u@h:2222', port: 22 } } }],
    ['[remotes.p]\ndest = "${POD_HOST}"\nport = "2222"\n', { remotes: { p: { dest: '${POD_HOST}', port: '2222' } } }],
    ['[remotes.p]\ndest = "h"\nclaude_dir = "$${literal}"\n', { remotes: { p: { dest: 'h', claude_dir: '$${literal}' } } }],
  ];
  for (const [text, expected] of cases) assert.deepEqual(parseConfigText(text, FILE), expected, text);
});

test('bad files: one line naming the file, the key path and what is expected', () => {
  const cases: [string, string][] = [
    ['[remotes.pod]\ndest = "x"\nprot = 22\n', 'remotes.pod.prot: unknown key (did you mean "port"?)'],
    ['[remotes.pod]\ndest = "x"\nclaudedir = "/c"\n', 'remotes.pod.claudedir: unknown key (did you mean "claude_dir"?)'],
    ['[remote.pod]\ndest = "x"\n', 'remote: unknown key (did you mean "remotes"?)'],
    ['[remotes.pod]\ndest = "x"\n[[remotes.pod.map]]\nlocl = "/a"\nremote = "/b"\n', 'remotes.pod.map[0].locl: unknown key (did you mean "local"?)'],
    ['[remotes.pod]\ndest = "x"\nzzz = 1\n', 'remotes.pod.zzz: unknown key; expected one of: dest, transfer, port'],
    ['[remotes.pod]\ndest = "x"\nport = true\n', 'remotes.pod.port: expected a port number 1-65535'],
    ['[remotes.pod]\ndest = "x"\nport = 70000\n', 'remotes.pod.port: expected a port number 1-65535'],
    ['[remotes.pod]\ndest = "x"\nport = 22.5\n', 'remotes.pod.port: expected a port number 1-65535'],
    ['[remotes.pod]\ndest = "x"\nport = "abc"\n', 'remotes.pod.port: expected a port number 1-65535'],
    ['[remotes.pod]\ndest = 5\n', 'remotes.pod.dest: expected a destination'],
    ['[remotes.pod]\nport = 22\n', 'remotes.pod.dest: is missing: expected a destination'],
    ['[remotes.pod]\ndest = "-oProxyCommand=x"\n', 'remotes.pod.dest: invalid destination "-oProxyCommand=x"'],
    ['[remotes.pod]\ndest = "dir:rel"\n', 'remotes.pod.dest: invalid destination "dir:rel": the path after dir: must be absolute'],
    ['[remotes.pod]\ndest = "x"\ntransfer = "a b"\n', 'remotes.pod.transfer: invalid destination "a b": it contains whitespace'],
    ['[remotes."my pod"]\ndest = "x"\n', 'remotes."my pod": remote names may have letters, digits, _ and - only'],
    ['[remotes.pod]\ndest = "x"\n[[remotes.pod.map]]\nlocal = "rel"\nremote = "/b"\n', 'remotes.pod.map[0].local: expected an absolute path, got "rel"'],
    ['[remotes.pod]\ndest = "x"\n[[remotes.pod.map]]\nlocal = "/a"\n', 'remotes.pod.map[0].remote: is missing: expected an absolute path'],
    ['[remotes.pod]\ndest = "x"\nmap = "oops"\n', 'remotes.pod.map: expected a list of [[remotes.NAME.map]] tables'],
    ['[remotes.pod]\ndest = "${HOST"\n', 'remotes.pod.dest: unclosed "${"'],
    ['[remotes.pod]\ndest = "${1X}"\n', 'remotes.pod.dest: "${1X}" is not a variable reference'],
    ['[remotes.pod]\ndest = ""\n', 'remotes.pod.dest: is empty'],
    ['remotes = 1\n', 'remotes: expected tables named [remotes.NAME], got number 1'],
  ];
  for (const [text, expected] of cases) {
    assert.throws(
      () => parseConfigText(text, FILE),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError, `${text}: ${String(error)}`);
        assert.ok(error.message.startsWith(`${FILE}: ${expected}`), `${JSON.stringify(text)}\n  got: ${error.message}`);
        assert.ok(!error.message.includes('\n'), 'one line');
        assert.equal(error.exitCode, 1);
        return true;
      },
    );
  }
});

test('TOML syntax errors name the line and column', () => {
  assert.throws(() => parseConfigText('[remotes.pod]\ndest = \n', FILE), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /^\/home\/a\/\.config\/ccsync\/config\.toml:2:\d+: invalid TOML: /);
    assert.ok(!error.message.includes('\n'));
    return true;
  });
});

test('suggestions: transpositions count as one edit, far words get none', () => {
  assert.equal(editDistance('prot', 'port'), 1);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(closestMatch('prot', ['dest', 'port']), 'port');
  assert.equal(closestMatch('PORT', ['port']), 'port');
  assert.equal(closestMatch('x', ['dest', 'port']), undefined);
  assert.equal(closestMatch('completely', ['dest', 'port']), undefined);
});

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'ccsync-config-'));
}

test('loadConfig: a missing file is an empty config; a directory is an error', async () => {
  const dir = await tempDir();
  try {
    const missing = await loadConfig(join(dir, 'nope', 'config.toml'));
    assert.deepEqual(missing, { path: join(dir, 'nope', 'config.toml'), exists: false, file: {} });
    await assert.rejects(loadConfig(dir), /is a directory/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('saveConfig: atomic, 0600 in a 0700 dir, ${VAR} survives a round trip', async () => {
  const dir = await tempDir();
  try {
    const path = join(dir, 'sub', 'ccsync', 'config.toml');
    const file: ConfigFile = {
      remotes: {
        pod: { dest: 'root@h', port: '${RUNPOD_PORT}', map: [{ local: '/a b/ü', remote: '/w\nx' }] },
        b: { dest: 'dir:/mnt/b', claude_dir: '.claude-2' },
      },
    };
    await saveConfig(path, file);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.equal((await stat(join(dir, 'sub', 'ccsync'))).mode & 0o777, 0o700);
    const loaded = await loadConfig(path);
    assert.deepEqual(loaded.file, file);
    assert.match(await readFile(path, 'utf8'), /port = "\$\{RUNPOD_PORT\}"/);
    // no temp files left beside it
    assert.deepEqual(await readdir(join(dir, 'sub', 'ccsync')), ['config.toml']);
    await saveConfig(path, {});
    assert.deepEqual((await loadConfig(path)).file, {});
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('saveConfig writes through a symlinked config (dotfiles) instead of replacing the link', async () => {
  const dir = await tempDir();
  try {
    await mkdir(join(dir, 'dotfiles'));
    const target = join(dir, 'dotfiles', 'ccsync.toml');
    await writeFile(target, '');
    const link = join(dir, 'config.toml');
    await symlink(target, link);
    await saveConfig(link, { remotes: { a: { dest: 'h' } } });
    assert.ok((await lstat(link)).isSymbolicLink());
    assert.deepEqual((await loadConfig(target)).file, { remotes: { a: { dest: 'h' } } });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
