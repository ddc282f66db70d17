// The bundle's entry point (scripts/bundle-agent.mjs): `node agent.cjs [CLAUDE_DIR]`.
import { runAgent } from './agent-main.js';

runAgent(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`ccsync agent: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
