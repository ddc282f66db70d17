import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { backupFile, isRunId, newRunId, pruneBackups } from '../../src/agent/backups.js';
import { applyWrites } from '../../src/agent/file-ops.js';
import { tempDir as makeTempDir } from '../helpers/temp-dir.js';

function tempDir(): string {
  return makeTempDir('ccsync-backups-');
}

test('newRunId is YYYYMMDDTHHMMSS-<pid>-<rand> in UTC and sorts by time', () => {
  const id = newRunId(new Date(Date.UTC(2025, 8, 7, 6, 5, 4)));
  assert.match(id, new RegExp(`^20250907T060504-${process.pid}-[0-9a-f]{6}$`));
  assert.ok(isRunId(id));
  const earlier = newRunId(new Date(Date.UTC(2024, 11, 31, 23, 59, 59)));
  assert.ok(earlier < id);
  assert.notEqual(newRunId(new Date(0)), newRunId(new Date(0)));
});

test('backupFile mirrors the rel path, 0600 files in 0700 dirs, first copy of a run wins', async () => {
  const base = tempDir();
  const source = path.join(base, 'source.jsonl');
  fs.writeFileSync(source, 'v1', { mode: 0o644 });
  const root = { claudeDir: base, home: base, backupDir: path.join(base, 'backups'), runId: newRunId(), platform: 'linux' };
  const target = await backupFile(root, 'projects/-p/s.jsonl', source);
  assert.equal(target, path.join(root.backupDir, root.runId, 'projects', '-p', 's.jsonl'));
  assert.equal(fs.readFileSync(target, 'utf8'), 'v1');
  assert.equal(fs.statSync(target).mode & 0o777, 0o600);
  assert.equal(fs.statSync(path.join(root.backupDir, root.runId, 'projects')).mode & 0o777, 0o700);
  fs.writeFileSync(source, 'v2');
  await backupFile(root, 'projects/-p/s.jsonl', source);
  assert.equal(fs.readFileSync(target, 'utf8'), 'v1');
});

test('pruneBackups keeps the newest runs, never the current one, and ignores other names', async () => {
  const backupDir = tempDir();
  const runs = Array.from({ length: 25 }, (_, i) => newRunId(new Date(Date.UTC(2025, 0, 1, 0, 0, i))));
  for (const run of runs) fs.mkdirSync(path.join(backupDir, run, 'projects'), { recursive: true });
  fs.mkdirSync(path.join(backupDir, 'keep-me'));
  fs.writeFileSync(path.join(backupDir, '00000000T000000-1-aa'), 'a file, not a run dir');
  const removed = await pruneBackups(backupDir, 20, runs[0]);
  assert.deepEqual(removed, runs.slice(1, 5));
  const left = fs.readdirSync(backupDir).sort();
  assert.deepEqual(left, ['00000000T000000-1-aa', runs[0], ...runs.slice(5), 'keep-me'].sort());
  assert.deepEqual(await pruneBackups(path.join(backupDir, 'missing')), []);
});

test('a write batch that made backups prunes old runs to 20', async () => {
  const base = tempDir();
  const backupDir = path.join(base, 'backups');
  const old = Array.from({ length: 22 }, (_, i) => newRunId(new Date(Date.UTC(2020, 0, 1, 0, 0, i))));
  for (const run of old) fs.mkdirSync(path.join(backupDir, run), { recursive: true });
  const claudeDir = path.join(base, 'claude');
  fs.mkdirSync(path.join(claudeDir, 'tasks', 's'), { recursive: true });
  fs.writeFileSync(path.join(claudeDir, 'tasks', 's', '1.json'), '{}');
  const root = { claudeDir, home: base, backupDir, runId: newRunId(), platform: 'linux' };
  const [result] = await applyWrites(root, [{ kind: 'remove', path: 'tasks/s/1.json', expect: { size: 2 }, backup: true }]);
  assert.ok(result?.ok);
  const left = fs.readdirSync(backupDir).sort();
  assert.equal(left.length, 20);
  assert.equal(left.at(-1), root.runId);
  assert.deepEqual(left.slice(0, 19), old.slice(3));
});
