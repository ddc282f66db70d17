// Bundles the remote agent into one CommonJS file that any remote `node` >= 16 can run
// (issue #3: "a bundled single-file script run by the remote's node"), next to the CLI.
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
