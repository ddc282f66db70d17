import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AgentRoot } from '../../src/agent/agent-root.js';
import { fingerprintBuffer } from '../../src/agent/fingerprint.js';
import { liveSessionIds } from '../../src/agent/live-sessions.js';
import { buildManifest, isUnder } from '../../src/agent/manifest.js';
import { manifestSchema, type FileEntry, type Manifest } from '../../src/wire/protocol.js';
import { tempDir } from '../helpers/temp-dir.js';

const S1 = '11111111-1111-4111-8111-111111111111';
const S2 = '22222222-2222-4222-8222-222222222222';
const S3 = '33333333-3333-4333-8333-333333333333';
const DEAD_PID = 2147483646;

function line(sessionId: string, cwd: string, text: string): string {
  return `${JSON.stringify({ type: 'user', uuid: `${sessionId}-${text}`, sessionId, cwd, message: text })}\n`;
}

function write(root: string, rel: string, data: string | Buffer, mtimeMs?: number): void {
  const file = path.join(root, ...rel.split('/'));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
  if (mtimeMs !== undefined) fs.utimesSync(file, new Date(mtimeMs), new Date(mtimeMs));
}

interface Fixture {
  root: AgentRoot;
  s1: Buffer;
}

/** Two in-scope sessions with companions, and dirs out of scope, mismatched and odd. */
function makeFixture(): Fixture {
  const base = tempDir('ccsync-manifest-');
  const claudeDir = path.join(base, '.claude');
  const s1 = Buffer.from(line(S1, '/home/u/app', 'one') + line(S1, '/home/u/app', 'two') + '{"type":"user","partial');
  write(claudeDir, `projects/-home-u-app/${S1}.jsonl`, s1);
  write(claudeDir, `projects/-home-u-app/${S1}/subagents/agent-a1.jsonl`, line(S1, '/home/u/app', 'sub'));
  write(claudeDir, `projects/-home-u-app/${S1}/subagents/agent-a1.meta.json`, '{"agentType":"x"}');
  write(claudeDir, `projects/-home-u-app/${S1}/tool-results/t1.txt`, 'tool output');
  write(claudeDir, `projects/-home-u-app/${S2}.jsonl`, line(S2, '/home/u/app/sub', 'x'));
  write(claudeDir, 'projects/-home-u-app/agent-legacy1.jsonl', line(S2, '/home/u/app', 'legacy'));
  write(claudeDir, 'projects/-home-u-app/sessions-index.json', '{}');
  write(claudeDir, 'projects/-home-u-app/memory/MEMORY.md', 'notes');
  write(claudeDir, `projects/-home-u-app/.${S2}.jsonl.ccsync-20250101T000000-1-aa.tmp`, 'leftover');
  fs.symlinkSync('/etc/hostname', path.join(claudeDir, 'projects', '-home-u-app', S1, 'link.txt'));
  write(claudeDir, `file-history/${S1}/0123456789abcdef@v1`, 'old file content');
  write(claudeDir, `tasks/${S1}/1.json`, '{"id":1}');
  write(claudeDir, `session-env/${S1}/hook.sh`, 'export A=1');
  write(claudeDir, `file-history/${S3}/ffff@v1`, 'not ours');
  // out of scope: a sibling whose name shares the prefix, and another project
  write(claudeDir, `projects/-home-u-apple/${S3}.jsonl`, line(S3, '/home/u/apple', 'x'));
  write(claudeDir, 'projects/-home-u-other/44444444-4444-4444-8444-444444444444.jsonl', line('4', '/home/u/other', 'x'));
  write(claudeDir, 'projects/stray-file', 'not a dir');
  // sessions/: one live (this process), one crashed, one garbage
  write(claudeDir, `sessions/${process.pid}.json`, JSON.stringify({ pid: process.pid, sessionId: S1, cwd: '/home/u/app', version: '2.1.197' }));
  write(claudeDir, `sessions/${DEAD_PID}.json`, JSON.stringify({ pid: DEAD_PID, sessionId: S2 }));
  write(claudeDir, 'sessions/bad.json', '{"pid": "x"');
  write(claudeDir, 'settings.json', JSON.stringify({ cleanupPeriodDays: 45, model: 'x' }));
  const root = { claudeDir, home: base, backupDir: path.join(base, 'backups'), runId: '20250101T000000-1-aa', platform: 'linux' };
  return { root, s1 };
}

function byPath(manifest: Manifest): Map<string, FileEntry> {
  return new Map(manifest.files.map((entry) => [entry.path, entry]));
}

test('isUnder respects path boundaries', () => {
  assert.equal(isUnder('/home/u/app', '/home/u/app'), true);
  assert.equal(isUnder('/home/u/app/sub', '/home/u/app'), true);
  assert.equal(isUnder('/home/u/app/sub', '/home/u/app/'), true);
  assert.equal(isUnder('/home/u/apple', '/home/u/app'), false);
  assert.equal(isUnder('/home/u', '/home/u/app'), false);
  assert.equal(isUnder('/anything', '/'), true);
});

test('manifest lists projects, scope and the files of in-scope sessions', async () => {
  const { root, s1 } = makeFixture();
  const manifest = manifestSchema.parse(await buildManifest(root, { scopeRoots: ['/home/u/app'], probes: [] }));
  assert.equal(manifest.platform, 'linux');
  assert.equal(manifest.home, root.home);
  assert.equal(manifest.claudeDir, root.claudeDir);
  assert.deepEqual(manifest.projects, [
    { dir: '-home-u-app', cwd: '/home/u/app', inScope: true, jsonl: [`${S1}.jsonl`, `${S2}.jsonl`, 'agent-legacy1.jsonl'].sort(), hasSessionsIndex: true },
    { dir: '-home-u-apple', cwd: '/home/u/apple', inScope: false, jsonl: [`${S3}.jsonl`], hasSessionsIndex: false },
    { dir: '-home-u-other', cwd: '/home/u/other', inScope: false, jsonl: ['44444444-4444-4444-8444-444444444444.jsonl'], hasSessionsIndex: false },
  ]);
  const files = byPath(manifest);
  assert.deepEqual([...files.keys()], [
    `file-history/${S1}/0123456789abcdef@v1`,
    `projects/-home-u-app/${S1}.jsonl`,
    `projects/-home-u-app/${S1}/subagents/agent-a1.jsonl`,
    `projects/-home-u-app/${S1}/subagents/agent-a1.meta.json`,
    `projects/-home-u-app/${S1}/tool-results/t1.txt`,
    `projects/-home-u-app/${S2}.jsonl`,
    'projects/-home-u-app/agent-legacy1.jsonl',
    `session-env/${S1}/hook.sh`,
    `tasks/${S1}/1.json`,
  ]);
  const transcript = files.get(`projects/-home-u-app/${S1}.jsonl`);
  const completeLen = s1.lastIndexOf(0x0a) + 1;
  assert.equal(transcript?.kind, 'jsonl');
  assert.equal(transcript?.size, s1.length);
  assert.equal(transcript?.completeLen, completeLen);
  assert.equal(transcript?.fp, fingerprintBuffer(s1, completeLen));
  assert.equal(transcript?.probeFp, undefined);
  const blob = files.get(`file-history/${S1}/0123456789abcdef@v1`);
  assert.equal(blob?.kind, 'blob');
  assert.equal(blob?.fp, createHash('sha256').update('old file content').digest('hex'));
  assert.equal(blob?.completeLen, undefined);
  assert.equal(files.get(`projects/-home-u-app/${S1}/subagents/agent-a1.jsonl`)?.kind, 'jsonl');
  assert.equal(files.get(`projects/-home-u-app/${S1}/subagents/agent-a1.meta.json`)?.kind, 'blob');
  assert.deepEqual(manifest.liveSessionIds, [S1]);
  assert.equal(manifest.cleanupPeriodDays, 45);
  assert.ok(manifest.warnings.some((w) => w.includes(`${S1}/link.txt`) && w.includes('symlink')), manifest.warnings.join('\n'));
  assert.equal(manifest.warnings.length, 1, manifest.warnings.join('\n'));
});

test('probes: same size and mtime → unchanged; otherwise fingerprints, probeFp for the prefix', async () => {
  const { root, s1 } = makeFixture();
  const rel = `projects/-home-u-app/${S1}.jsonl`;
  const info = fs.statSync(path.join(root.claudeDir, rel));
  const blobRel = `tasks/${S1}/1.json`;
  const blobInfo = fs.statSync(path.join(root.claudeDir, blobRel));
  const subRel = `projects/-home-u-app/${S1}/subagents/agent-a1.jsonl`;
  const firstLineLen = s1.indexOf(0x0a) + 1;
  const unchanged = await buildManifest(root, {
    scopeRoots: ['/home/u/app'],
    probes: [
      { path: rel, size: info.size, mtimeMs: info.mtimeMs, prefixLen: firstLineLen },
      { path: blobRel, size: blobInfo.size, mtimeMs: blobInfo.mtimeMs },
      { path: subRel, size: 1, mtimeMs: 1, prefixLen: 1_000_000 },
    ],
  });
  const files = byPath(unchanged);
  assert.deepEqual(files.get(rel), { path: rel, kind: 'jsonl', size: info.size, mtimeMs: info.mtimeMs, unchanged: true });
  assert.deepEqual(files.get(blobRel), { path: blobRel, kind: 'blob', size: blobInfo.size, mtimeMs: blobInfo.mtimeMs, unchanged: true });
  // a probe longer than the file: no probeFp (the file shrank or was replaced)
  assert.equal(files.get(subRel)?.unchanged, undefined);
  assert.equal(files.get(subRel)?.probeFp, undefined);
  assert.ok(files.get(subRel)?.fp);

  fs.appendFileSync(path.join(root.claudeDir, rel), 'line"}\n');
  const grown = Buffer.concat([s1, Buffer.from('line"}\n')]);
  const changed = byPath(await buildManifest(root, {
    scopeRoots: ['/home/u/app'],
    probes: [{ path: rel, size: info.size, mtimeMs: info.mtimeMs, prefixLen: firstLineLen }],
  })).get(rel);
  assert.equal(changed?.unchanged, undefined);
  assert.equal(changed?.completeLen, grown.length);
  assert.equal(changed?.fp, fingerprintBuffer(grown, grown.length));
  assert.equal(changed?.probeFp, fingerprintBuffer(grown, firstLineLen));
});

test('sessionIds restricts the listing (legacy agent files go with the session their lines name)', async () => {
  const { root } = makeFixture();
  const onlyS2 = await buildManifest(root, { scopeRoots: ['/home/u/app'], sessionIds: [S2], probes: [] });
  assert.deepEqual(onlyS2.files.map((f) => f.path), [`projects/-home-u-app/${S2}.jsonl`, 'projects/-home-u-app/agent-legacy1.jsonl']);
  const onlyS1 = await buildManifest(root, { scopeRoots: ['/home/u/app'], sessionIds: [S1], probes: [] });
  assert.ok(onlyS1.files.every((f) => f.path.includes(S1)));
  assert.equal(onlyS1.projects.length, 3, 'projects are listed whatever the filter');
});

test('no scope roots: projects listed, no files; a missing projects/ dir: empty', async () => {
  const { root } = makeFixture();
  const none = await buildManifest(root, { scopeRoots: [], probes: [] });
  assert.equal(none.files.length, 0);
  assert.ok(none.projects.every((p) => !p.inScope));
  const empty = tempDir('ccsync-empty-');
  const manifest = await buildManifest({ ...root, claudeDir: path.join(empty, 'nothing-here') }, { scopeRoots: ['/'], probes: [] });
  assert.deepEqual({ projects: manifest.projects, files: manifest.files, live: manifest.liveSessionIds, warnings: manifest.warnings }, { projects: [], files: [], live: [], warnings: [] });
  assert.equal(manifest.cleanupPeriodDays, undefined);
});

test('cwd: newest matching transcript wins; a dir whose cwd never encodes to its name warns', async () => {
  const { root } = makeFixture();
  const now = Date.now();
  write(root.claudeDir, 'projects/-srv-x/aaaaaaaa-0000-4000-8000-00000000000a.jsonl', line('a', '/srv/x', 'old'), now - 60_000);
  write(root.claudeDir, 'projects/-srv-x/bbbbbbbb-0000-4000-8000-00000000000b.jsonl', line('b', '/srv/x/moved-away', 'new'), now);
  write(root.claudeDir, 'projects/-srv-x/cccccccc-0000-4000-8000-00000000000c.jsonl', '{"type":"summary"}\n', now + 1000);
  write(root.claudeDir, 'projects/renamed/aaaaaaaa-0000-4000-8000-00000000000a.jsonl', line('a', '/opt/proj', 'x'));
  const manifest = await buildManifest(root, { scopeRoots: ['/srv/x', '/opt'], probes: [] });
  const dirs = new Map(manifest.projects.map((p) => [p.dir, p]));
  assert.equal(dirs.get('-srv-x')?.cwd, '/srv/x');
  assert.equal(dirs.get('-srv-x')?.inScope, true);
  assert.equal(dirs.get('renamed')?.cwd, '/opt/proj');
  assert.equal(dirs.get('renamed')?.inScope, true);
  assert.ok(manifest.warnings.includes('projects/renamed: its lines record cwd /opt/proj, which encodes to -opt-proj'), manifest.warnings.join('\n'));
  assert.ok(!manifest.warnings.some((w) => w.startsWith('projects/-srv-x:')));
});

test('settings.json that does not parse is a warning, not a failure', async () => {
  const { root } = makeFixture();
  write(root.claudeDir, 'settings.json', '{ nope');
  const manifest = await buildManifest(root, { scopeRoots: [], probes: [] });
  assert.equal(manifest.cleanupPeriodDays, undefined);
  assert.ok(manifest.warnings.some((w) => w.startsWith('settings.json:')));
  write(root.claudeDir, 'settings.json', JSON.stringify({ cleanupPeriodDays: '7' }));
  assert.equal((await buildManifest(root, { scopeRoots: [], probes: [] })).cleanupPeriodDays, undefined);
});

test('liveSessionIds: own pid is live, a dead pid and garbage are not', async () => {
  const { root } = makeFixture();
  write(root.claudeDir, 'sessions/0.json', JSON.stringify({ pid: 0, sessionId: 'group' }));
  write(root.claudeDir, 'sessions/neg.json', JSON.stringify({ pid: -1, sessionId: 'all' }));
  assert.deepEqual(await liveSessionIds(root.claudeDir), [S1]);
  assert.deepEqual(await liveSessionIds(path.join(root.claudeDir, 'missing')), []);
});

test('files vanishing while the manifest is built are simply absent', async () => {
  const { root } = makeFixture();
  // many files, removed concurrently with the listing
  for (let i = 0; i < 200; i++) write(root.claudeDir, `file-history/${S1}/f${i}@v1`, `content ${i}`);
  const removal = (async () => {
    for (let i = 0; i < 200; i += 2) {
      fs.rmSync(path.join(root.claudeDir, 'file-history', S1, `f${i}@v1`), { force: true });
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  const [manifest] = await Promise.all([buildManifest(root, { scopeRoots: ['/home/u/app'], probes: [] }), removal]);
  manifestSchema.parse(manifest);
  for (const entry of manifest.files) assert.ok(entry.fp !== undefined, entry.path);
});
