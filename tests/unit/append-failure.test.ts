// Issue #13, "a full disk": an append that fails halfway (here: the file size limit of
// `ulimit -f`, which fails write() with EFBIG as a full disk fails it with ENOSPC) takes the
// bytes it wrote back out at once — the target keeps its old bytes and mtime, no journal or temp
// file stays, and the result is an `io` failure. Node agent and sh agent (dash).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WriteOp, WriteResult } from '../../src/wire/protocol.js';
import { startLocalShAgent } from '../helpers/sh-agent-local.js';
import { tempDir } from '../helpers/temp-dir.js';

const REL = 'projects/-work-full/5e551011-0000-4000-8000-000000000002.jsonl';
const LIMIT_BLOCKS = 160; // × 512 bytes = 80 KiB per file
const FILE_OPS = fileURLToPath(new URL('../../src/agent/file-ops.js', import.meta.url));

function line(n: number, size: number): string {
  return `${JSON.stringify({ uuid: `u-${n}`, pad: 'x'.repeat(size) })}\n`;
}

function setup(): { dir: string; home: string; claudeDir: string; file: string; base: Buffer; op: WriteOp & { kind: 'append' } } {
  const dir = tempDir('ccsync-full-');
  const home = join(dir, 'home');
  const claudeDir = join(home, '.claude');
  const file = join(claudeDir, ...REL.split('/'));
  mkdirSync(join(file, '..'), { recursive: true });
  const base = Buffer.from(Array.from({ length: 6 }, (_, n) => line(n, 10_000)).join(''));
  writeFileSync(file, base, { mode: 0o600 });
  utimesSync(file, 1_750_000_000, 1_750_000_000);
  // 60 KB there, 40 KB to add: the limit (80 KiB) is reached in the middle of the tail
  const data = Buffer.from(Array.from({ length: 4 }, (_, n) => line(100 + n, 10_000)).join(''));
  return { dir, home, claudeDir, file, base, op: { kind: 'append', path: REL, expect: { size: base.length }, data, mtimeMs: Date.now() } };
}

function leftovers(claudeDir: string): string[] {
  return readdirSync(claudeDir, { recursive: true, encoding: 'utf8' }).filter((name) => name.includes('.ccsync-'));
}

/** The node agent's applyWrites in a child whose files may not grow past the limit. */
async function nodeAppend(ctx: ReturnType<typeof setup>): Promise<WriteResult[]> {
  const script = [
    `process.on('SIGXFSZ', () => {});`, // as with a full disk: write() fails instead of the process dying
    `const { applyWrites } = await import(${JSON.stringify(FILE_OPS)});`,
    `const op = ${JSON.stringify({ ...ctx.op, data: ctx.op.data.toString('base64') })};`,
    `const root = ${JSON.stringify({ claudeDir: ctx.claudeDir, home: ctx.home, backupDir: join(ctx.dir, 'bk'), runId: '20260101T000000-1-aa', platform: 'linux' })};`,
    `root.runId = root.runId.replace('-1-', '-' + process.pid + '-');`,
    `const results = await applyWrites(root, [{ ...op, data: Buffer.from(op.data, 'base64') }]);`,
    `process.stdout.write(JSON.stringify(results));`,
  ].join('\n');
  const child = spawn('/bin/dash', ['-c', `ulimit -f ${LIMIT_BLOCKS}; exec "$0" --input-type=module -e "$1"`, process.execPath, script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  assert.equal(code, 0, err);
  const parsed: unknown = JSON.parse(out);
  assert.ok(Array.isArray(parsed));
  return parsed.filter((item): item is WriteResult => typeof item === 'object' && item !== null && 'ok' in item);
}

async function shAppend(ctx: ReturnType<typeof setup>): Promise<WriteResult[]> {
  const agent = await startLocalShAgent({ shell: 'dash', dir: ctx.dir, home: ctx.home, before: `ulimit -f ${LIMIT_BLOCKS}; ` });
  try {
    return await agent.write([ctx.op]);
  } finally {
    await agent.close();
  }
}

for (const [agent, append] of [['node', nodeAppend], ['dash', shAppend]] as const) {
  test(`${agent}: an append the disk cuts short is taken back out at once`, async () => {
    const ctx = setup();
    const before = statSync(ctx.file).mtimeMs;
    const [result] = await append(ctx);
    assert.ok(result && !result.ok, `the append reported success: ${JSON.stringify(result)}`);
    assert.equal(result.code, 'io', result.message);
    assert.match(result.message, /EFBIG|too large|append failed/);
    assert.ok(readFileSync(ctx.file).equals(ctx.base), `the target kept ${statSync(ctx.file).size - ctx.base.length} bytes of the failed append`);
    assert.equal(statSync(ctx.file).mtimeMs, before, 'the old mtime is not back');
    assert.deepEqual(leftovers(ctx.claudeDir), []);
  });
}
