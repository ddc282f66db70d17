// Reads and fingerprints of the sh agent against the node agent on the same bytes: random
// contents and sizes around the 64 KiB fingerprint windows (fast-check), binary bytes, partial
// last lines, probe prefixes, byte ranges; and the same refusals (symlinked dir, past the end).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRanges } from '../../src/agent/file-ops.js';
import { buildManifest } from '../../src/agent/manifest.js';
import { startLocalShAgent } from '../helpers/sh-agent-local.js';

const W = 65536;
const REL = 'projects/-w/00000000-0000-4000-8000-000000000000.jsonl';
const sizes = fc.oneof(fc.constantFrom(0, 1, W - 1, W, W + 1, 2 * W - 1, 2 * W, 2 * W + 1, 3 * W + 7), fc.integer({ min: 0, max: 3 * W + 100 }));
const contents = fc.record({
  size: sizes,
  fill: fc.integer({ min: 0, max: 255 }).filter((byte) => byte !== 10),
  newlines: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }),
  endsWithNewline: fc.boolean(),
  prefix: fc.double({ min: 0, max: 1, noNaN: true }),
  ranges: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 3 }),
});

test('fingerprints, complete lengths and reads equal the node agent\'s on random contents', { timeout: 900_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ccsync-shr-'));
  const home = join(dir, 'home');
  const claudeDir = join(home, '.claude');
  const root = { claudeDir, home, backupDir: join(dir, 'bk'), runId: 'r', platform: 'linux' };
  mkdirSync(join(claudeDir, 'projects/-w'), { recursive: true });
  const agent = await startLocalShAgent({ shell: 'dash', dir, home });
  try {
    await fc.assert(
      fc.asyncProperty(contents, async (c) => {
        const head = Buffer.from('{"cwd":"/w"}\n');
        const body = Buffer.alloc(c.size, c.fill);
        for (const at of c.newlines) if (c.size > 0) body[Math.floor(at * (c.size - 1))] = 10;
        if (c.endsWithNewline && c.size > 0) body[c.size - 1] = 10;
        const data = Buffer.concat([head, body]);
        writeFileSync(join(claudeDir, REL), data);
        const nodeFirst = await buildManifest(root, { scopeRoots: ['/w'], probes: [] });
        const completeLen = nodeFirst.files[0]?.completeLen ?? 0;
        const probe = { path: REL, size: 0, mtimeMs: 0, prefixLen: Math.floor(c.prefix * completeLen) };
        const request = { scopeRoots: ['/w'], probes: [probe] };
        const expected = await buildManifest(root, request);
        const actual = await agent.manifest(request);
        assert.deepEqual(actual.files, expected.files);
        const reads = c.ranges.map(([a, b]) => {
          const offset = Math.floor(Math.min(a, b) * data.length);
          return { path: REL, offset, length: Math.floor(Math.max(a, b) * data.length) - offset };
        });
        assert.deepEqual(await agent.read(reads), await readRanges(root, reads));
      }),
      { numRuns: 8 },
    );
  } finally {
    await agent.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('reads refuse what the node agent refuses: a symlinked dir, a range past the end', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ccsync-shr-'));
  const home = join(dir, 'home');
  const claudeDir = join(home, '.claude');
  const root = { claudeDir, home, backupDir: join(dir, 'bk'), runId: 'r', platform: 'linux' };
  mkdirSync(join(claudeDir, 'projects/-w'), { recursive: true });
  mkdirSync(join(dir, 'outside'));
  writeFileSync(join(dir, 'outside', 'secret.jsonl'), 'secret\n');
  symlinkSync(join(dir, 'outside'), join(claudeDir, 'projects/-w/link'));
  writeFileSync(join(claudeDir, REL), 'abc\n');
  const agent = await startLocalShAgent({ shell: 'bash', dir, home });
  try {
    for (const request of [
      { path: 'projects/-w/link/secret.jsonl', offset: 0, length: 7 },
      { path: REL, offset: 2, length: 10 },
      { path: 'projects/-w/missing.jsonl', offset: 0, length: 1 },
    ]) {
      await assert.rejects(readRanges(root, [request]), /cannot read/);
      await assert.rejects(agent.read([request]), /cannot read/);
    }
    await assert.rejects(agent.read([{ path: '../outside/secret.jsonl', offset: 0, length: 7 }]), /segment/);
    assert.deepEqual(await agent.read([{ path: REL, offset: 1, length: 3 }]), [{ path: REL, data: Buffer.from('bc\n') }]);
  } finally {
    await agent.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
