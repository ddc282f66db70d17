// The sh agent's manifest equals the node agent's on the same Claude dir (issue #3: the engine
// must not tell the agents apart), under dash and bash --posix, with and without a sha256 tool,
// with probes (quick check, probe fingerprints), after an append, and restricted by --session.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildManifest } from '../../src/agent/manifest.js';
import type { Manifest, ManifestRequest } from '../../src/wire/protocol.js';
import { buildClaudeDir, deadPid, SID } from '../helpers/claude-dir-fixture.js';
import { startLocalShAgent, type Shell } from '../helpers/sh-agent-local.js';

function setup(): { dir: string; home: string; claudeDir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ccsync-shm-'));
  const home = join(dir, 'home');
  const claudeDir = join(home, '.claude');
  buildClaudeDir(claudeDir, process.pid, deadPid());
  return { dir, home, claudeDir };
}

async function both(ctx: { dir: string; home: string; claudeDir: string }, request: ManifestRequest, shell: Shell, without: string[] = []): Promise<{ node: Manifest; sh: Manifest; turns: number }> {
  const node = await buildManifest({ claudeDir: ctx.claudeDir, home: ctx.home, backupDir: join(ctx.dir, 'bk'), runId: 'r', platform: 'linux' }, request);
  const agent = await startLocalShAgent({ shell, dir: ctx.dir, home: ctx.home, without });
  try {
    const sh = await agent.manifest(request);
    return { node, sh, turns: agent.turns };
  } finally {
    await agent.close();
  }
}

for (const shell of ['dash', 'bash'] as const) {
  test(`${shell}: the manifest equals the node agent's, in one turn`, async () => {
    const ctx = setup();
    try {
      const { node, sh, turns } = await both(ctx, { scopeRoots: ['/work'], probes: [] }, shell);
      assert.ok(node.files.length >= 8, 'the fixture lists files');
      assert.ok(node.warnings.length >= 3, 'the fixture has warnings');
      assert.deepEqual(sh, node);
      assert.equal(turns, 1);
    } finally {
      rmSync(ctx.dir, { recursive: true, force: true });
    }
  });
}

test('without a sha256 tool the windows travel and are hashed by the client: same manifest', async () => {
  const ctx = setup();
  try {
    const { node, sh } = await both(ctx, { scopeRoots: ['/'], probes: [] }, 'dash', ['sha256sum']);
    assert.deepEqual(sh, node);
  } finally {
    rmSync(ctx.dir, { recursive: true, force: true });
  }
});

test('probes: the quick check, probe fingerprints and an append give the same answers', async () => {
  const ctx = setup();
  try {
    const first = await both(ctx, { scopeRoots: ['/work'], probes: [] }, 'dash');
    const probes = first.node.files.map((file) => ({
      path: file.path,
      size: file.size,
      mtimeMs: file.mtimeMs,
      ...(file.kind === 'jsonl' ? { prefixLen: Math.max(0, (file.completeLen ?? 0) - 1000) } : {}),
    }));
    const transcript = join(ctx.claudeDir, `projects/-work-app/${SID[0]}.jsonl`);
    appendFileSync(transcript, 'tail"}\n{"more":1}\n');
    const blob = join(ctx.claudeDir, `file-history/${SID[0]}/abc@v1`);
    writeFileSync(blob, 'changed');
    const second = await both(ctx, { scopeRoots: ['/work'], probes }, 'dash');
    assert.deepEqual(second.sh, second.node);
    const unchanged = second.sh.files.filter((file) => file.unchanged).length;
    assert.ok(unchanged >= 4 && unchanged < second.sh.files.length, `some files unchanged (${unchanged})`);
    assert.ok(second.sh.files.some((file) => file.probeFp !== undefined), 'a probe fingerprint');
    assert.equal(second.turns, 1);
    assert.ok(statSync(transcript).size > (first.node.files.find((file) => file.path.endsWith(`${SID[0]}.jsonl`))?.size ?? 0));
  } finally {
    rmSync(ctx.dir, { recursive: true, force: true });
  }
});

test('--session restricts the listing the same way, legacy agent files included', async () => {
  const ctx = setup();
  try {
    const { node, sh } = await both(ctx, { scopeRoots: ['/work'], sessionIds: [SID[1]], probes: [] }, 'bash');
    assert.ok(node.files.some((file) => file.path.includes('agent-legacy1')));
    assert.deepEqual(sh, node);
  } finally {
    rmSync(ctx.dir, { recursive: true, force: true });
  }
});

const ESCAPED_SID = '77777777-7777-4777-8777-777777777777';

test('a cwd spelled with escaped slashes escapes the scope prefilter: a second, exact turn', async () => {
  const ctx = setup();
  try {
    const line = `{"type":"user","cwd":"\\/work\\/app","sessionId":"${ESCAPED_SID}","uuid":"e1"}\n`;
    mkdirSync(join(ctx.claudeDir, 'projects/-work-escaped'), { recursive: true });
    writeFileSync(join(ctx.claudeDir, `projects/-work-escaped/${ESCAPED_SID}.jsonl`), line);
    // the root's JSON text "/work/app" is not in the line's "\/work\/app": the shell does not describe the dir
    const { node, sh, turns } = await both(ctx, { scopeRoots: ['/work/app'], probes: [] }, 'dash');
    assert.ok(node.files.some((file) => file.path.startsWith('projects/-work-escaped/')), 'the node agent lists it');
    assert.deepEqual(sh, node);
    assert.equal(turns, 2);
  } finally {
    rmSync(ctx.dir, { recursive: true, force: true });
  }
});

test('a missing Claude dir is an empty manifest on both', async () => {
  const ctx = setup();
  try {
    rmSync(ctx.claudeDir, { recursive: true, force: true });
    const { node, sh } = await both(ctx, { scopeRoots: ['/'], probes: [] }, 'dash');
    assert.deepEqual(sh, node);
    assert.equal(sh.projects.length, 0);
  } finally {
    rmSync(ctx.dir, { recursive: true, force: true });
  }
});
