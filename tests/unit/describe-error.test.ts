// The one describer of caught errors (issue #10 item 8): a system error says what could not be
// done where, and why, in words — never Node's `ECODE: …, syscall 'path'` text; a write whose
// dir cannot be made says what is in the way (a broken link, a file, a read-only mount).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeError, describeErrorText, errorReason } from '../../src/errors.js';
import { explainWriteError } from '../../src/agent/explain-write-error.js';

const RAW = /\bE[A-Z]{3,}\b|no such file or directory|, (mkdir|open|rename) '/;

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => assert.fail('expected a failure'),
    (error: unknown) => error,
  );
}

test('real fs errors read as what failed, where, and why', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ccsync-errors-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'file'), 'x');
  mkdirSync(join(dir, 'empty'));
  const cases: Array<[unknown, string]> = [
    [await caught(readFile(dir)), 'cannot read: it is a directory'],
    [await caught(readFile(join(dir, 'none'))), `cannot open ${join(dir, 'none')}: it does not exist`],
    [await caught(mkdir(join(dir, 'file', 'sub'), { recursive: true })), `cannot create the directory ${join(dir, 'file', 'sub')}: a part of the path is not a directory`],
    [await caught(mkdir(join(dir, 'none', 'sub'))), `cannot create the directory ${join(dir, 'none', 'sub')}: a parent directory is missing, is a broken link, or is on a read-only file system`],
    [await caught(rename(join(dir, 'file'), join(dir, 'empty'))), `cannot move a file into place at ${join(dir, 'empty')}: it is a directory`],
    [await caught(rename(join(dir, 'file'), dir)), `cannot move a file into place at ${dir}: the directory is not empty`],
  ];
  for (const [error, expected] of cases) {
    assert.equal(describeError(error), expected);
    assert.doesNotMatch(describeError(error), RAW);
  }
  assert.equal(errorReason(cases[1]?.[0]), 'it does not exist');
  const child = spawn('ccsync-no-such-program-here');
  const spawnError = await new Promise<unknown>((resolve) => child.once('error', resolve));
  assert.equal(describeError(spawnError), 'cannot run ccsync-no-such-program-here: the program is not installed (not on PATH)');
  // messages that are not system errors pass through unchanged
  assert.equal(describeError(new Error('boom')), 'boom');
  assert.equal(describeError('plain'), 'plain');
});

test('raw errno text that arrived as a message (a remote answer) is rewritten in place', () => {
  assert.equal(
    describeErrorText("put projects/-p/s.jsonl: EROFS: read-only file system, open '/w/.claude/projects/-p/.s.tmp'"),
    'put projects/-p/s.jsonl: cannot open /w/.claude/projects/-p/.s.tmp: the file system is read-only',
  );
  assert.equal(describeErrorText("ENOSPC: no space left on device, write"), 'cannot write: no space is left on the device');
  assert.equal(describeErrorText('changed since the plan'), 'changed since the plan');
});

test('a failed mkdir says what is in the way: a broken link (volume not mounted) or a file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ccsync-errors-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, '.claude'));
  symlinkSync('/workspace-not-mounted/projects', join(dir, '.claude', 'projects'));
  const broken = await caught(mkdir(join(dir, '.claude', 'projects', '-p'), { recursive: true }));
  const text = describeError(await explainWriteError(broken));
  assert.equal(text, `cannot create the directory ${join(dir, '.claude', 'projects')}: ${join(dir, '.claude', 'projects')} is a link to /workspace-not-mounted/projects, which does not exist (is that volume mounted?)`);
  writeFileSync(join(dir, 'plain'), 'x');
  const file = await caught(mkdir(join(dir, 'plain', 'a', 'b'), { recursive: true }));
  assert.match(describeError(await explainWriteError(file)), /plain is a file, not a directory$/);
  const other = new Error('not a system error');
  assert.equal(await explainWriteError(other), other);
});

// A read-only mount needs root and a kernel that lets this process mount (containers often do).
function mountReadOnly(dir: string): boolean {
  if (process.getuid?.() !== 0) return false;
  return spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'ccsync-test', dir]).status === 0;
}

test('a read-only mount is named as such (a recursive mkdir there says ENOENT)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ccsync-errors-'));
  const mounted = mountReadOnly(dir);
  t.after(() => {
    if (mounted) spawnSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  });
  if (!mounted) return t.skip('cannot mount a read-only tmpfs here (needs root in a mount-capable namespace)');
  const error = await caught(mkdir(join(dir, '.claude', 'projects'), { recursive: true }));
  assert.equal(describeError(await explainWriteError(error)), `cannot create the directory ${join(dir, '.claude')}: the file system is read-only (at ${dir})`);
});
