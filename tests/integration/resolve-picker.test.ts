// The `ccsync resolve` picker through a real PTY (tmux): the preview is on screen, an arrow
// key and Enter choose "keep remote", and the choice is written like `--keep remote` would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_PATH } from './cli-harness.js';
import { read, uuidsOf } from './transfer-harness.js';
import { makeForked, SID } from './resolve-fixture.js';

const tmuxMissing = existsSync('/usr/bin/tmux') ? false : 'tmux not installed';

function shellQuote(text: string): string {
  return `'${text.split("'").join("'\\''")}'`;
}

/** Polls every 100 ms, bounded: a wait for a screen, not a timing. */
async function waitFor<T>(what: string, check: () => T | undefined, screen: () => string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n--- screen ---\n${screen()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('the picker shows the preview and writes the choice made with the arrow keys', { skip: tmuxMissing, timeout: 180_000 }, async () => {
  const f = await makeForked();
  const dir = mkdtempSync(join(tmpdir(), 'ccsync-pty-'));
  const socket = join(dir, 's');
  const exitFile = join(dir, 'exit');
  const tmux = (args: string[]): string =>
    spawnSync('tmux', ['-S', socket, ...args], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', TERM: 'xterm' } }).stdout;
  const screen = (): string => tmux(['capture-pane', '-p', '-S', '-200']);
  try {
    const env = { ...f.p.box.env, TERM: 'xterm' };
    const exports = Object.entries(env).map(([key, value]) => `export ${key}=${shellQuote(value)}`).join('; ');
    const command = [process.execPath, CLI_PATH, 'resolve', 'b'].map(shellQuote).join(' ');
    tmux(['new-session', '-d', '-x', '160', '-y', '60', 'sh', '-c', `${exports}; cd ${shellQuote(f.p.L)} && ${command}; echo $? > ${shellQuote(exitFile)}; exec sleep 600`]);
    await waitFor('the choice prompt', () => (screen().includes('Keep what?') ? true : undefined), screen);
    const shown = screen();
    assert.match(shown, /Fix the parser/, 'the remote title');
    assert.match(shown, /continue on the pod/, "the remote's last prompt");
    assert.match(shown, /try the other approach/, "the local's last prompt");
    assert.match(shown, new RegExp(`kept as session ${f.forkId}`));
    tmux(['send-keys', 'Down']);
    await waitFor('the cursor on keep remote', () => (/[●>].*keep remote/.test(screen()) ? true : undefined), screen);
    tmux(['send-keys', 'Enter']);
    const code = await waitFor('ccsync to exit', () => (existsSync(exitFile) && readFileSync(exitFile, 'utf8').trim() !== '' ? Number(readFileSync(exitFile, 'utf8').trim()) : undefined), screen);
    assert.equal(code, 0, screen());
    assert.deepEqual(uuidsOf(read(f.localFile)), uuidsOf(f.remoteBefore), 'the local S is the remote history now');
    assert.equal(read(f.remoteFile), f.remoteBefore);
    assert.equal(f.p.status()[SID], 'in-sync');
  } finally {
    tmux(['kill-server']);
    rmSync(dir, { recursive: true, force: true });
    await f.p.cleanup();
  }
});
