// PLACEHOLDER: replaced by the lead. Keeps the build green until the real runMove lands;
// the CLI (src/cli/commands/move.ts) already hands it a checked MoveOptions value.
import { ExitError } from '../errors.js';
import type { CommandContext } from '../cli/context.js';
import type { MoveOptions } from '../cli/commands/move.js';

/** Returns the exit code (0 done, 1 error, 3 conflicts left); expected failures throw ExitError. */
export async function runMove(_ctx: CommandContext, _options: MoveOptions): Promise<number> {
  throw new ExitError('move is not available yet');
}
