// The argument table of `ccsync resolve` (issue #5). Kept apart from cli.ts, which it
// extends, so that file stays a table of the sync commands. The picker draws on stderr.
import type { Command, OptionValues } from 'commander';
import type { RunCommand } from './main.js';
import { flag, text } from './option-values.js';


export function addResolveCommand(program: Command, run: RunCommand): void {
  program
    .command('resolve')
    .description('choose what to keep of sessions whose copies here and on a remote are different histories')
    .argument('[remote]', 'the remote (default: the only remote with recorded conflicts)')
    .argument('[session-or-path]', 'one session id, or the project to cover (default: the current directory)')
    .option('--keep <side>', 'local | remote | both, for every conflict listed (no prompt)')
    .option('--merge', 'keep the union of both histories in the session, on both sides (no prompt)')
    .option('--all', 'every mapped project')
    .option('--dry-run', 'print what would happen, write nothing')
    .option('--json', 'print one JSON document')
    .option('--force', 'write even into sessions that are running')
    .addHelpText(
      'after',
      `
On a terminal without --keep/--merge, a picker shows each conflict (titles, last messages, lines,
which side is newer) and asks what to keep. Replaced and removed files are backed up.
Exit codes: 0 every conflict listed is resolved, 1 error, 2 usage, 3 conflicts remain.`,
    )
    .action((remote: unknown, target: unknown, options: OptionValues) =>
      run(async (ctx) =>
        (await import('./args/resolve.js')).resolveCommand(
          ctx,
          {
            remote: text(remote),
            target: text(target),
            keep: text(options['keep']),
            merge: flag(options, 'merge'),
            all: flag(options, 'all'),
            dryRun: flag(options, 'dryRun'),
            json: flag(options, 'json'),
            force: flag(options, 'force'),
          },
          { input: process.stdin, output: process.stderr },
        ),
      ),
    );
}
