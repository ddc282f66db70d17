// The top-level handler in process: how each kind of failure becomes stderr and an exit code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { ExitError, UsageError } from '../../src/errors.js';
import { main, type RunCommand } from '../../src/cli/main.js';
import type { ProcessIO } from '../../src/commands/context.js';

function fakeIO(env: Record<string, string> = {}): ProcessIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    // the config path points nowhere: a missing config is an empty one
    env: { CCSYNC_CONFIG: '/nonexistent/ccsync-test/config.toml', XDG_STATE_HOME: '/nonexistent/state', ...env },
    home: '/nonexistent/home',
    cwd: '/',
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    isTTY: false,
    out,
    err,
  };
}

function programThat(action: () => Promise<number>) {
  return (run: RunCommand, io: ProcessIO) =>
    new Command('ccsync')
      .exitOverride()
      .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
      .addCommand(new Command('go').action(() => run(action)));
}

test('the handler result is the exit code', async () => {
  const io = fakeIO();
  assert.equal(await main(['go'], io, programThat(async () => 3)), 3);
  assert.deepEqual(io.err, []);
});

test('ExitError → "ccsync: <message>" and its code; UsageError → 2', async () => {
  let io = fakeIO();
  assert.equal(await main(['go'], io, programThat(async () => Promise.reject(new ExitError('remote pod is unreachable')))), 1);
  assert.deepEqual(io.err, ['ccsync: remote pod is unreachable\n']);
  io = fakeIO();
  assert.equal(await main(['go'], io, programThat(async () => Promise.reject(new UsageError('bad --port')))), 2);
  assert.deepEqual(io.err, ['ccsync: bad --port\n']);
});

test('anything else is an internal error, with the stack only under CCSYNC_DEBUG=1', async () => {
  let io = fakeIO();
  assert.equal(await main(['go'], io, programThat(async () => Promise.reject(new TypeError('x is undefined')))), 1);
  assert.equal(io.err[0], 'ccsync: internal error: x is undefined\n');
  assert.doesNotMatch(io.err.join(''), /at .*\(/);
  io = fakeIO({ CCSYNC_DEBUG: '1' });
  await main(['go'], io, programThat(async () => Promise.reject(new TypeError('x is undefined'))));
  assert.match(io.err.join(''), /TypeError: x is undefined\n\s+at /);
});

test('a system error (disk full, permission) is reported plainly, not as a bug', async () => {
  const io = fakeIO();
  const error = Object.assign(new Error("EACCES: permission denied, open '/etc/x'"), { code: 'EACCES', syscall: 'open' });
  assert.equal(await main(['go'], io, programThat(async () => Promise.reject(error))), 1);
  assert.deepEqual(io.err, ['ccsync: cannot open /etc/x: permission denied\n'], 'in words, not the errno text (issue #10)');
});
