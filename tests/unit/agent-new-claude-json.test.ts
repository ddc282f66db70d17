// A side without `~/.claude.json` (`--project-settings` to a machine where Claude Code never ran):
// both agents list no `.claude.json` among the extras, then create it 0600 at the path Claude
// Code reads (beside `~/.claude`) from a put that expects it absent — and refuse to clobber one
// that appeared meanwhile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyWrites } from '../../src/agent/file-ops.js';
import { buildManifest } from '../../src/agent/manifest.js';
import type { Manifest, ManifestRequest, WriteOp, WriteResult } from '../../src/wire/protocol.js';
import { startLocalShAgent } from '../helpers/sh-agent-local.js';

const REQUEST: ManifestRequest = { scopeRoots: ['/w'], probes: [], extras: { history: false, config: false, credentials: false, claudeJson: true } };
const TEXT = '{\n  "projects": {\n    "/w/p": {\n      "allowedTools": []\n    }\n  }\n}\n';
const PUT: WriteOp[] = [{ kind: 'put', path: '.claude.json', expect: { absent: true }, data: Buffer.from(TEXT), mtimeMs: 1.7e12, backup: true }];

interface Agent {
  manifest(request: ManifestRequest): Promise<Manifest>;
  write(ops: WriteOp[]): Promise<WriteResult[]>;
}

async function check(agent: Agent, home: string): Promise<void> {
  const manifest = await agent.manifest(REQUEST);
  assert.deepEqual(manifest.extras, []);
  const results = await agent.write(PUT);
  assert.ok(results.every((result) => result.ok), JSON.stringify(results));
  const file = join(home, '.claude.json');
  assert.equal(readFileSync(file, 'utf8'), TEXT);
  assert.equal((statSync(file).mode & 0o777).toString(8), '600');
  // one that appeared since the manifest is not clobbered
  writeFileSync(file, '{"userID":"x"}');
  const again = await agent.write(PUT);
  assert.equal(again[0]?.ok, false);
  assert.equal(readFileSync(file, 'utf8'), '{"userID":"x"}');
}

function scratch(): { dir: string; home: string; claudeDir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ccsync-newcj-'));
  const home = join(dir, 'home');
  mkdirSync(join(home, '.claude'), { recursive: true });
  return { dir, home, claudeDir: join(home, '.claude') };
}

test('node agent: no ~/.claude.json listed; a put expecting it absent creates it 0600 beside ~/.claude', async () => {
  const s = scratch();
  try {
    const root = { claudeDir: s.claudeDir, home: s.home, backupDir: join(s.dir, 'backups'), runId: 'r1', platform: process.platform };
    await check({ manifest: (request) => buildManifest(root, request), write: (ops) => applyWrites(root, ops) }, s.home);
  } finally {
    rmSync(s.dir, { recursive: true, force: true });
  }
});

test('sh agent: no ~/.claude.json listed; a put expecting it absent creates it 0600 beside ~/.claude', async () => {
  const s = scratch();
  const agent = await startLocalShAgent({ shell: 'dash', dir: s.dir, home: s.home });
  try {
    await check({ manifest: (request) => agent.manifest(request), write: (ops) => agent.write(ops) }, s.home);
  } finally {
    await agent.close();
    rmSync(s.dir, { recursive: true, force: true });
  }
});
