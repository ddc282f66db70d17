// A machine where Claude Code never ran (issue #13, the hub): the first sync that writes there
// creates the Claude dir and what is below it 0700, files 0600 — through the node agent (also
// what a `dir:` remote runs in process) and through the sh agent SSH uses on a remote without node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyWrites } from '../../src/agent/file-ops.js';
import { buildManifest } from '../../src/agent/manifest.js';
import type { Transport } from '../../src/transport/transport.js';
import type { WriteOp } from '../../src/wire/protocol.js';
import { startLocalShAgent } from '../helpers/sh-agent-local.js';

const SID = '0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5';
const LINE = `{"type":"user","uuid":"u1","cwd":"/w/p","sessionId":"${SID}"}\n`;
const OPS: WriteOp[] = [
  { kind: 'put', path: `projects/-w-p/${SID}.jsonl`, expect: { absent: true }, data: Buffer.from(LINE), mtimeMs: 1.7e12, backup: false },
  { kind: 'put', path: `file-history/${SID}/abc@v1`, expect: { absent: true }, data: Buffer.from('x'), mtimeMs: 1.7e12, backup: false },
];

function modeOf(path: string): string {
  return (statSync(path).mode & 0o777).toString(8);
}

function assertCreated(claudeDir: string): void {
  assert.equal(modeOf(claudeDir), '700', 'the Claude dir');
  for (const dir of ['projects', 'projects/-w-p', 'file-history', `file-history/${SID}`]) assert.equal(modeOf(join(claudeDir, dir)), '700', dir);
  assert.equal(modeOf(join(claudeDir, `projects/-w-p/${SID}.jsonl`)), '600');
  assert.equal(readFileSync(join(claudeDir, `projects/-w-p/${SID}.jsonl`), 'utf8'), LINE);
}

function scratch(): { dir: string; home: string; claudeDir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ccsync-fresh-'));
  const home = join(dir, 'home');
  mkdirSync(home);
  return { dir, home, claudeDir: join(home, '.claude') };
}

test('node agent: an empty manifest, then the first writes create the Claude dir 0700', async () => {
  const s = scratch();
  try {
    const root = { claudeDir: s.claudeDir, home: s.home, backupDir: join(s.dir, 'backups'), runId: 'r1', platform: process.platform };
    const manifest = await buildManifest(root, { scopeRoots: ['/w'], probes: [] });
    assert.deepEqual([manifest.projects, manifest.files, existsSync(s.claudeDir)], [[], [], false]);
    const results = await applyWrites(root, OPS);
    assert.ok(results.every((result) => result.ok), JSON.stringify(results));
    assertCreated(s.claudeDir);
  } finally {
    rmSync(s.dir, { recursive: true, force: true });
  }
});

test('sh agent: an empty manifest, then the first writes create the Claude dir 0700', async () => {
  const s = scratch();
  let agent: Transport | undefined;
  try {
    agent = await startLocalShAgent({ shell: 'dash', dir: s.dir, home: s.home });
    const manifest = await agent.manifest({ scopeRoots: ['/w'], probes: [] });
    assert.deepEqual([manifest.projects, manifest.files, existsSync(s.claudeDir)], [[], [], false]);
    const results = await agent.write(OPS);
    assert.ok(results.every((result) => result.ok), JSON.stringify(results));
    assertCreated(s.claudeDir);
  } finally {
    await agent?.close();
    rmSync(s.dir, { recursive: true, force: true });
  }
});
