// The remote command of `ccsync launch` as a pure function (issue #4): a plan in, words and
// one quoted command string out; then the string run by a real /bin/sh with a stand-in
// claude, so quoting is checked by a shell and not by reading it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claudeArgv, checkTmuxName, defaultTmuxName, displayCommand, LAUNCH_EXIT, launchRemoteCommand, launchScriptText, launchWords, type LaunchPlan } from '../../src/pod/launch-script.js';
import { shellQuote } from '../../src/transport/shell-quote.js';

const ID = '0b5e8f3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const plan = (over: Partial<LaunchPlan>): LaunchPlan => ({ remoteDir: '/w/p', session: { kind: 'new' }, claudeArgs: [], tmux: undefined, ...over });

test('launchWords: DIR, MODE, NAME, then claude argv', () => {
  const rows: [Partial<LaunchPlan>, string[]][] = [
    [{}, ['/w/p', '', '']],
    [{ session: { kind: 'resume', id: ID } }, ['/w/p', '', '', '--resume', ID]],
    [{ session: { kind: 'continue' }, claudeArgs: ['--model', 'opus'] }, ['/w/p', '', '', '--continue', '--model', 'opus']],
    [{ claudeArgs: ['-p', "it's $HOME"] }, ['/w/p', '', '', '-p', "it's $HOME"]],
    [{ tmux: { name: 'run-1', attach: false }, session: { kind: 'resume', id: ID } }, ['/w/p', 'new', 'run-1', '--resume', ID]],
    [{ tmux: { name: 'run-1', attach: true }, session: { kind: 'resume', id: ID }, claudeArgs: ['x'] }, ['/w/p', 'attach', 'run-1']],
    [{ remoteDir: "/w/a b/'q'/$x/é" }, ["/w/a b/'q'/$x/é", '', '']],
  ];
  for (const [over, words] of rows) assert.deepEqual(launchWords(plan(over)), words, JSON.stringify(over));
});

test('launchRemoteCommand: sh -c SCRIPT ccsync-launch and every word single-quoted', () => {
  const rows: [Partial<LaunchPlan>, string][] = [
    [{}, `'/w/p' '' ''`],
    [{ session: { kind: 'resume', id: ID } }, `'/w/p' '' '' '--resume' '${ID}'`],
    [{ remoteDir: "/w/it's $x" }, `'/w/it'"'"'s $x' '' ''`],
    [{ tmux: { name: 'n', attach: false } }, `'/w/p' 'new' 'n'`],
  ];
  const prefix = `sh -c ${shellQuote(launchScriptText())} ccsync-launch `;
  for (const [over, tail] of rows) assert.equal(launchRemoteCommand(plan(over)), prefix + tail);
});

test('the script is one line with no !, backslash or single quote (csh and fish pass it on unchanged)', () => {
  assert.doesNotMatch(launchScriptText(), /[\n!\\']/);
});

test('claudeArgv, tmux names, display', () => {
  assert.deepEqual(claudeArgv({ session: { kind: 'new' }, claudeArgs: ['--', 'x'] }), ['--', 'x']);
  assert.equal(defaultTmuxName('/workspace/my proj.v2'), `ccsync-my-proj-v2-${defaultTmuxName('/workspace/my proj.v2').slice(-6)}`);
  assert.match(defaultTmuxName('/w/é'), /^ccsync-project-[0-9a-f]{6}$/);
  assert.notEqual(defaultTmuxName('/a/proj'), defaultTmuxName('/b/proj'));
  assert.ok(checkTmuxName(defaultTmuxName(`/w/${'x'.repeat(300)}`)));
  for (const bad of ['', 'a.b', 'a:b', 'a b', 'x'.repeat(65)]) assert.equal(checkTmuxName(bad), false, bad);
  assert.equal(displayCommand(['ssh', '-t', '--', 'host', "sh -c 'x'"]), `ssh -t -- host 'sh -c '"'"'x'"'"''`);
});

/** A stand-in claude that prints its cwd and argv, one per line. */
function sandbox(): { home: string; run: (p: LaunchPlan) => { status: number | null; stdout: string; stderr: string } } {
  const home = mkdtempSync(join(tmpdir(), 'ccsync-launch-unit-'));
  const bin = join(home, '.local', 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'claude'), '#!/bin/sh\npwd\nfor a in "$@"; do printf "%s\\n" "$a"; done\n');
  chmodSync(join(bin, 'claude'), 0o755);
  const run = (p: LaunchPlan): { status: number | null; stdout: string; stderr: string } => {
    // what sshd does with the command string: the login shell's `-c`
    const result = spawnSync('/bin/sh', ['-c', launchRemoteCommand(p)], { env: { HOME: home, PATH: '/usr/bin:/bin' }, encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  return { home, run };
}

test('run by sh: claude (found in ~/.local/bin, not on PATH) starts in the dir with exactly its argv', () => {
  const { home, run } = sandbox();
  try {
    const dir = join(home, "proj 'q' \"dq\" $HOME `x` é ✓");
    mkdirSync(dir);
    const args = ['-p', "it's $HOME and `date` and \\n", ''];
    const result = run(plan({ remoteDir: dir, session: { kind: 'resume', id: ID }, claudeArgs: args }));
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, [dir, '--resume', ID, ...args].map((line) => `${line}\n`).join(''));
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('run by sh: a missing dir and a missing claude exit with their own codes and say so', () => {
  const { home, run } = sandbox();
  try {
    const missing = run(plan({ remoteDir: join(home, 'nope') }));
    assert.equal(missing.status, LAUNCH_EXIT.noProjectDir);
    assert.match(missing.stderr, /the project dir .*nope does not exist here: create it/);
    rmSync(join(home, '.local'), { recursive: true });
    const noClaude = run(plan({ remoteDir: home }));
    assert.equal(noClaude.status, LAUNCH_EXIT.noClaude);
    assert.match(noClaude.stderr, /claude is not installed here/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
