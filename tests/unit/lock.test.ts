import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { ExitError } from '../../src/errors.js';
import { acquireLock } from '../../src/fs/lock.js';
import { tempDir } from '../helpers/temp-dir.js';

const DEAD_PID = 2147483646;

function lockPath(): string {
  return path.join(tempDir('ccsync-lock-'), 'state', 'ccsync', 'lock');
}

/** assert.rejects validator: an ExitError with exactly the documented message. */
function holderMessage(file: string, pid: number | string): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof ExitError);
    assert.equal(error.message, `another ccsync run (pid ${pid}) holds ${file}; wait for it or remove the file if no ccsync is running`);
    return true;
  };
}

test('acquire writes {pid, startedAt}; a second acquire fails while it is held; release frees it', async () => {
  const file = lockPath();
  const lock = await acquireLock(file);
  const content: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.ok(typeof content === 'object' && content !== null && 'pid' in content && 'startedAt' in content);
  assert.equal(content.pid, process.pid);
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  assert.equal(fs.statSync(path.dirname(file)).mode & 0o777, 0o700);
  await assert.rejects(acquireLock(file), holderMessage(file, process.pid));
  await lock.release();
  assert.equal(fs.existsSync(file), false);
  await lock.release(); // idempotent
  const again = await acquireLock(file);
  await again.release();
});

test('a lock held by another live process is respected until that process exits', async () => {
  const file = lockPath();
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  try {
    assert.ok(child.pid !== undefined);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ pid: child.pid, startedAt: Date.now() }));
    await assert.rejects(acquireLock(file), holderMessage(file, child.pid));
  } finally {
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
  const lock = await acquireLock(file);
  await lock.release();
});

test('a stale lock (dead pid) is taken over', async () => {
  const file = lockPath();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ pid: DEAD_PID, startedAt: 1 }));
  const lock = await acquireLock(file);
  const content: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.ok(typeof content === 'object' && content !== null && 'pid' in content);
  assert.equal(content.pid, process.pid);
  await lock.release();
});

test('an unparsable lock is respected while fresh (being written), taken over when old', async () => {
  const file = lockPath();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '');
  await assert.rejects(acquireLock(file), holderMessage(file, 'unknown'));
  const old = new Date(Date.now() - 3_600_000);
  fs.utimesSync(file, old, old);
  const lock = await acquireLock(file);
  await lock.release();
});

test('release leaves a lock that is no longer ours', async () => {
  const file = lockPath();
  const lock = await acquireLock(file);
  fs.writeFileSync(file, JSON.stringify({ pid: DEAD_PID, startedAt: 2 }));
  await lock.release();
  assert.ok(fs.existsSync(file));
});
