// The argument table of `ccsync watch` (issue #12), its printing (one line per event, or one
// JSON object a line) and its end: Ctrl-C or SIGTERM stops the loops, closes the connections
// and exits 0.
import { realpathSync } from 'node:fs';
import type { Command, OptionValues } from 'commander';
import * as z from 'zod';
import type { ProcessIO } from '../commands/context.js';
import { UsageError } from '../errors.js';
import type { RunCommand } from './main.js';
import { launchdAgent, systemdUnit } from './print/service-units.js';
import { describeWatchEvent, isWorthTelling } from './print/watch-events.js';

const names = z.array(z.string());
/** variables that decide which files ccsync uses: a service must see the ones this shell has */
const CARRIED = ['CLAUDE_CONFIG_DIR', 'CCSYNC_CONFIG', 'XDG_CONFIG_HOME', 'XDG_STATE_HOME', 'CCSYNC_SSH_COMMAND'];

function cliFile(): string {
  const script = process.argv[1] ?? '';
  try {
    return realpathSync(script);
  } catch {
    return script;
  }
}

function printService(io: ProcessIO, kind: unknown, remotes: string[], all: boolean): number {
  if (kind !== 'systemd' && kind !== 'launchd') throw new UsageError('--print-service: give systemd or launchd');
  const spec = {
    node: process.execPath,
    cli: cliFile(),
    args: [...remotes, ...(all ? ['--all'] : [])],
    workingDirectory: io.cwd,
    environment: {
      PATH: '/usr/local/bin:/opt/homebrew/bin:/usr/bin:/bin',
      ...Object.fromEntries(CARRIED.flatMap((name) => (io.env[name] ? [[name, io.env[name] ?? '']] : []))),
    },
  };
  io.stdout(kind === 'systemd' ? systemdUnit(spec) : launchdAgent(spec));
  return 0;
}

export function addWatchCommand(program: Command, run: RunCommand, io: ProcessIO): void {
  program
    .command('watch')
    .description('keep syncing in the foreground: local changes go out when writes go quiet, remote ones come in within seconds')
    .argument('[remote...]', 'the remotes (default: every remote that maps the current directory)')
    .option('--all', 'every mapped project, not only the current directory\'s')
    .option('--json', 'print events as JSON, one object a line')
    .option('--interval <seconds>', 'seconds between checks of each remote (default 5)', Number)
    .option('--print-service <kind>', 'print a systemd user unit or a launchd agent that runs this watch, and exit')
    .addHelpText('after', '\nOne line per sync that moved something, and per connection change; an idle watch prints nothing.\nA dropped connection is retried with backoff. Ctrl-C (or SIGTERM) stops it with exit 0.')
    .action((remotes: unknown, options: OptionValues) =>
      run(async (ctx) => {
        const chosen = names.parse(remotes ?? []);
        const all = options['all'] === true;
        if (options['printService'] !== undefined) return printService(ctx, options['printService'], chosen, all);
        const interval = typeof options['interval'] === 'number' ? options['interval'] : 5;
        if (!(interval >= 1 && interval <= 3600)) throw new UsageError('--interval: give seconds between 1 and 3600');
        const json = options['json'] === true;
        const stop = new AbortController();
        const onSignal = (): void => stop.abort();
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        try {
          return await (await import('../commands/watch.js')).watchCommand(ctx, {
            remotes: chosen,
            all,
            pollSeconds: interval,
            signal: stop.signal,
            onEvent: (event) => {
              if (!isWorthTelling(event)) return;
              if (json) io.stdout(`${JSON.stringify(event)}\n`);
              else (event.event === 'disconnected' || event.event === 'error' ? io.stderr : io.stdout)(`${describeWatchEvent(event)}\n`);
            },
          });
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        }
      }),
    );
}
