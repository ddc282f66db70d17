// PLACEHOLDER: replaced by the lead. Keeps the build green until the real listSessions lands;
// the CLI (src/cli/commands/sessions.ts) already hands it a checked SessionsOptions value.
import { ExitError } from '../errors.js';
import type { CommandContext } from '../cli/context.js';
import type { SessionsOptions } from '../cli/commands/sessions.js';

/** Returns the exit code (0 done, 1 error, 3 conflicts left); expected failures throw ExitError. */
export async function listSessions(_ctx: CommandContext, _options: SessionsOptions): Promise<number> {
  throw new ExitError('sessions is not available yet');
}
