// Issue #10 item 2: `npm ci && npm link` links package.json's bin; any later rebuild
// (`npm test`, `npm run build`) rewrites that file, and the linked `ccsync` must still run.
// npm sets the mode only when it links, so the build itself must leave the bin executable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { z } from 'zod';

// this file runs as dist/tests/integration/cli-bin.test.js; the repo root is three up
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const binSchema = z.object({ bin: z.object({ ccsync: z.string() }) });

test('the built bin named in package.json is executable and runs by its own shebang', () => {
  const pkg = binSchema.parse(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')));
  const binPath = join(REPO_ROOT, pkg.bin.ccsync);
  const mode = statSync(binPath).mode & 0o777;
  assert.equal(mode & 0o111, 0o111, `mode ${mode.toString(8)}: user, group and others must be able to run it`);
  // executed directly (as the link on PATH is), not through `node FILE`
  const run = spawnSync(binPath, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.error, undefined, `spawn: ${run.error?.message ?? ''}`);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout.trim(), /^\d+\.\d+\.\d+/);
});
