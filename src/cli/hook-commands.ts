// The argument table of the hands-free commands (issue #12): `hooks install|remove|status`,
// and the hidden `hook` (what Claude Code runs) and `hook-worker` (its detached pull or push).
// The hidden ones never go through `run`: a broken config must not make a hook fail (they
// log instead) and they always exit 0.
import { realpathSync } from 'node:fs';
import { Command, Option, type OptionValues } from 'commander';
import * as z from 'zod';
import type { ProcessIO } from '../commands/context.js';
import type { RunCommand } from './main.js';
import type { HookStep, SelfCommand } from '../hooks/hook-command.js';
import { DEFAULT_DEADLINE_SECONDS } from '../hooks/hook-defaults.js';

const names = z.array(z.string());
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** node and the CLI file as absolute paths: what a hook command must name (PATH may lack ccsync). */
function selfCommand(): SelfCommand {
  const script = process.argv[1] ?? '';
  let cli = script;
  try {
    cli = realpathSync(script);
  } catch {
    // keep the path as given
  }
  return { node: process.execPath, cli };
}

/** stdin up to 1 MiB, or what came within 5 s: Claude writes one object and closes it. */
function readStdin(): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (): void => {
      clearTimeout(timer);
      process.stdin.pause();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const timer = setTimeout(finish, 5_000);
    process.stdin.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > 1024 * 1024) finish();
    });
    process.stdin.once('end', finish);
    process.stdin.once('error', finish);
  });
}

function seconds(value: string): number {
  const number = Number(value);
  return Number.isFinite(number) ? number : Number.NaN;
}

export function addHookCommands(program: Command, run: RunCommand, io: ProcessIO): void {
  const hooks = program.command('hooks').description('sync without typing: Claude Code hooks that pull on start and push on exit');
  hooks
    .command('install')
    .description("add ccsync's hooks to Claude Code's settings.json (your own settings and hooks are kept)")
    .option('--remote <name>', 'sync with this remote (repeatable; default: every remote that maps the session\'s project)', collect, [])
    .option('--on-stop', 'also push after every turn (a crashed laptop loses at most the turn in progress)')
    .option('--deadline <seconds>', `how long the pull on start may hold Claude before it goes on in the background (default ${DEFAULT_DEADLINE_SECONDS})`, seconds)
    .addHelpText('after', '\nSessionStart pulls the project\'s sessions, SessionEnd pushes them after Claude exits. Hooks never\nfail Claude: problems go to the log that `ccsync hooks status` shows.')
    .action((options: OptionValues) =>
      run(async (ctx) =>
        (await import('./print/hooks.js')).printHooksInstall(
          ctx,
          await (await import('../commands/hooks.js')).hooksInstall(ctx, {
            remotes: names.parse(options['remote'] ?? []),
            onStop: options['onStop'] === true,
            deadlineSeconds: typeof options['deadline'] === 'number' ? options['deadline'] : DEFAULT_DEADLINE_SECONDS,
            self: selfCommand(),
          }),
        ),
      ),
    );
  hooks
    .command('remove')
    .description("take ccsync's hooks out of settings.json (the file is restored byte for byte if nothing else changed)")
    .action(() => run(async (ctx) => (await import('./print/hooks.js')).printHooksRemove(ctx, await (await import('../commands/hooks.js')).hooksRemove(ctx))));
  hooks
    .command('status')
    .description('whether the hooks are installed, and their last runs per remote (when, what moved, errors)')
    .option('--json', 'print one JSON document')
    .action((options: OptionValues) => run(async (ctx) => (await import('./print/hooks.js')).printHooksStatus(ctx, await (await import('../commands/hooks.js')).hooksStatus(ctx), options['json'] === true)));

  const hook = new Command('hook')
    .argument('<step>', 'session-start | session-end | stop')
    .option('--remote <name>', 'a remote named at install', collect, [])
    .option('--deadline <seconds>', 'SessionStart deadline', seconds)
    .action(async (step: unknown, options: OptionValues) => {
      if (step !== 'session-start' && step !== 'session-end' && step !== 'stop') return;
      const deadline = typeof options['deadline'] === 'number' && options['deadline'] > 0 ? options['deadline'] : DEFAULT_DEADLINE_SECONDS;
      const chosen: HookStep = step;
      const result = await (await import('../commands/hook-run.js')).hookRun(io, { step: chosen, remotes: names.parse(options['remote'] ?? []), deadlineSeconds: deadline, readInput: readStdin, self: selfCommand(), parentPid: process.ppid });
      // SessionStart stdout becomes model context: only a JSON notice for the user, if any
      if (result.systemMessage !== undefined) io.stdout(`${JSON.stringify({ systemMessage: result.systemMessage })}\n`);
    });
  program.addCommand(hook, { hidden: true });

  const worker = new Command('hook-worker')
    .addOption(new Option('--action <action>').choices(['pull', 'push']).makeOptionMandatory())
    .requiredOption('--remote <name>')
    .requiredOption('--cwd <dir>')
    .requiredOption('--event <step>')
    .requiredOption('--session <id>')
    .requiredOption('--run <id>')
    .option('--wait-pid <pid>', 'Claude\'s pid', Number)
    .action(async (options: OptionValues) => {
      const waitPid = typeof options['waitPid'] === 'number' && Number.isSafeInteger(options['waitPid']) ? options['waitPid'] : undefined;
      await (await import('../commands/hook-worker.js')).hookWorker(io, {
        action: options['action'] === 'pull' ? 'pull' : 'push',
        remote: text(options['remote']) ?? '',
        cwd: text(options['cwd']) ?? '',
        event: text(options['event']) ?? '',
        session: text(options['session']) ?? '',
        run: text(options['run']) ?? '',
        ...(waitPid !== undefined ? { waitPid } : {}),
      });
    });
  program.addCommand(worker, { hidden: true });
}
