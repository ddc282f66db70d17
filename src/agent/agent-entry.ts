// The bundle's entry point (scripts/bundle-agent.mjs): `node agent.cjs [CLAUDE_DIR]`.
import { runAgent } from './agent-main.js';
import { describeError } from '../errors.js';

runAgent(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`ccsync agent: ${describeError(error)}\n`);
  process.exit(1);
});
