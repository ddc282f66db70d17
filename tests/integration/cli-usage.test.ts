import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { makeSandbox, runCli, type Sandbox } from './cli-harness.js';

const HELP_CASES: [string[], string[]][] = [
  [[], ['remote', 'map', 'push', 'pull', 'sync', 'status', 'check', 'sessions', 'move', 'Exit codes']],
  [['remote'], ['add', 'list', 'remove', 'set']],
  [['remote', 'add'], ['<name>', '<dest>', '--claude-dir', '--port', '--transfer', '--ssh-command', 'dir:/path', 'ssh://user@host:port']],
  [['remote', 'list'], ['--json']],
  [['remote', 'remove'], ['<name>']],
  [['remote', 'set'], ['<name>', '--dest', '--port', '--claude-dir', '--transfer', '--ssh-command']],
  [['map'], ['add', 'list', 'remove']],
  [['map', 'add'], ['<remote>', '<local-path>', '<remote-path>']],
  [['map', 'list'], ['[remote]', '--json']],
  [['map', 'remove'], ['<remote>', '<local-path>']],
  [['push'], ['<remote>', '[local-path]', '--all', '--session', '--dry-run', '--json', '--delete', '--force']],
  [['pull'], ['<remote>', '[local-path]', '--all', '--session', '--dry-run', '--json', '--delete', '--force']],
  [['sync'], ['<remote>', '[local-path]', '--all', '--session', '--dry-run', '--json', '--delete', '--force']],
  [['status'], ['[remote]', '--json', '--all']],
  [['check'], ['<remote>', '--json', 'Exit codes']],
  [['sessions'], ['[path]', '--json']],
  [['move'], ['<old-path>', '<new-path>', '--dry-run']],
];

async function withSandbox(body: (box: Sandbox) => Promise<void>): Promise<void> {
  const box = await makeSandbox();
  try {
    await body(box);
  } finally {
    await box.cleanup();
  }
}

async function writeConfig(box: Sandbox, text: string): Promise<void> {
  await mkdir(dirname(box.configPath), { recursive: true });
  await writeFile(box.configPath, text);
}

test('--help on every command exits 0 and names its options', () =>
  withSandbox(async (box) => {
    // a broken config must not stand between a user and the help
    await writeConfig(box, 'this is not toml');
    for (const [command, expected] of HELP_CASES) {
      const run = runCli(box, [...command, '--help']);
      assert.equal(run.status, 0, `${command.join(' ')} --help: ${run.stderr}`);
      assert.match(run.stdout, new RegExp(`^Usage: ccsync${command.map((word) => ` ${word}`).join('')}`));
      for (const word of expected) assert.ok(run.stdout.includes(word), `${command.join(' ')} --help mentions ${word}`);
    }
    const viaHelp = runCli(box, ['remote', 'help', 'add']);
    assert.equal(viaHelp.status, 0);
    assert.match(viaHelp.stdout, /--ssh-command/);
  }));

test("commander's own errors exit 2 with its message", () =>
  withSandbox(async (box) => {
    const cases: [string[], RegExp][] = [
      [['pus', 'pod'], /error: unknown command 'pus'\n\(Did you mean push\?\)/],
      [['frobnicate'], /unknown command 'frobnicate'/],
      [['push'], /missing required argument 'remote'/],
      [['push', 'pod', '--bogus'], /unknown option '--bogus'/],
      [['remote', 'add', 'pod'], /missing required argument 'dest'/],
      [['remote', 'add', 'pod', 'h', '--port'], /option '--port <port>' argument missing/],
      [['map', 'add', 'pod', '/a', '/b', '/c'], /too many arguments/],
      [['remote', 'frob'], /unknown command 'frob'/],
      [[], /Usage: ccsync/],
      [['remote'], /Usage: ccsync remote/],
    ];
    for (const [args, pattern] of cases) {
      const run = runCli(box, args);
      assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, pattern, args.join(' '));
      assert.equal(run.stdout, '');
    }
  }));

test('a config typo exits 1 with one line naming the file and the key', () =>
  withSandbox(async (box) => {
    await writeConfig(box, '[remotes.pod]\ndest = "root@h"\nprot = 22\n');
    for (const args of [['remote', 'list'], ['map', 'list'], ['push', 'pod']]) {
      const run = runCli(box, args);
      assert.equal(run.status, 1, args.join(' '));
      assert.equal(run.stderr, `ccsync: ${box.configPath}: remotes.pod.prot: unknown key (did you mean "port"?)\n`);
    }
    await writeConfig(box, '[remotes.pod]\ndest = "root@h"\nport = true\n');
    const run = runCli(box, ['remote', 'list']);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /remotes\.pod\.port: expected a port number 1-65535 or a string such as "\$\{RUNPOD_PORT\}", got boolean true\n$/);
  }));

test('push/pull/sync/status/sessions/move check their arguments before the engine runs', () =>
  withSandbox(async (box) => {
    await writeConfig(box, '[remotes.pod]\ndest = "root@h"\nport = "${RUNPOD_PORT}"\n[remotes.bk]\ndest = "dir:/b"\n');
    const cases: [string[], number, RegExp][] = [
      [['push', 'pod', '/x', '--all'], 2, /give either LOCAL_PATH or --all, not both/],
      [['pull', 'bk', '--session', 'not-a-uuid'], 2, /--session: "not-a-uuid" is not a session id/],
      [['sync', 'pdo'], 1, /no remote named "pdo" \(did you mean "pod"\?\)/],
      [['push', 'pod'], 1, /remotes\.pod\.port: environment variable RUNPOD_PORT is not set .*ccsync remote set pod --port/],
      [['move', '/a', '/a/'], 2, /OLD_PATH and NEW_PATH are the same path/],
      [['sessions', '/x', '--all'], 2, /give either PATH or --all/],
      [['status', 'bad name'], 2, /invalid remote name/],
      [['check', 'bad name'], 2, /invalid remote name/],
      [['check', 'pdo'], 1, /no remote named "pdo" \(did you mean "pod"\?\)/],
      [['check', 'pod'], 1, /remotes\.pod\.port: environment variable RUNPOD_PORT is not set .*ccsync remote set pod --port/],
      [['check'], 2, /missing required argument 'remote'/],
    ];
    for (const [args, status, pattern] of cases) {
      const run = runCli(box, args);
      assert.equal(run.status, status, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, pattern, args.join(' '));
    }
    // valid arguments reach the engine (a placeholder until it lands, or the real thing)
    const run = runCli(box, ['push', 'bk', '--session', '0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0', '--dry-run'], { RUNPOD_PORT: '22' });
    assert.doesNotMatch(run.stderr, /session id|usage/i);
  }));
