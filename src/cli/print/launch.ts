// The words of `ccsync launch --dry-run`: the push, the ssh command and the pull it would run.
// A real launch talks on stderr while it runs and prints no result of its own.
import type { ProcessIO } from '../../commands/context.js';
import type { LaunchResult } from '../../commands/launch.js';
import { displayCommand } from '../../transport/shell-quote.js';

export function printLaunch(io: Pick<ProcessIO, 'stdout'>, result: LaunchResult): number {
  const plan = result.dryRun;
  if (plan === undefined) return result.exitCode;
  const pathWord = displayCommand([plan.projectPath]);
  if (plan.push) io.stdout(`push: ccsync push ${plan.remote} ${pathWord}\n`);
  if (plan.note !== undefined) io.stdout(`note: ${plan.note}\n`);
  io.stdout(`ssh:  ${displayCommand(plan.ssh)}\n`);
  io.stdout(`pull: ccsync pull ${plan.remote} ${pathWord}\n`);
  return result.exitCode;
}
