import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AgentRoot } from '../../src/agent/agent-root.js';
import { applyWrites, readRanges } from '../../src/agent/file-ops.js';
import { fingerprintBuffer } from '../../src/agent/fingerprint.js';
import type { WriteResult } from '../../src/wire/protocol.js';
import { tempDir } from '../helpers/temp-dir.js';

const RUN = '20250102T030405-77-abc123';
const MTIME = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
const DIR = 'projects/-home-u-app';
const T = `${DIR}/s1.jsonl`;

function makeRoot(): AgentRoot {
  const base = tempDir('ccsync-ops-');
  const claudeDir = path.join(base, 'claude');
  fs.mkdirSync(path.join(claudeDir, DIR), { recursive: true });
  return { claudeDir, home: base, backupDir: path.join(base, 'state', 'backups'), runId: RUN, platform: 'linux' };
}

function abs(root: AgentRoot, rel: string): string {
  return path.join(root.claudeDir, ...rel.split('/'));
}

function seed(root: AgentRoot, rel: string, data: string): void {
  fs.mkdirSync(path.dirname(abs(root, rel)), { recursive: true });
  fs.writeFileSync(abs(root, rel), data);
}

function mode(file: string): number {
  return fs.statSync(file).mode & 0o777;
}

/** Every file name below `dir` that looks like one of our temp files. */
function tempFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.includes('.ccsync-'));
}

function failure(result: WriteResult | undefined): string {
  assert.ok(result && !result.ok, `expected a failure, got ${JSON.stringify(result)}`);
  return result.code;
}

test('append: verified by size, fsynced, mtime set, fingerprint of the new length', async () => {
  const root = makeRoot();
  seed(root, T, 'a\n');
  const [result] = await applyWrites(root, [{ kind: 'append', path: T, expect: { size: 2 }, data: Buffer.from('b\n'), mtimeMs: MTIME }]);
  assert.ok(result?.ok, JSON.stringify(result));
  const after = fs.readFileSync(abs(root, T));
  assert.equal(after.toString(), 'a\nb\n');
  assert.equal(result.size, 4);
  assert.equal(result.fp, fingerprintBuffer(after, 4));
  assert.equal(result.mtimeMs, fs.statSync(abs(root, T)).mtimeMs);
  assert.ok(Math.abs(fs.statSync(abs(root, T)).mtimeMs - MTIME) < 1);
});

test('append: wrong size → changed and nothing written; a missing file is not created', async () => {
  const root = makeRoot();
  seed(root, T, 'a\nb\n');
  const before = fs.statSync(abs(root, T));
  const results = await applyWrites(root, [
    { kind: 'append', path: T, expect: { size: 2 }, data: Buffer.from('x\n'), mtimeMs: MTIME },
    { kind: 'append', path: `${DIR}/missing.jsonl`, expect: { size: 0 }, data: Buffer.from('x\n'), mtimeMs: MTIME },
  ]);
  assert.equal(failure(results[0]), 'changed');
  assert.equal(failure(results[1]), 'changed');
  assert.equal(fs.readFileSync(abs(root, T), 'utf8'), 'a\nb\n');
  assert.equal(fs.statSync(abs(root, T)).mtimeMs, before.mtimeMs);
  assert.equal(fs.existsSync(abs(root, `${DIR}/missing.jsonl`)), false);
});

test('put absent: creates file 0600 and parents 0700 with the mtime; refuses to overwrite', async () => {
  const root = makeRoot();
  const rel = 'file-history/s1/abcdef@v1';
  const data = Buffer.from('backup of a user file');
  const [created] = await applyWrites(root, [{ kind: 'put', path: rel, expect: { absent: true }, data, mtimeMs: MTIME, backup: false }]);
  assert.ok(created?.ok, JSON.stringify(created));
  assert.deepEqual(fs.readFileSync(abs(root, rel)), data);
  assert.equal(mode(abs(root, rel)), 0o600);
  assert.equal(mode(path.join(root.claudeDir, 'file-history')), 0o700);
  assert.equal(mode(path.join(root.claudeDir, 'file-history', 's1')), 0o700);
  assert.equal(created.fp, createHash('sha256').update(data).digest('hex'));
  assert.equal(created.size, data.length);
  assert.equal(created.mtimeMs, fs.statSync(abs(root, rel)).mtimeMs);
  assert.ok(Math.abs(created.mtimeMs - MTIME) < 1);

  const [again] = await applyWrites(root, [{ kind: 'put', path: rel, expect: { absent: true }, data: Buffer.from('other'), mtimeMs: MTIME, backup: true }]);
  assert.equal(failure(again), 'changed');
  assert.deepEqual(fs.readFileSync(abs(root, rel)), data);
  assert.deepEqual(tempFiles(root.claudeDir), []);
});

test('put {size}: replaces an existing file after a backup; size mismatch → changed', async () => {
  const root = makeRoot();
  seed(root, T, 'old\n');
  const data = Buffer.from('new line\n');
  const [replaced] = await applyWrites(root, [{ kind: 'put', path: T, expect: { size: 4 }, data, mtimeMs: MTIME, backup: true }]);
  assert.ok(replaced?.ok, JSON.stringify(replaced));
  assert.equal(fs.readFileSync(abs(root, T), 'utf8'), 'new line\n');
  assert.equal(replaced.fp, fingerprintBuffer(data, data.length));
  const backup = path.join(root.backupDir, RUN, ...T.split('/'));
  assert.equal(fs.readFileSync(backup, 'utf8'), 'old\n');
  assert.equal(mode(backup), 0o600);
  assert.equal(mode(path.join(root.backupDir, RUN)), 0o700);

  const results = await applyWrites(root, [
    { kind: 'put', path: T, expect: { size: 4 }, data: Buffer.from('x'), mtimeMs: MTIME, backup: true },
    { kind: 'put', path: `${DIR}/none.jsonl`, expect: { size: 0 }, data: Buffer.from('x'), mtimeMs: MTIME, backup: true },
  ]);
  assert.equal(failure(results[0]), 'changed');
  assert.equal(failure(results[1]), 'changed');
  assert.equal(fs.readFileSync(abs(root, T), 'utf8'), 'new line\n');
  assert.deepEqual(tempFiles(root.claudeDir), []);
});

test('splice: keeps a prefix, replaces the rest, atomically and with a backup', async () => {
  const root = makeRoot();
  seed(root, T, 'l1\nl2\nl3\n');
  const [spliced] = await applyWrites(root, [{ kind: 'splice', path: T, expect: { size: 9 }, keep: 3, data: Buffer.from('m2\nm3\nm4\n'), mtimeMs: MTIME, backup: true }]);
  assert.ok(spliced?.ok, JSON.stringify(spliced));
  const after = fs.readFileSync(abs(root, T));
  assert.equal(after.toString(), 'l1\nm2\nm3\nm4\n');
  assert.equal(spliced.size, after.length);
  assert.equal(spliced.fp, fingerprintBuffer(after, after.length));
  assert.equal(spliced.mtimeMs, fs.statSync(abs(root, T)).mtimeMs);
  assert.equal(mode(abs(root, T)), 0o600);
  assert.equal(fs.readFileSync(path.join(root.backupDir, RUN, ...T.split('/')), 'utf8'), 'l1\nl2\nl3\n');

  const results = await applyWrites(root, [
    { kind: 'splice', path: T, expect: { size: 9 }, keep: 3, data: Buffer.from('z\n'), mtimeMs: MTIME, backup: true },
    { kind: 'splice', path: T, expect: { size: after.length }, keep: after.length + 1, data: Buffer.from('z\n'), mtimeMs: MTIME, backup: true },
  ]);
  assert.equal(failure(results[0]), 'changed');
  assert.equal(failure(results[1]), 'refused');
  assert.deepEqual(fs.readFileSync(abs(root, T)), after);
  assert.deepEqual(tempFiles(root.claudeDir), []);
});

test('remove: size checked, backed up; `any` tolerates a missing file', async () => {
  const root = makeRoot();
  seed(root, T, 'abc\n');
  seed(root, `${DIR}/sessions-index.json`, '{"entries":[]}');
  const results = await applyWrites(root, [
    { kind: 'remove', path: T, expect: { size: 3 }, backup: true },
    { kind: 'remove', path: `${DIR}/sessions-index.json`, expect: { any: true }, backup: true },
    { kind: 'remove', path: `${DIR}/gone.json`, expect: { any: true }, backup: true },
    { kind: 'remove', path: `${DIR}/gone.jsonl`, expect: { size: 3 }, backup: true },
  ]);
  assert.equal(failure(results[0]), 'changed');
  assert.deepEqual(results[1], { ok: true, path: `${DIR}/sessions-index.json` });
  assert.deepEqual(results[2], { ok: true, path: `${DIR}/gone.json` });
  assert.equal(failure(results[3]), 'changed');
  assert.ok(fs.existsSync(abs(root, T)));
  assert.equal(fs.existsSync(abs(root, `${DIR}/sessions-index.json`)), false);
  assert.equal(fs.readFileSync(path.join(root.backupDir, RUN, DIR, 'sessions-index.json'), 'utf8'), '{"entries":[]}');

  const [removed] = await applyWrites(root, [{ kind: 'remove', path: T, expect: { size: 4 }, backup: false }]);
  assert.deepEqual(removed, { ok: true, path: T });
  assert.equal(fs.existsSync(abs(root, T)), false);
});

test('unsafe paths are refused and do not stop the batch', async () => {
  const root = makeRoot();
  const outside = tempDir('ccsync-outside-');
  fs.symlinkSync(outside, path.join(root.claudeDir, DIR, 's1'));
  const data = Buffer.from('x\n');
  const results = await applyWrites(root, [
    { kind: 'put', path: '../../.ssh/authorized_keys', expect: { absent: true }, data, mtimeMs: MTIME, backup: false },
    { kind: 'put', path: 'config.json', expect: { absent: true }, data, mtimeMs: MTIME, backup: false },
    { kind: 'put', path: `${DIR}/s1/subagents/agent-x.jsonl`, expect: { absent: true }, data, mtimeMs: MTIME, backup: false },
    { kind: 'put', path: `${DIR}/ok.jsonl`, expect: { absent: true }, data, mtimeMs: MTIME, backup: false },
  ]);
  assert.deepEqual(results.map((r) => (r.ok ? 'ok' : r.code)), ['refused', 'refused', 'refused', 'ok']);
  assert.deepEqual(fs.readdirSync(outside), []);
  assert.equal(fs.readFileSync(abs(root, `${DIR}/ok.jsonl`), 'utf8'), 'x\n');
});

test('readRanges returns the requested bytes and fails loudly on short or unsafe reads', async () => {
  const root = makeRoot();
  seed(root, T, '0123456789');
  const results = await readRanges(root, [
    { path: T, offset: 0, length: 10 },
    { path: T, offset: 4, length: 3 },
    { path: T, offset: 10, length: 0 },
  ]);
  assert.deepEqual(results.map((r) => [r.path, r.data.toString()]), [[T, '0123456789'], [T, '456'], [T, '']]);
  await assert.rejects(readRanges(root, [{ path: T, offset: 5, length: 6 }]), /cannot read/);
  await assert.rejects(readRanges(root, [{ path: `${DIR}/missing.jsonl`, offset: 0, length: 1 }]), /cannot read/);
  await assert.rejects(readRanges(root, [{ path: '../../etc/passwd', offset: 0, length: 1 }]), /'\.\.' segment/);
  await assert.rejects(readRanges(root, [{ path: T, offset: -1, length: 1 }]), /non-negative/);
});

test('backup: copies the file into the run dir and leaves it as it was; a missing file → changed', async () => {
  const root = makeRoot();
  seed(root, T, 'a\n');
  const before = fs.statSync(abs(root, T));
  const [result, missing] = await applyWrites(root, [
    { kind: 'backup', path: T },
    { kind: 'backup', path: `${DIR}/gone.jsonl` },
  ]);
  assert.ok(result?.ok, JSON.stringify(result));
  assert.equal(fs.readFileSync(path.join(root.backupDir, RUN, ...T.split('/')), 'utf8'), 'a\n');
  const after = fs.statSync(abs(root, T));
  assert.deepEqual([after.ino, after.size, after.mtimeMs], [before.ino, before.size, before.mtimeMs]);
  assert.equal(failure(missing), 'changed');
});
