// The bench's Node 20 floor (bench/node-floor.ts) must be a working copy, or its time means
// nothing: send | receive through a pipe leaves the same tree, a 20 MB file in three parts too.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const FLOOR = fileURLToPath(new URL('../../bench/node-floor.js', import.meta.url));

function tree(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(root, path), readFileSync(path));
    }
  };
  walk(root);
  return files;
}

test('node floor: send | receive copies a tree byte for byte', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ccsync-floor-'));
  try {
    const from = join(dir, 'from');
    mkdirSync(join(from, '-Users-a-p', 'sub'), { recursive: true });
    let seed = 7;
    const noise = (length: number): Buffer => Buffer.from(Array.from({ length }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 251));
    const line = (index: number): string => `${JSON.stringify({ i: index, cwd: '/Users/a/p', text: noise(40).toString('hex') })}\n`;
    writeFileSync(join(from, '-Users-a-p', 'big.jsonl'), Array.from({ length: 150_000 }, (_, index) => line(index)).join(''));
    writeFileSync(join(from, '-Users-a-p', 'small.jsonl'), line(1));
    writeFileSync(join(from, '-Users-a-p', 'empty.jsonl'), '');
    writeFileSync(join(from, '-Users-a-p', 'sub', 'tool.txt'), noise(5000));
    const to = join(dir, 'to');
    const result = spawnSync('/bin/sh', ['-c', `"$0" "$1" send "$2" | "$0" "$1" receive "$3"`, process.execPath, FLOOR, from, to], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const want = tree(from);
    assert.ok((want.get('-Users-a-p/big.jsonl')?.length ?? 0) > 16 * 1024 * 1024, 'the big file spans three parts');
    assert.deepEqual(tree(to), want);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
