// The wire areas config sync added (issue #5): which names a read/write may carry, where
// `.claude.json` resolves, how extras are listed, and the client's check of a remote's extras.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { AgentRoot } from '../../src/agent/agent-root.js';
import { applyWrites, readRanges } from '../../src/agent/file-ops.js';
import { buildManifest } from '../../src/agent/manifest.js';
import { safeRelPath, safeWirePath, UnsafePathError } from '../../src/agent/safe-path.js';
import { checkManifestPaths } from '../../src/transport/check-manifest.js';
import { tempDir } from '../helpers/temp-dir.js';

function makeRoot(): AgentRoot {
  const home = tempDir('ccsync-wire-');
  const claudeDir = path.join(home, '.claude');
  fs.mkdirSync(claudeDir, { recursive: true });
  return { claudeDir, home, backupDir: path.join(home, 'state'), runId: '20250102T030405-77-abc123', platform: 'linux' };
}

test('safeWirePath: config dirs and the named top-level files; nothing else at the top', () => {
  for (const rel of ['agents/a.md', 'skills/pdf/SKILL.md', 'output-styles/x.md', 'commands/deploy.md', 'CLAUDE.md', 'settings.json', 'history.jsonl', '.credentials.json', '.claude.json', 'projects/d/s.jsonl']) {
    assert.equal(safeWirePath(rel), rel);
  }
  for (const rel of ['agents', 'settings.json/x', '.claude.json/x', 'sessions/1.json', 'statsig/x', 'plugins/x', 'agents/../settings.json', '../.ssh/id_rsa', 'settings.local.json']) {
    assert.throws(() => safeWirePath(rel), UnsafePathError, rel);
  }
  assert.throws(() => safeRelPath('settings.json'), UnsafePathError, 'the session default stays as narrow as before');
});

test('.claude.json resolves to the side\'s global config (~/.claude.json beside ~/.claude); a symlinked settings.json is refused', async () => {
  const root = makeRoot();
  fs.writeFileSync(path.join(root.home, '.claude.json'), '{"projects":{}}\n');
  const [read] = await readRanges(root, [{ path: '.claude.json', offset: 0, length: 16 }]);
  assert.equal(read?.data.toString(), '{"projects":{}}\n');
  const [written] = await applyWrites(root, [{ kind: 'put', path: '.claude.json', expect: { size: 16 }, data: Buffer.from('{"projects":{"a":{}}}\n'), mtimeMs: 1000, backup: true }]);
  assert.equal(written?.ok, true);
  assert.equal(fs.readFileSync(path.join(root.home, '.claude.json'), 'utf8'), '{"projects":{"a":{}}}\n');
  assert.ok(fs.existsSync(path.join(root.backupDir, root.runId, '.claude.json')), 'backed up first');
  const outside = path.join(root.home, 'dotfiles-settings.json');
  fs.writeFileSync(outside, '{}');
  fs.symlinkSync(outside, path.join(root.claudeDir, 'settings.json'));
  const [refused] = await applyWrites(root, [{ kind: 'put', path: 'settings.json', expect: { size: 2 }, data: Buffer.from('{"a":1}\n'), mtimeMs: 1000, backup: true }]);
  assert.equal(refused?.ok === false && refused.code, 'refused');
  assert.equal(fs.readFileSync(outside, 'utf8'), '{}', 'the link target is untouched');
});

test('manifest extras: listed only when asked; credentials and .claude.json only by their own flags', async () => {
  const root = makeRoot();
  for (const rel of ['CLAUDE.md', 'settings.json', 'history.jsonl', '.credentials.json', 'agents/a.md', 'skills/s/SKILL.md']) {
    fs.mkdirSync(path.dirname(path.join(root.claudeDir, rel)), { recursive: true });
    fs.writeFileSync(path.join(root.claudeDir, rel), '{}\n');
  }
  fs.writeFileSync(path.join(root.home, '.claude.json'), '{}\n');
  const none = await buildManifest(root, { scopeRoots: [], probes: [] });
  assert.equal(none.extras, undefined);
  const paths = async (extras: { history: boolean; config: boolean; credentials: boolean; claudeJson: boolean }): Promise<string[]> =>
    ((await buildManifest(root, { scopeRoots: [], probes: [], extras })).extras ?? []).map((entry) => entry.path).sort();
  assert.deepEqual(await paths({ history: true, config: false, credentials: false, claudeJson: false }), ['history.jsonl']);
  assert.deepEqual(await paths({ history: false, config: true, credentials: false, claudeJson: false }), ['CLAUDE.md', 'agents/a.md', 'settings.json', 'skills/s/SKILL.md']);
  assert.deepEqual(await paths({ history: false, config: true, credentials: true, claudeJson: true }), ['.claude.json', '.credentials.json', 'CLAUDE.md', 'agents/a.md', 'settings.json', 'skills/s/SKILL.md']);
});

test('the client refuses a remote manifest whose extras name a session path or leave the Claude dir', () => {
  const base = { protocol: 1 as const, platform: 'linux', home: '/h', claudeDir: '/h/.claude', projects: [], files: [], liveSessionIds: [], warnings: [] };
  const entry = (p: string) => ({ path: p, kind: 'blob' as const, size: 1, mtimeMs: 1, fp: 'x' });
  assert.doesNotThrow(() => checkManifestPaths({ ...base, extras: [entry('agents/a.md'), entry('.claude.json')] }, 'ssh:pod'));
  for (const bad of ['projects/d/s.jsonl', '../x', 'agents/../../x', '/etc/passwd', 'sessions/1.json']) {
    assert.throws(() => checkManifestPaths({ ...base, extras: [entry(bad)] }, 'ssh:pod'), /unsafe path/, bad);
  }
});
