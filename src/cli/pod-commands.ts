// The argument table of the pod workflows (issue #4): `setup` and `launch`. Kept apart from
// cli.ts, which it extends, so that file stays a table of the sync commands.
import type { Command, OptionValues } from 'commander';
import * as z from 'zod';
import type { RunCommand } from './main.js';
import { text } from './option-values.js';

const words = z.array(z.string());


/**
 * How many words came after the first `--` of the command line. commander drops the `--`
 * from the operands, so the root command's raw argv (an untyped field) is read to tell
 * LOCAL_PATH from claude's arguments.
 */
function countAfterDoubleDash(command: Command): number {
  let root: Command = command;
  while (root.parent) root = root.parent;
  const raw = words.safeParse(Reflect.get(root, 'rawArgs'));
  if (!raw.success) return 0;
  const index = raw.data.indexOf('--');
  return index < 0 ? 0 : raw.data.length - index - 1;
}

export function addPodCommands(program: Command, run: RunCommand): void {
  program
    .command('setup')
    .description("prepare a remote (a pod): keep its ~/.claude sessions and settings on a persistent volume, optionally install claude")
    .argument('<remote>', 'the remote')
    .option('--store <dir>', 'the persistent dir on the remote (default: /workspace/claude-sessions when /workspace exists)')
    .option('--install-claude', 'install Claude Code when it is missing (npm, else the official installer) and put it on PATH')
    .option('--dry-run', 'print what it would do, change nothing')
    .addHelpText('after', '\nRun it again after a pod restart: it is idempotent and never deletes a file (see README, "Pods").')
    .action((remote: unknown, options: OptionValues) =>
      run(async (ctx) =>
        (await import('./args/setup.js')).setupCommand(ctx, {
          remote: typeof remote === 'string' ? remote : '',
          store: text(options['store']),
          installClaude: options['installClaude'] === true,
          dryRun: options['dryRun'] === true,
        }),
      ),
    );
  program
    .command('launch')
    .description('push this project, run claude on the remote in its mapped dir (ssh -t), pull the sessions back when it ends')
    .argument('<remote>', 'the remote')
    .argument('[local-path]', 'the project (default: the current directory)')
    .argument('[claude-args...]', "after --: claude's own arguments, e.g. -- --model opus")
    .option('--resume <id>', 'resume this session (default: the newest session of this project here)')
    .option('--continue', "claude --continue: the newest session of the project on the remote")
    .option('--new', 'start a new session')
    .option('--tmux [name]', 'run claude in a remote tmux session that survives a disconnect (default name from the project)')
    .option('--attach', 're-attach to that tmux session, then pull')
    .option('--dry-run', 'print the push, the ssh command and the pull; run nothing')
    .addHelpText('after', "\nExit code: claude's (or ssh's: 255 when the connection failed), unless the pull afterwards fails (1) or leaves conflicts (3).")
    .action((remote: unknown, localPath: unknown, claudeArgs: unknown, options: OptionValues, command: Command) =>
      run(async (ctx) => {
        const rest = words.safeParse(claudeArgs);
        const operands = [...(typeof localPath === 'string' ? [localPath] : []), ...(rest.success ? rest.data : [])];
        const tmux: unknown = options['tmux'];
        return (await import('./args/launch.js')).launchCommand(ctx, {
          remote: typeof remote === 'string' ? remote : '',
          operands,
          afterDoubleDash: Math.min(countAfterDoubleDash(command), operands.length),
          resume: text(options['resume']),
          continue: options['continue'] === true,
          new: options['new'] === true,
          tmux: typeof tmux === 'string' || typeof tmux === 'boolean' ? tmux : undefined,
          attach: options['attach'] === true,
          dryRun: options['dryRun'] === true,
        });
      }),
    );
}
