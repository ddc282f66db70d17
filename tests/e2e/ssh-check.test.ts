// `ccsync check` against a real sshd on 127.0.0.1 (issues #3, #4): the facts it reports are
// those of the fixture (the remote is this machine), and each way of failing — closed port,
// unanswered address, unknown name, refused key, changed host key — is told apart with its fix.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { machine, tmpdir, type } from 'node:os';
import { join } from 'node:path';
import { SSHD, startSshd, type SshdFixture } from '../helpers/sshd.js';
import { CLI_PATH, makeSandbox, type CliResult, type Sandbox } from '../integration/cli-harness.js';

const skip = SSHD ? false : 'sshd not installed (apt-get install openssh-server)';
const STAND_IN_VERSION = '9.9.9 (Claude Code stand-in)';

/** The CLI, without blocking the event loop (the sshd fixture reads its log through it). */
function ccsync(sandbox: Sandbox, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], { env: { ...sandbox.env, ...env }, cwd: sandbox.home });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

async function ok(sandbox: Sandbox, args: string[], env: Record<string, string> = {}): Promise<string> {
  const result = await ccsync(sandbox, args, env);
  assert.equal(result.status, 0, `ccsync ${args.join(' ')}: ${result.stderr}${result.stdout}`);
  return result.stdout;
}

/** A port that was free a moment ago: nothing listens there. */
async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });
}

function standInClaude(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'claude');
  writeFileSync(path, `#!/bin/sh\necho '${STAND_IN_VERSION}'\n`);
  chmodSync(path, 0o755);
  return path;
}

// Typed views of the --json document, for the asserts below.
interface EndpointJson {
  roles: string[];
  destination: string;
  reachable: boolean;
  failure?: { kind: string; message: string };
  connectMs?: number;
  roundTripMs?: number;
  system?: { os: string; machine: string; arch: string; home: string };
  node?: { path: string; version: string } | null;
  claudeDir?: { path: string; exists: boolean; freeBytes?: number; measuredAt: string };
  claude?: { path: string; onPath: boolean; version?: string } | null;
  agent?: { ran: boolean; ok?: boolean; runtime?: string; reason?: string; info?: { claudeDirExists: boolean } };
  problems: { level: string; message: string }[];
}
function parseCheck(stdout: string): { remote: string; ok: boolean; endpoints: EndpointJson[] } {
  return JSON.parse(stdout);
}

let sshd: SshdFixture;
let sandbox: Sandbox;
let remoteBin: string;
let env: Record<string, string>;

before(async () => {
  if (skip) return;
  remoteBin = mkdtempSync(join(tmpdir(), 'ccsync-remote-bin-'));
  standInClaude(remoteBin);
  sshd = await startSshd({ extraPath: remoteBin });
  sandbox = await makeSandbox();
  env = { CCSYNC_SSH_COMMAND: sshd.sshCommand };
});

after(async () => {
  if (skip) return;
  await sshd.stop();
  await sandbox.cleanup();
  rmSync(remoteBin, { recursive: true, force: true });
});

test('a healthy remote: every fact is true to the fixture, --json is one document', { skip, timeout: 180_000 }, async () => {
  await ok(sandbox, ['remote', 'add', 'pod', sshd.alias], env);
  const first = parseCheck(await ok(sandbox, ['check', 'pod', '--json'], env));
  assert.equal(first.ok, true);
  assert.equal(first.endpoints.length, 1);
  const [endpoint] = first.endpoints;
  assert.ok(endpoint);
  assert.deepEqual(endpoint.roles, ['transfer', 'interactive']);
  assert.equal(endpoint.reachable, true);
  assert.equal(endpoint.failure, undefined);
  assert.ok((endpoint.connectMs ?? 0) > 0 && (endpoint.roundTripMs ?? 0) > 0, JSON.stringify(endpoint));
  assert.ok((endpoint.roundTripMs ?? Infinity) < (endpoint.connectMs ?? 0), 'a round trip on the open connection costs less than connecting');
  assert.deepEqual(endpoint.system, { os: type(), machine: machine(), arch: process.arch, home: sshd.remoteHome });
  assert.deepEqual(endpoint.node, { path: spawnSync('sh', ['-c', 'PATH=/usr/local/bin:/usr/bin:/bin command -v node'], { encoding: 'utf8' }).stdout.trim(), version: process.version });
  assert.deepEqual(endpoint.claude, { path: join(remoteBin, 'claude'), onPath: true, version: STAND_IN_VERSION });
  const claudeDir = join(sshd.remoteHome, '.claude');
  assert.equal(endpoint.claudeDir?.path, claudeDir);
  assert.equal(endpoint.claudeDir?.exists, false);
  assert.equal(endpoint.claudeDir?.measuredAt, sshd.remoteHome, 'free space where the dir will be made');
  const fs = statfsSync(sshd.remoteHome);
  const free = fs.bavail * fs.bsize;
  assert.ok(Math.abs((endpoint.claudeDir?.freeBytes ?? 0) - free) < free * 0.05 + 64 * 1024 ** 2, `${endpoint.claudeDir?.freeBytes} vs ${free}`);
  assert.equal(endpoint.agent?.ran, true);
  assert.equal(endpoint.agent?.ok, true, JSON.stringify(endpoint.agent));
  assert.equal(endpoint.agent?.runtime, process.version);
  assert.equal(endpoint.agent?.info?.claudeDirExists, false);
  assert.deepEqual(endpoint.problems.map((problem) => problem.level), ['warning']);
  assert.match(endpoint.problems[0]?.message ?? '', /does not exist yet; the first push creates it/);

  // The table for people, after the Claude dir exists: no problem left, nothing on stderr.
  mkdirSync(claudeDir);
  const result = await ccsync(sandbox, ['check', 'pod'], env);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, '');
  assert.match(result.stdout, /^remote pod \(ssh\): ok\n/);
  assert.match(result.stdout, /reachable +yes: connect [0-9.]+ ms, round trip [0-9.]+ ms/);
  assert.match(result.stdout, new RegExp(`node +${process.version.replace(/\./g, '\\.')} at /`));
  assert.match(result.stdout, /claude dir +.*\/\.claude: exists, [0-9.]+ [KMGT]iB free/);
  assert.match(result.stdout, /claude +9\.9\.9 \(Claude Code stand-in\) at .* \(on PATH\)/);
  assert.match(result.stdout, /agent +node agent 1 on v[0-9.]+ answered \(cached on the remote\)/);
});

test('a closed port: exit 1, "port N closed" and the fix, the config variable when the port comes from one', { skip, timeout: 180_000 }, async () => {
  const port = await closedPort();
  await ok(sandbox, ['remote', 'add', 'moved', sshd.alias, '--port', String(port)], env);
  const closed = await ccsync(sandbox, ['check', 'moved'], env);
  assert.equal(closed.status, 1);
  assert.match(closed.stdout, /reachable +no \(refused\)/);
  assert.match(closed.stderr, new RegExp(`^error: .*: remote 'moved': connection to testhost port ${port} \\(127\\.0\\.0\\.1\\) refused: port ${port} is closed .*new port — \`ccsync remote set moved --port N\`\\n$`));

  await ok(sandbox, ['remote', 'set', 'moved', '--port', '${POD_PORT}'], env);
  const viaVariable = await ccsync(sandbox, ['check', 'moved', '--json'], { ...env, POD_PORT: String(port) });
  assert.equal(viaVariable.status, 1);
  const [endpoint] = parseCheck(viaVariable.stdout).endpoints;
  assert.equal(endpoint?.failure?.kind, 'refused');
  assert.match(endpoint?.failure?.message ?? '', /`export POD_PORT=NEW_PORT`/);
  // following the fix works
  await ok(sandbox, ['check', 'moved'], { ...env, POD_PORT: String(sshd.port) });
});

test('only the transfer endpoint decides the exit code; each endpoint is named', { skip, timeout: 180_000 }, async () => {
  const port = await closedPort();
  await ok(sandbox, ['remote', 'add', 'split', `ssh://${sshd.alias}:${port}`, '--transfer', sshd.alias], env);
  const interactiveDown = parseCheck((await ccsync(sandbox, ['check', 'split', '--json'], env)).stdout);
  assert.equal(interactiveDown.ok, true);
  assert.deepEqual(interactiveDown.endpoints.map((e) => [e.roles.join('+'), e.reachable, e.failure?.kind]), [['transfer', true, undefined], ['interactive', false, 'refused']]);

  await ok(sandbox, ['remote', 'set', 'split', '--dest', sshd.alias, '--transfer', `ssh://${sshd.alias}:${port}`], env);
  const transferDown = await ccsync(sandbox, ['check', 'split'], env);
  assert.equal(transferDown.status, 1);
  assert.match(transferDown.stderr, new RegExp(`^error: transfer endpoint ssh://testhost:${port}: remote 'split': connection to testhost port ${port} .*refused: port ${port} is closed .*\`ccsync remote set split --transfer ssh://USER@HOST:N\``));
});

test('an address that never answers and a name that does not resolve are told from a closed port', { skip, timeout: 120_000 }, async () => {
  // a short ConnectTimeout from the user's ssh command wins over ccsync's (ssh keeps the first value)
  const quick = { CCSYNC_SSH_COMMAND: `${sshd.sshCommand} -o ConnectTimeout=2` };
  await ok(sandbox, ['remote', 'add', 'gone', 'root@10.255.255.1'], env);
  const started = Date.now();
  const gone = await ccsync(sandbox, ['check', 'gone', '--json'], quick);
  assert.ok(Date.now() - started < 20_000, 'ConnectTimeout=2 bounds the wait');
  assert.equal(gone.status, 1);
  const [down] = parseCheck(gone.stdout).endpoints;
  assert.equal(down?.failure?.kind, 'timeout', gone.stdout);
  assert.match(down?.failure?.message ?? '', /10\.255\.255\.1.*(down or unreachable|no ssh server answered)/);

  await ok(sandbox, ['remote', 'add', 'typo', 'root@no-such-host.invalid'], env);
  const typo = await ccsync(sandbox, ['check', 'typo'], quick);
  assert.equal(typo.status, 1);
  assert.match(typo.stderr, /cannot resolve no-such-host\.invalid: check the name/);
});

/** The fixture's ssh config with a setting changed in every Host block (ssh adds up IdentityFile lines). */
function variantConfig(dir: string, from: RegExp, to: string): string {
  const path = join(dir, `ssh_config_${Math.random().toString(36).slice(2)}`);
  writeFileSync(path, readFileSync(sshd.sshConfigPath, 'utf8').replace(from, to));
  return path;
}

function keygen(file: string): void {
  const result = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
}

test('a key the server does not accept, and a changed host key: each says what to do, no login happens', { skip, timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ccsync-check-keys-'));
  try {
    keygen(join(dir, 'stranger'));
    const strangerConfig = variantConfig(dir, /IdentityFile .*/g, `IdentityFile ${join(dir, 'stranger')}`);
    await ok(sandbox, ['remote', 'add', 'keyless', sshd.alias], env);
    const logins = sshd.connections();
    const denied = await ccsync(sandbox, ['check', 'keyless', '--json'], { CCSYNC_SSH_COMMAND: `ssh -F ${strangerConfig}` });
    assert.equal(denied.status, 1);
    const [auth] = parseCheck(denied.stdout).endpoints;
    assert.equal(auth?.failure?.kind, 'auth');
    assert.match(auth?.failure?.message ?? '', /BatchMode.*password or a key's passphrase.*ssh-add/);

    keygen(join(dir, 'impostor_host'));
    const impostor = readFileSync(join(dir, 'impostor_host.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
    writeFileSync(join(dir, 'known_hosts'), `ccsync-test-host ${impostor}\n`);
    const changedConfig = variantConfig(dir, /UserKnownHostsFile .*/g, `UserKnownHostsFile ${join(dir, 'known_hosts')}`);
    const changed = await ccsync(sandbox, ['check', 'keyless'], { CCSYNC_SSH_COMMAND: `ssh -F ${changedConfig}` });
    assert.equal(changed.status, 1);
    assert.match(changed.stderr, /host key of testhost has CHANGED .*`ssh-keygen -f .*known_hosts.* -R .*ccsync-test-host.*` and run `ssh -F \S+ testhost` once .*ccsync never skips host-key checks/);
    assert.equal(sshd.connections(), logins, 'neither check logged in');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a remote without node: the sh fallback is announced, claude is found off PATH', { skip, timeout: 180_000 }, async () => {
  const bare = await startSshd({ withoutNode: true });
  try {
    const claudePath = standInClaude(join(bare.remoteHome, '.local', 'bin'));
    await ok(sandbox, ['remote', 'add', 'bare', bare.alias], env);
    const bareEnv = { CCSYNC_SSH_COMMAND: bare.sshCommand };
    const result = await ccsync(sandbox, ['check', 'bare'], bareEnv);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /node +none: the sh fallback agent will be used/);
    assert.match(result.stdout, /agent +no node: the sh fallback agent will be used/);
    assert.match(result.stdout, /claude +9\.9\.9 \(Claude Code stand-in\) at .*\/\.local\/bin\/claude \(not on PATH\)/);
    assert.match(result.stderr, /`claude` is at .*\.local\/bin\/claude but not on the PATH of non-login shells .*export PATH=/);
    const [endpoint] = parseCheck(await ok(sandbox, ['check', 'bare', '--json'], bareEnv)).endpoints;
    assert.equal(endpoint?.node, null);
    assert.deepEqual(endpoint?.claude, { path: claudePath, onPath: false, version: STAND_IN_VERSION });
    assert.equal(endpoint?.system?.os, type());
    assert.equal(endpoint?.agent?.ran, false);
  } finally {
    await bare.stop();
  }
});

test('a dir: remote: the dir, its Claude dir and the free space; a missing dir fails', { skip: false }, async () => {
  const box = await makeSandbox();
  try {
    const volume = join(box.root, 'volume');
    mkdirSync(join(volume, 'claude-data'), { recursive: true });
    await ok(box, ['remote', 'add', 'vol', `dir:${volume}`, '--claude-dir', 'claude-data']);
    const [endpoint] = parseCheck(await ok(box, ['check', 'vol', '--json'])).endpoints;
    assert.equal(endpoint?.reachable, true);
    assert.equal(endpoint?.destination, `dir:${volume}`);
    assert.equal(endpoint?.claudeDir?.path, join(volume, 'claude-data'));
    assert.equal(endpoint?.claudeDir?.exists, true);
    const fs = statfsSync(volume);
    assert.ok(Math.abs((endpoint?.claudeDir?.freeBytes ?? 0) - fs.bavail * fs.bsize) < 64 * 1024 ** 2);
    assert.deepEqual(endpoint?.problems, []);

    rmSync(volume, { recursive: true });
    const missing = await ccsync(box, ['check', 'vol']);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /does not exist or is not a directory — mount it, or fix it with `ccsync remote set vol --dest dir:\/PATH`/);
  } finally {
    await box.cleanup();
  }
});
