import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { resolveInside, safeRelPath, SYNC_AREAS, UnsafePathError } from '../../src/agent/safe-path.js';
import { tempDir } from '../helpers/temp-dir.js';

test('safeRelPath accepts paths inside the synced areas', () => {
  const good = [
    'projects/-home-u-app/0b5e.jsonl',
    'projects/-home-u-app/0b5e/subagents/agent-1.jsonl',
    'projects/-home-u-app/sessions-index.json',
    'file-history/0b5e/abcdef0123456789@v2',
    'tasks/0b5e/1.json',
    'session-env/0b5e/hook-1.sh',
    'projects/a b/ünïcode..name.jsonl',
  ];
  for (const rel of good) assert.equal(safeRelPath(rel), rel);
  assert.deepEqual([...SYNC_AREAS], ['projects', 'file-history', 'tasks', 'session-env']);
});

test('safeRelPath refuses anything else with an UnsafePathError', () => {
  const bad: unknown[] = [
    undefined,
    null,
    42,
    ['projects/x'],
    '',
    '../../.ssh/authorized_keys',
    '/etc/passwd',
    'C:/Windows/x',
    'projects\\x\\y.jsonl',
    'a\\b',
    'projects/x\0.jsonl',
    'projects/x\n.jsonl',
    'projects/x\u007f',
    'projects/../x',
    'projects/./x',
    'projects/x/..',
    'projects//x',
    'projects/x/',
    'projects',
    'config.json',
    'settings.json',
    '.credentials.json',
    'sessions/123.json',
    'history.jsonl',
  ];
  for (const rel of bad) {
    assert.throws(() => safeRelPath(rel), UnsafePathError, `should refuse ${JSON.stringify(rel)}`);
  }
});

test('safeRelPath takes a longer list of areas (the config sync extends it)', () => {
  assert.throws(() => safeRelPath('agents/x.md'), UnsafePathError);
  assert.equal(safeRelPath('agents/x.md', [...SYNC_AREAS, 'agents']), 'agents/x.md');
});

function claudeFixture(): { root: string; outside: string } {
  const base = tempDir('ccsync-safe-');
  const root = path.join(base, 'claude');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(path.join(root, 'projects', '-p'), { recursive: true });
  fs.mkdirSync(outside, { recursive: true });
  fs.writeFileSync(path.join(outside, 'secret'), 'key');
  return { root, outside };
}

test('resolveInside joins a plain path, existing or not (for writes)', async () => {
  const { root } = claudeFixture();
  fs.writeFileSync(path.join(root, 'projects', '-p', 's.jsonl'), '{}\n');
  assert.equal(await resolveInside(root, 'projects/-p/s.jsonl', { forWrite: false }), path.join(root, 'projects', '-p', 's.jsonl'));
  assert.equal(await resolveInside(root, 'projects/-p/new/deep/x.jsonl', { forWrite: true }), path.join(root, 'projects', '-p', 'new', 'deep', 'x.jsonl'));
  assert.equal(await resolveInside(root, 'tasks/s/1.json', { forWrite: true }), path.join(root, 'tasks', 's', '1.json'));
  await assert.rejects(resolveInside(root, 'projects/-p/missing.jsonl', { forWrite: false }), { code: 'ENOENT' });
});

test('resolveInside refuses a symlinked session dir pointing outside', async () => {
  const { root, outside } = claudeFixture();
  fs.symlinkSync(outside, path.join(root, 'projects', '-p', 'sid'));
  for (const forWrite of [true, false]) {
    await assert.rejects(resolveInside(root, 'projects/-p/sid/secret', { forWrite }), UnsafePathError);
  }
  fs.mkdirSync(path.join(root, 'file-history'));
  fs.symlinkSync(outside, path.join(root, 'file-history', 'sid'));
  await assert.rejects(resolveInside(root, 'file-history/sid/new', { forWrite: true }), UnsafePathError);
});

test('resolveInside refuses a symlinked file and a non-file leaf', async () => {
  const { root, outside } = claudeFixture();
  fs.symlinkSync(path.join(outside, 'secret'), path.join(root, 'projects', '-p', 's.jsonl'));
  await assert.rejects(resolveInside(root, 'projects/-p/s.jsonl', { forWrite: true }), UnsafePathError);
  fs.mkdirSync(path.join(root, 'projects', '-p', 'd.jsonl'));
  await assert.rejects(resolveInside(root, 'projects/-p/d.jsonl', { forWrite: true }), UnsafePathError);
});

test('resolveInside lets a top-level entry be a symlink (projects/ on a persistent volume)', async () => {
  const { root, outside } = claudeFixture();
  fs.mkdirSync(path.join(outside, 'file-history', 'sid'), { recursive: true });
  fs.writeFileSync(path.join(outside, 'file-history', 'sid', 'a@v1'), 'x');
  fs.symlinkSync(path.join(outside, 'file-history'), path.join(root, 'file-history'));
  assert.equal(await resolveInside(root, 'file-history/sid/a@v1', { forWrite: false }), path.join(root, 'file-history', 'sid', 'a@v1'));
});

test('resolveInside checks the string first', async () => {
  const { root } = claudeFixture();
  await assert.rejects(resolveInside(root, '../outside/secret', { forWrite: false }), UnsafePathError);
});

test('a projects/ linked to a store (ccsync setup) is followed; a symlink inside a session dir there is still refused', async () => {
  const { root, outside } = claudeFixture();
  const store = path.join(outside, 'store-projects');
  fs.mkdirSync(path.join(store, '-p', 'sid'), { recursive: true });
  fs.writeFileSync(path.join(store, '-p', 's.jsonl'), '{}\n');
  fs.rmSync(path.join(root, 'projects'), { recursive: true });
  fs.symlinkSync(store, path.join(root, 'projects'));
  assert.equal(await resolveInside(root, 'projects/-p/s.jsonl', { forWrite: false }), path.join(root, 'projects', '-p', 's.jsonl'));
  assert.equal(await resolveInside(root, 'projects/-p/new.jsonl', { forWrite: true }), path.join(root, 'projects', '-p', 'new.jsonl'));
  fs.symlinkSync(outside, path.join(store, '-p', 'sid', 'tool-results'));
  await assert.rejects(resolveInside(root, 'projects/-p/sid/tool-results/secret', { forWrite: true }), UnsafePathError);
});

// Issue #10 item 1: setup links history.jsonl, settings.json, CLAUDE.md to <store>/NAME beside
// projects -> <store>/projects. Writers go to the store's file; any other link is refused.
test('a top-level file linked into the store setup made resolves to the store\'s file; other links are refused', async () => {
  const { root, outside } = claudeFixture();
  const store = path.join(outside, 'claude-sessions');
  fs.mkdirSync(path.join(store, 'projects'), { recursive: true });
  fs.rmSync(path.join(root, 'projects'), { recursive: true });
  fs.symlinkSync(path.join(store, 'projects'), path.join(root, 'projects'));
  const files = ['history.jsonl', 'settings.json', 'CLAUDE.md'];
  const opts = (forWrite: boolean): { forWrite: boolean; files: string[] } => ({ forWrite, files });
  fs.writeFileSync(path.join(store, 'history.jsonl'), '');
  fs.symlinkSync(path.join(store, 'history.jsonl'), path.join(root, 'history.jsonl'));
  for (const forWrite of [true, false]) assert.equal(await resolveInside(root, 'history.jsonl', opts(forWrite)), path.join(store, 'history.jsonl'));
  // a link to a store file not created yet (setup leaves CLAUDE.md to its first writer)
  fs.symlinkSync(path.join(store, 'CLAUDE.md'), path.join(root, 'CLAUDE.md'));
  assert.equal(await resolveInside(root, 'CLAUDE.md', opts(true)), path.join(store, 'CLAUDE.md'));
  await assert.rejects(resolveInside(root, 'CLAUDE.md', opts(false)), { code: 'ENOENT' });
  // elsewhere: another dir, another name in the store, a relative link, a dir in the store
  fs.symlinkSync(path.join(outside, 'secret'), path.join(root, 'settings.json'));
  await assert.rejects(resolveInside(root, 'settings.json', opts(true)), /not one into the store that ccsync setup made/);
  fs.unlinkSync(path.join(root, 'settings.json'));
  fs.symlinkSync(path.join(store, 'history.jsonl'), path.join(root, 'settings.json'));
  await assert.rejects(resolveInside(root, 'settings.json', opts(true)), UnsafePathError);
  fs.unlinkSync(path.join(root, 'settings.json'));
  fs.symlinkSync(path.join('..', 'outside', 'claude-sessions', 'settings.json'), path.join(root, 'settings.json'));
  await assert.rejects(resolveInside(root, 'settings.json', opts(true)), UnsafePathError);
  fs.unlinkSync(path.join(root, 'settings.json'));
  fs.mkdirSync(path.join(store, 'settings.json'));
  fs.symlinkSync(path.join(store, 'settings.json'), path.join(root, 'settings.json'));
  await assert.rejects(resolveInside(root, 'settings.json', opts(true)), /in the store is not a regular file/);
  // without the projects link there is no store: the same history link is refused
  fs.unlinkSync(path.join(root, 'projects'));
  fs.mkdirSync(path.join(root, 'projects'));
  await assert.rejects(resolveInside(root, 'history.jsonl', opts(true)), UnsafePathError);
});
