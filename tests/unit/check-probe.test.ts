// The pure half of `ccsync check`: the probe command's shape, its key=value answer, `df -Pk`
// lines, `uname -m` names, and the problems the facts imply.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeArch, parseDfLine, parseProbeOutput, probeCommand } from '../../src/transport/check-probe.js';
import { problemsOf, type EndpointCheck } from '../../src/commands/check-result.js';

test('probeCommand passes the Claude dir as a quoted positional parameter, in one line a csh or fish login shell keeps', () => {
  const command = probeCommand("/work/it's $HOME `x`");
  assert.match(command, /^sh -c '.*' ccsync '\/work\/it'"'"'s \$HOME `x`'$/);
  assert.ok(probeCommand(undefined).endsWith(" ccsync ''"));
  const script = command.slice('sh -c '.length, command.indexOf(' ccsync '));
  assert.doesNotMatch(script, /[\n!\\]/);
  assert.doesNotMatch(script.slice(1, -1), /'/, 'no single quote inside the script');
});

test('parseDfLine reads Available from the capacity column', () => {
  const cases: [string, { availableKiB: number; mountedOn: string } | undefined][] = [
    ['/dev/sda1        102687672  19383540  78045868      20% /', { availableKiB: 78045868, mountedOn: '/' }],
    ['overlay 52403200 1024 52402176 1% /workspace', { availableKiB: 52402176, mountedOn: '/workspace' }],
    ['map auto_home 0 0 0 100% /System/Volumes/Data/home', { availableKiB: 0, mountedOn: '/System/Volumes/Data/home' }],
    ['//nas/share name 1000 10 990 2% /mnt/my share', { availableKiB: 990, mountedOn: '/mnt/my share' }],
    ['Filesystem 1024-blocks Used Available Capacity Mounted on', undefined],
    ['', undefined],
    ['df: /nope: No such file or directory', undefined],
  ];
  for (const [line, expected] of cases) assert.deepEqual(parseDfLine(line), expected, line);
});

test('nodeArch names uname -m as process.arch does', () => {
  const cases: [string, string][] = [
    ['x86_64', 'x64'], ['amd64', 'x64'], ['aarch64', 'arm64'], ['arm64', 'arm64'], ['armv7l', 'arm'],
    ['i686', 'ia32'], ['ppc64le', 'ppc64'], ['s390x', 's390x'], ['mips', 'mips'],
  ];
  for (const [machine, arch] of cases) assert.equal(nodeArch(machine), arch, machine);
});

const COMPLETE = [
  'os=Linux', 'machine=aarch64', 'home=/root', 'node=/usr/bin/node', 'node_version=v18.19.0',
  'claude_dir=/workspace/.claude', 'claude_dir_exists=yes', 'claude_dir_symlink=yes', 'df_path=/workspace/.claude',
  'df=overlay 52403200 1024 52402176 1% /workspace', 'claude=/root/.local/bin/claude', 'claude_on_path=no',
  'claude_status=0', 'claude_version=2.1.197 (Claude Code)', 'end=1',
];

test('parseProbeOutput turns a complete answer into facts', () => {
  const result = parseProbeOutput(COMPLETE);
  assert.ok(result.ok);
  assert.deepEqual(result.facts, {
    os: 'Linux',
    machine: 'aarch64',
    arch: 'arm64',
    home: '/root',
    node: { path: '/usr/bin/node', version: 'v18.19.0' },
    claudeDir: { path: '/workspace/.claude', exists: true, symlink: true, freeBytes: 52402176 * 1024, measuredAt: '/workspace/.claude' },
    claude: { path: '/root/.local/bin/claude', onPath: false, version: '2.1.197 (Claude Code)', error: undefined },
  });
});

test('parseProbeOutput: no node, no claude, a failing claude, an unknown key, an incomplete answer', () => {
  const without = (...keys: string[]): string[] => COMPLETE.filter((line) => !keys.some((key) => line.startsWith(`${key}=`)));
  const bare = parseProbeOutput(without('node', 'node_version', 'claude', 'claude_on_path', 'claude_status', 'claude_version'));
  assert.ok(bare.ok);
  assert.equal(bare.facts.node, undefined);
  assert.equal(bare.facts.claude, undefined);

  const failing = parseProbeOutput([...without('claude_status', 'claude_version'), 'claude_status=127', 'claude_version=sh: claude: not found']);
  assert.ok(failing.ok);
  assert.deepEqual(failing.facts.claude, { path: '/root/.local/bin/claude', onPath: false, version: undefined, error: 'exit 127: sh: claude: not found' });

  const extra = parseProbeOutput(['future_key=1', 'os=Darwin', ...COMPLETE, 'not a key line']);
  assert.ok(extra.ok);
  assert.equal(extra.facts.os, 'Darwin', 'the first value of a key counts');

  const cut = parseProbeOutput(without('end'));
  assert.deepEqual(cut.ok ? 'ok' : cut.problem, 'the probe\'s answer is incomplete (end: Invalid input: expected "1")');
  const bad = parseProbeOutput([...without('claude_dir_exists'), 'claude_dir_exists=maybe']);
  assert.equal(bad.ok, false);
});

const HEALTHY: EndpointCheck = {
  roles: ['transfer', 'interactive'],
  destination: 'pod',
  reachable: true,
  node: { path: '/usr/bin/node', version: 'v20.1.0' },
  claudeDir: { path: '/root/.claude', exists: true, symlink: false, freeBytes: 50 * 1024 ** 3, measuredAt: '/root/.claude' },
  claude: { path: '/usr/bin/claude', onPath: true, version: '2.1.0', error: undefined },
  problems: [],
};

test('problemsOf: what each finding means and what to do', () => {
  const cases: [string, Partial<EndpointCheck>, RegExp[]][] = [
    ['healthy', {}, []],
    ['failed', { reachable: false, failure: { kind: 'refused', message: 'port 1 closed on h' } }, [/^error: transfer \+ interactive endpoint pod: port 1 closed on h$/]],
    ['missing dir', { claudeDir: { ...HEALTHY.claudeDir!, exists: false } }, [/^warning: .*does not exist yet; the first push creates it .*--claude-dir DIR/]],
    ['low space', { claudeDir: { ...HEALTHY.claudeDir!, freeBytes: 300 * 1024 ** 2 } }, [/only 300\.0 MiB free at \/root\/\.claude/]],
    ['no claude', { claude: null }, [/`claude` is neither on PATH nor in ~\/\.local\/bin.*install Claude Code/]],
    ['no claude, transfer only', { claude: null, roles: ['transfer'] }, []],
    ['off PATH', { claude: { path: '/root/.local/bin/claude', onPath: false, version: '2.1.0', error: undefined } }, [/not on the PATH of non-login shells .*export PATH="\/root\/\.local\/bin:\$PATH"/]],
    ['broken claude', { claude: { path: '/usr/bin/claude', onPath: true, version: undefined, error: 'exit 1' } }, [/--version` failed \(exit 1\)/]],
    ['old node', { node: { path: '/usr/bin/node', version: 'v14.21.3' } }, [/node v14\.21\.3 at \/usr\/bin\/node is older than the 16 ccsync's agent needs/]],
    ['old node, interactive only', { node: { path: '/usr/bin/node', version: 'v14.21.3' }, roles: ['interactive'] }, []],
    [
      'info failed',
      { agent: { ran: true, ok: true, agent: 'node', agentVersion: '1', runtime: 'v16.20.0', sent: false, infoError: 'statfs is not a function' } },
      [/the agent runs but its info request failed \(statfs is not a function\); push and pull do not need it/],
    ],
    ['noisy shell', { stdoutNoise: 'Welcome!\nmore' }, [/prints "Welcome!" before running a command/]],
  ];
  for (const [name, change, expected] of cases) {
    const lines = problemsOf('pod', { ...HEALTHY, ...change }).map((problem) => `${problem.level}: ${problem.message}`);
    assert.equal(lines.length, expected.length, `${name}: ${lines.join(' | ')}`);
    expected.forEach((pattern, index) => assert.match(lines[index] ?? '', pattern, name));
  }
});
