// Bundles the remote agent into one CommonJS file that any remote `node` >= 16 can run
// (issue #3: "a bundled single-file script run by the remote's node"), next to the CLI.
// Then bundles the CLI over tsc's dist/src/cli/cli.js: one file instead of ~200 ES modules
// (its own, zod's, commander's) that node resolves and compiles one by one on every run —
// ~0.2 s of CPU per command (issue #3, incremental wall goals). Both run through a loader
// with a V8 code cache (scripts/code-cache.mjs, issue #11): the CLI bundle is
// dist/src/cli/ccsync-cli.cjs and tsc's cli.js becomes its loader, so the paths the bundle
// reads relative to `import.meta.url` (package.json, dist/agent/) still hold.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { agentLoader, cliLoader, contentHash, wrapBundle } from './code-cache.mjs';

const agent = await build({
  entryPoints: ['src/agent/agent-entry.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node16',
  // import() of a builtin becomes require(): the bundle runs in a vm.Script, which has no import()
  supported: { 'dynamic-import': false },
  minify: true,
  legalComments: 'none',
  write: false,
  outfile: 'dist/agent/ccsync-agent.cjs',
  logLevel: 'warning',
});
mkdirSync('dist/agent', { recursive: true });
writeFileSync('dist/agent/ccsync-agent.cjs', agentLoader(wrapBundle(agent.outputFiles[0].text)));

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

// commander requires child_process at load, for executable subcommands ccsync does not have;
// child_process pulls in net, dgram and streams: ~2 ms of every start (issue #11). It is
// required on first use instead (the one line, checked: the build fails if it moves).
const lazyChildProcess = {
  name: 'commander-lazy-child-process',
  setup(b) {
    b.onLoad({ filter: /commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const eager = "const childProcess = require('node:child_process');";
      if (!source.includes(eager)) throw new Error(`${args.path}: commander no longer requires child_process as expected; update scripts/bundle-agent.mjs`);
      const lazy = "let loadedChildProcess; const childProcess = { spawn: (...a) => (loadedChildProcess ??= require('node:child_process')).spawn(...a) };";
      return { contents: source.replace(eager, lazy), loader: 'js' };
    });
  },
};

const cli = await build({
  entryPoints: ['src/cli/cli.ts'],
  plugins: [lazyChildProcess],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // packages without an exports map (jsonc-parser): their ESM build; the UMD one requires at run time
  mainFields: ['module', 'main'],
  supported: { 'dynamic-import': false },
  // names kept: CCSYNC_DEBUG=1 stack traces stay readable
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  // the loader passes its own URL (dist/src/cli/cli.js)
  define: { 'import.meta.url': '__ccsyncUrl', CCSYNC_BUILD_VERSION: JSON.stringify(version) },
  write: false,
  outfile: 'dist/src/cli/ccsync-cli.cjs',
  logLevel: 'warning',
});
const wrapped = wrapBundle(cli.outputFiles[0].text);
writeFileSync('dist/src/cli/ccsync-cli.cjs', wrapped);
// The names cli.ts exports, re-exported by the loader (a test runs the CLI in process).
const cliSource = readFileSync('src/cli/cli.ts', 'utf8');
const exportNames = [
  ...[...cliSource.matchAll(/^export (?:async )?(?:function|const|class) (\w+)/gm)].map((match) => match[1]),
  ...[...cliSource.matchAll(/^export \{([^}]+)\}/gm)].flatMap((match) => match[1].split(',').map((name) => name.trim()).filter(Boolean)),
];
writeFileSync('dist/src/cli/cli.js', cliLoader('esm', 'ccsync-cli.cjs', contentHash(wrapped), version, exportNames));
writeFileSync('dist/src/cli/ccsync.cjs', cliLoader('cjs', 'ccsync-cli.cjs', contentHash(wrapped), version));
// package.json's bin: `npm link` marks it executable once, when it links; every later build
// (npm test, npm run build) writes a new file, which must stay runnable through that link.
chmodSync('dist/src/cli/cli.js', 0o755);
chmodSync('dist/src/cli/ccsync.cjs', 0o755);
