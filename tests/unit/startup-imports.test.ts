// What `ccsync --version` and `ccsync status` load (issue #11: start-up within 1.5× of
// `node -e 0`): zod as a namespace, so the bundler leaves its locales out (`import { z }` pulls
// in 300 KB of them), and the argument table without the command handlers, which it imports
// when their command runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';

const SRC = fileURLToPath(new URL('../../../src', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../../src/cli/ccsync-cli.cjs', import.meta.url));
// package.json's bin: the CommonJS loader (an ES module entry costs node ~3.5 ms more to start)
const BIN = fileURLToPath(new URL('../../src/cli/ccsync.cjs', import.meta.url));

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

/** The builtins a command loaded, of those named: run with `HOME` (etc.) in a temp dir. */
function loadedBuiltins(argv: string[], names: readonly string[]): string[] {
  const home = mkdtempSync(join(tmpdir(), 'ccsync-startup-'));
  try {
    const pattern = `^NativeModule (${names.join('|')})$`;
    const probe = `process.on("exit",()=>process.stderr.write("\\nLOADED "+process.moduleLoadList.filter((m)=>new RegExp(${JSON.stringify(pattern)}).test(m)).map((m)=>m.slice(13)).join(",")+"\\n"))`;
    // stderr into a file, as from a terminal or a log: a pipe would make node load net for it
    const errFile = join(home, 'stderr');
    const errFd = openSync(errFile, 'w');
    try {
      spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(probe)}`, ...argv], {
        env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_STATE_HOME: join(home, '.state'), XDG_CACHE_HOME: join(home, '.cache') },
        stdio: ['ignore', 'ignore', errFd],
      });
    } finally {
      closeSync(errFd);
    }
    const stderr = readFileSync(errFile, 'utf8');
    const loaded = /LOADED (.*)$/m.exec(stderr);
    assert.ok(loaded, stderr);
    return (loaded[1] ?? '').split(',').filter(Boolean);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

// Each of these costs ~1–2.6 ms of a ~17 ms node start (issue #11): crypto, zlib, child_process
// (which brings net and dgram: commander requires it at load, made lazy in the bundle), tty
// (net again), fs/promises (readline with it).
const HEAVY = ['crypto', 'zlib', 'child_process', 'net', 'tty', 'fs/promises'] as const;

test('`ccsync status` with no remote loads none of the heavy builtins at start-up', () => {
  assert.deepEqual(loadedBuiltins([BIN, 'status'], HEAVY), []);
});

test('`ccsync --version` answers without the bundle, as commander would', async () => {
  assert.deepEqual(loadedBuiltins([BIN, '--version'], [...HEAVY, 'vm']), [], 'no bundle, so no vm.Script either');
  const version = z.object({ version: z.string() }).parse(JSON.parse(readFileSync(fileURLToPath(new URL('../../../package.json', import.meta.url)), 'utf8'))).version;
  for (const flag of ['--version', '-V']) {
    const fast = spawnSync(process.execPath, [BIN, flag], { encoding: 'utf8' });
    assert.equal(fast.status, 0);
    assert.equal(fast.stdout, `${version}\n`, flag);
  }
  // commander's own answer (the full program: --version with another word is not the fast path)
  const full = spawnSync(process.execPath, [BIN, '--version', '--no-such-flag'], { encoding: 'utf8' });
  assert.equal(full.stdout, `${version}\n`, 'commander prints the same');
});

// One ~400 KB code cache per build piled up in ~/.cache/ccsync (scripts/code-cache.mjs): a run
// that writes its cache removes other builds' caches not written for 30 days, and only those.
test('a new CLI code cache removes other builds\' caches older than 30 days', () => {
  const cacheHome = mkdtempSync(join(tmpdir(), 'ccsync-cache-'));
  try {
    const dir = join(cacheHome, 'ccsync');
    mkdirSync(dir, { recursive: true });
    const stale = join(dir, 'cli-0000000000000000-v20.0.0-x64.v8');
    const recent = join(dir, 'cli-1111111111111111-v20.0.0-x64.v8');
    const agent = join(dir, 'agent-0000.cjs');
    for (const file of [stale, recent, agent]) writeFileSync(file, 'x');
    const old = new Date(Date.now() - 31 * 86_400_000);
    utimesSync(stale, old, old);
    utimesSync(agent, old, old);
    const run = spawnSync(process.execPath, [BIN, 'status'], { env: { ...process.env, HOME: cacheHome, XDG_CONFIG_HOME: join(cacheHome, 'config'), XDG_STATE_HOME: join(cacheHome, 'state'), XDG_CACHE_HOME: cacheHome }, encoding: 'utf8' });
    assert.equal(run.status, 2, run.stderr); // no remotes configured
    const left = readdirSync(dir);
    assert.ok(!left.includes('cli-0000000000000000-v20.0.0-x64.v8'), 'the stale cache was removed');
    assert.ok(left.includes('cli-1111111111111111-v20.0.0-x64.v8'), 'a recent one (another install in use) stays');
    assert.ok(left.includes('agent-0000.cjs'), 'other files are not the loader\'s');
    assert.ok(left.some((name) => name.startsWith('cli-') && name.endsWith(`-${process.version}-${process.arch}.v8`)), 'this build\'s cache was written');
  } finally {
    rmSync(cacheHome, { recursive: true, force: true });
  }
});
