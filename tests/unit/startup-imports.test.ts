// What `ccsync --version` and `ccsync status` load (issue #11: start-up within 1.5× of
// `node -e 0`): zod as a namespace, so the bundler leaves its locales out (`import { z }` pulls
// in 300 KB of them), and the argument table without the command handlers, which it imports
// when their command runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../../src', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../../src/cli/ccsync-cli.cjs', import.meta.url));
const CLI = fileURLToPath(new URL('../../src/cli/cli.js', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

test('src/ imports zod as a namespace (import * as z), never { z }', () => {
  const named = sources(SRC).filter((file) => /^import\s+(type\s+)?\{[^}]*\bz\b[^}]*\}\s+from\s+'zod'/m.test(readFileSync(file, 'utf8')));
  assert.deepEqual(named.map((file) => file.slice(SRC.length + 1)), []);
});

test('the argument table imports no command handler statically (each is loaded when its command runs)', () => {
  // cli.ts and the files that extend it (pod-commands.ts, hook-commands.ts, watch-command.ts, …)
  const table = readdirSync(join(SRC, 'cli')).filter((name) => name === 'cli.ts' || /-commands?\.ts$/.test(name)).map((name) => join(SRC, 'cli', name));
  assert.ok(table.length >= 3, 'the argument table files were not found');
  const eager = table.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/^import\s+(?!type\s)[^;]*?from\s+'((?:\.\.\/commands\/|\.\/args\/)[^']+)'/gm)].map((match) => `${file.slice(SRC.length + 1)} -> ${match[1] ?? ''}`),
  );
  assert.deepEqual(eager, []);
});

test('the CLI bundle stays under 900 KB (it was 1.06 MB with zod locales and every command)', () => {
  const size = statSync(BUNDLE).size;
  assert.ok(size < 900 * 1024, `dist/src/cli/ccsync-cli.cjs is ${Math.round(size / 1024)} KB`);
});

test('`ccsync status` with no remote loads neither crypto nor zlib (their start-up is ~4 ms of the 1.5× budget)', () => {
  const home = mkdtempSync(join(tmpdir(), 'ccsync-startup-'));
  try {
    const probe = 'process.on("exit",()=>process.stderr.write("\\nLOADED "+process.moduleLoadList.filter((m)=>/^NativeModule (crypto|zlib)$/.test(m)).join(",")+"\\n"))';
    const run = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(probe)}`, CLI, 'status'], {
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_STATE_HOME: join(home, '.state'), XDG_CACHE_HOME: join(home, '.cache') },
      encoding: 'utf8',
    });
    const loaded = /LOADED (.*)$/m.exec(run.stderr);
    assert.ok(loaded, run.stderr);
    assert.equal(loaded[1], '', 'status loaded these at start-up');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
