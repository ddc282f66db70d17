// `ccsync setup` over a real sshd (issue #4): the remote's ~/.claude parts move into a store
// and are linked back; a dry run changes nothing; a second run changes nothing and loses no
// file; a differing copy is kept beside the store's; `--install-claude` goes through npm (a
// stand-in npm on the remote PATH) and puts claude on PATH for login and non-login shells;
// then a push lands in the store through the symlinked projects/ and pulls back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { PATH_LINE, STORE_DIRS } from '../../src/pod/setup-script.js';
import { SSHD, startSshd, type SshdFixture } from '../helpers/sshd.js';
import { seededUuid, userLine } from '../helpers/transcripts.js';
import { makeSandbox, runCli, type Sandbox } from '../integration/cli-harness.js';

const skip = SSHD ? false : 'sshd not installed (apt-get install openssh-server)';
let sshd: SshdFixture;
let cli: Sandbox;
let bin: string;
let claudeDir: string;
let store: string;
const env = (): Record<string, string> => ({ CCSYNC_SSH_COMMAND: sshd.sshCommand });

// npm as far as setup uses it: `install -g [--prefix P] PKG` and `prefix -g`; it logs each call
const STAND_IN_NPM = `#!/bin/sh
echo "$*" >> "$HOME/npm-calls.log"
p="$HOME/npm-prefix"
if [ "$1" = prefix ]; then echo "$p"; exit 0; fi
if [ "$1" = install ]; then mkdir -p "$p/bin"; printf '#!/bin/sh\\necho "9.9.9 (stand-in)"\\n' > "$p/bin/claude"; chmod 755 "$p/bin/claude"; exit 0; fi
exit 1
`;

before(async () => {
  if (skip) return;
  bin = realpathSync(mkdtempSync(join(tmpdir(), 'ccsync-setup-bin-')));
  writeFileSync(join(bin, 'npm'), STAND_IN_NPM, { mode: 0o755 });
  sshd = await startSshd({ extraPath: bin });
  cli = await makeSandbox();
  claudeDir = join(sshd.remoteHome, '.claude');
  store = join(sshd.remoteHome, 'volume', 'claude sessions');
  mkdirSync(join(claudeDir, 'projects', '-old'), { recursive: true });
  writeFileSync(join(claudeDir, 'projects', '-old', 's.jsonl'), '{"old":1}\n');
  writeFileSync(join(claudeDir, 'settings.json'), '{"model":"opus"}\n');
  const add = runCli(cli, ['remote', 'add', 'pod', sshd.alias], env());
  assert.equal(add.status, 0, add.stderr);
});
after(async () => {
  if (skip) return;
  await sshd.stop();
  await cli.cleanup();
  rmSync(bin, { recursive: true, force: true });
});

/** Every entry under the remote HOME: type, link target or content hash. */
function snapshot(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const info = lstatSync(path);
      if (info.isSymbolicLink()) out.push(`${path} -> ${readlinkSync(path)}`);
      else if (info.isDirectory()) {
        out.push(`${path}/`);
        walk(path);
      } else out.push(`${path} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`);
    }
  };
  walk(sshd.remoteHome);
  return out;
}

function setup(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return runCli(cli, ['setup', 'pod', ...args], env());
}

test('no /workspace and no --store: says to give --store; a relative --store is a usage error', { skip: skip || (existsSync('/workspace') ? '/workspace exists here' : false), timeout: 60_000 }, () => {
  const before = snapshot();
  const result = setup([]);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /^ccsync: setup on 'pod': no \/workspace on this machine: give --store DIR/);
  assert.equal(setup(['--store', 'rel/dir']).status, 2);
  assert.deepEqual(snapshot(), before);
});

test('--dry-run says what it would do and changes nothing', { skip, timeout: 60_000 }, () => {
  const before = snapshot();
  const result = setup(['--store', store, '--install-claude', '--dry-run']);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /\(dry run: nothing changed\)/);
  assert.match(result.stdout, /would +move .*\/\.claude\/projects to .*\/claude sessions\/projects/);
  assert.match(result.stdout, /would +install Claude Code/);
  assert.deepEqual(snapshot(), before);
});

test('setup moves into the store and links; the second run changes nothing; claude is on PATH for both shells', { skip, timeout: 120_000 }, () => {
  const first = setup(['--store', store, '--install-claude']);
  assert.equal(first.status, 0, first.stderr);
  for (const name of [...STORE_DIRS, 'settings.json', 'CLAUDE.md', 'history.jsonl']) {
    assert.equal(readlinkSync(join(claudeDir, name)), join(store, name), name);
  }
  assert.equal(readFileSync(join(claudeDir, 'projects', '-old', 's.jsonl'), 'utf8'), '{"old":1}\n', 'nothing lost, reached through the link');
  assert.equal(readFileSync(join(store, 'settings.json'), 'utf8'), '{"model":"opus"}\n');
  assert.equal(readFileSync(join(sshd.remoteHome, 'npm-calls.log'), 'utf8'), 'install -g @anthropic-ai/claude-code\nprefix -g\n');
  assert.equal(readlinkSync(join(sshd.remoteHome, '.local', 'bin', 'claude')), join(sshd.remoteHome, 'npm-prefix', 'bin', 'claude'));
  for (const file of ['.profile', '.bashrc']) assert.equal(readFileSync(join(sshd.remoteHome, file), 'utf8').split(PATH_LINE).length, 2, file);
  // a login shell (reads ~/.profile) and bash started by sshd for a command (reads ~/.bashrc)
  const shells: [string, string[]][] = [['sh', ['-l', '-c', 'command -v claude']], ['bash', ['-c', '. ~/.bashrc; command -v claude']]];
  for (const [shell, args] of shells) {
    const found = spawnSync(shell, args, { env: { HOME: sshd.remoteHome, PATH: '/usr/bin:/bin' }, encoding: 'utf8' });
    assert.equal(found.stdout.trim(), join(sshd.remoteHome, '.local', 'bin', 'claude'), `${shell}: ${found.stderr}`);
  }

  const settled = snapshot();
  const second = setup(['--store', store, '--install-claude']);
  assert.equal(second.status, 0, second.stderr);
  assert.match(second.stdout, /nothing to change: already set up/);
  assert.doesNotMatch(second.stdout, /done|kept/);
  assert.deepEqual(snapshot(), settled);
});

test('a copy here that differs from the store\'s is kept beside it, and it says so', { skip, timeout: 60_000 }, () => {
  unlinkSync(join(claudeDir, 'settings.json'));
  writeFileSync(join(claudeDir, 'settings.json'), '{"model":"fresh pod default"}\n');
  const result = setup(['--store', store]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /kept both +.*settings\.json differs from .*: the store keeps its own, the one from here is .*settings\.json\.ccsync-home-[0-9]{8}T[0-9]{6}Z/);
  assert.equal(readFileSync(join(claudeDir, 'settings.json'), 'utf8'), '{"model":"opus"}\n');
  const kept = readdirSync(store).filter((name) => name.startsWith('settings.json.ccsync-home-'));
  assert.equal(kept.length, 1);
  assert.equal(readFileSync(join(store, kept[0] ?? ''), 'utf8'), '{"model":"fresh pod default"}\n');
});

test('a push lands in the store through the symlinked projects/, and a pull reads it back', { skip, timeout: 120_000 }, () => {
  const local = join(realpathSync(cli.home), 'proj');
  const remote = join(sshd.remoteHome, 'work', 'proj');
  mkdirSync(local, { recursive: true });
  const id = seededUuid('setup-push');
  const file = join(cli.home, '.claude', 'projects', encodeProjectDir(local, process.platform), `${id}.jsonl`);
  mkdirSync(join(file, '..'), { recursive: true });
  const line = userLine({ uuid: seededUuid('s1'), parentUuid: null, sessionId: id, cwd: local, timestamp: '2026-05-01T10:00:00.000Z', text: 'hi' });
  writeFileSync(file, `${JSON.stringify(line)}\n`);
  assert.equal(runCli(cli, ['map', 'add', 'pod', local, remote], env()).status, 0);
  const push = runCli(cli, ['push', 'pod', local], env());
  assert.equal(push.status, 0, push.stderr + push.stdout);
  const inStore = join(store, 'projects', encodeProjectDir(remote, process.platform), `${id}.jsonl`);
  assert.equal(JSON.parse(readFileSync(inStore, 'utf8')).cwd, remote);
  writeFileSync(inStore, `${readFileSync(inStore, 'utf8')}${JSON.stringify({ ...line, uuid: seededUuid('s2'), parentUuid: line.uuid, cwd: remote })}\n`);
  const pull = runCli(cli, ['pull', 'pod', local], env());
  assert.equal(pull.status, 0, pull.stderr + pull.stdout);
  assert.ok(readFileSync(file, 'utf8').includes(seededUuid('s2')));
});
