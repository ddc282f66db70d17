// PLACEHOLDER: replaced by the lead. Keeps the build green until the real runStatus lands;
// the CLI (src/cli/commands/status.ts) already hands it a checked StatusOptions value.
import { ExitError } from '../errors.js';
import type { CommandContext } from '../cli/context.js';
import type { StatusOptions } from '../cli/commands/status.js';

/** Returns the exit code (0 done, 1 error, 3 conflicts left); expected failures throw ExitError. */
export async function runStatus(_ctx: CommandContext, _options: StatusOptions): Promise<number> {
  throw new ExitError('status is not available yet');
}
