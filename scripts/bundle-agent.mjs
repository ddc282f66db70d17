// Bundles the remote agent into one CommonJS file that any remote `node` >= 16 can run
// (issue #3: "a bundled single-file script run by the remote's node"), next to the CLI.
// Then bundles the CLI over tsc's dist/src/cli/cli.js: one file instead of ~200 ES modules
// (its own, zod's, commander's) that node resolves and compiles one by one on every run —
// ~0.2 s of CPU per command (issue #3, incremental wall goals). The bundle sits where tsc's
// file was, so the paths it reads relative to itself (package.json, dist/agent/) still hold.
import { chmod } from 'node:fs/promises';
import { build } from 'esbuild';

await build({
  entryPoints: ['src/agent/agent-entry.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node16',
  minify: true,
  legalComments: 'none',
  outfile: 'dist/agent/ccsync-agent.cjs',
  logLevel: 'warning',
});

await build({
  entryPoints: ['src/cli/cli.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // packages without an exports map (jsonc-parser): their ESM build; the UMD one requires at run time
  mainFields: ['module', 'main'],
  // names kept: CCSYNC_DEBUG=1 stack traces stay readable
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  // commander is CommonJS: its require() calls of node builtins need a real require in ESM
  banner: { js: "import { createRequire as __ccsyncCreateRequire } from 'node:module'; const require = __ccsyncCreateRequire(import.meta.url);" },
  outfile: 'dist/src/cli/cli.js',
  allowOverwrite: true,
  logLevel: 'warning',
});

// package.json's bin: `npm link` marks it executable once, when it links; every later build
// (npm test, npm run build) writes a new file, which must stay runnable through that link.
await chmod('dist/src/cli/cli.js', 0o755);
