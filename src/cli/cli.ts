#!/usr/bin/env node
// The argument table (commander) and nothing else: each action reads its arguments into a
// typed value and runs a handler in ./commands/. main.ts turns errors into exit codes. Each
// handler is imported when its command runs (issue #11: `--version` and `status` load only what
// they use; in the bundle these become lazily initialised modules).
import { Command, type OptionValues } from 'commander';
import type { ProcessIO } from '../commands/context.js';
import { isEntryPoint, main, processIO, type RunCommand } from './main.js';
import { addPodCommands } from './pod-commands.js';
import { addHookCommands } from './hook-commands.js';
import { addWatchCommand } from './watch-command.js';
import { addResolveCommand } from './resolve-command.js';
import { addMapCommands, addRemoteCommands } from './remote-commands.js';
import { flag, required, text } from './option-values.js';
import type { TransferDirection } from '../commands/transfer.js';

const TRANSFER_DESCRIPTIONS: Record<TransferDirection, string> = {
  push: 'copy sessions from this machine to a remote (only what changed)',
  pull: 'copy sessions from a remote to this machine (only what changed)',
  sync: 'push and pull in one run; sessions resumed on both sides are merged',
};

function addTransferCommand(program: Command, run: RunCommand, direction: TransferDirection): void {
  program
    .command(direction)
    .description(TRANSFER_DESCRIPTIONS[direction])
    .argument('<remote>', 'the remote')
    .argument('[local-path]', 'the project (and its subdirectories) to cover (default: the current directory)')
    .option('--all', 'every mapped project')
    .option('--session <id>', 'only this session')
    .option('--dry-run', 'print the plan, write nothing')
    .option('--json', 'print one JSON document')
    .option('--delete', 'propagate deletions (only of files the other side did not change; backed up first)')
    .option('--force', 'write even into sessions that are running on the target')
    .option('--config', 'also carry CLAUDE.md, settings.json (merged key by key), agents/, commands/, skills/, output-styles/')
    .option('--include-credentials', 'with --config: also carry .credentials.json (a secret; kept at mode 0600)')
    .option('--project-settings', "carry the mapped projects' entries of ~/.claude.json (allowed tools, MCP servers, trust)")
    .addHelpText('after', '\nThe prompt history (history.jsonl) of the projects covered is merged on every run.\nExit codes: 0 done, 1 error, 2 usage, 3 conflicts left to resolve.')
    .action((remote: unknown, localPath: unknown, options: OptionValues) =>
      run(async (ctx) =>
        (await import('./args/transfer.js')).transferCommand(ctx, {
          direction,
          remote: required(remote),
          localPath: text(localPath),
          all: flag(options, 'all'),
          session: text(options['session']),
          dryRun: flag(options, 'dryRun'),
          json: flag(options, 'json'),
          delete: flag(options, 'delete'),
          force: flag(options, 'force'),
          config: flag(options, 'config'),
          includeCredentials: flag(options, 'includeCredentials'),
          projectSettings: flag(options, 'projectSettings'),
        }),
      ),
    );
}

function addLocalCommands(program: Command, run: RunCommand): void {
  program
    .command('status')
    .description('per session: in sync, local ahead, remote ahead, diverged or conflict')
    .argument('[remote]', 'the remote (default: every remote)')
    .option('--all', 'every project, not only the current directory')
    .option('--config', 'also the config files: in sync, local/remote ahead, conflict (and settings keys in conflict)')
    .option('--json', 'print one JSON document')
    .action((remote: unknown, options: OptionValues) =>
      run(async (ctx) => (await import('./args/status.js')).statusCommand(ctx, { remote: text(remote), all: flag(options, 'all'), json: flag(options, 'json'), config: flag(options, 'config') })),
    );
  program
    .command('check')
    .description('per endpoint of a remote: reachable, latency, OS, node, Claude dir and free space, claude, agent')
    .argument('<remote>', 'the remote')
    .option('--json', 'print one JSON document')
    .addHelpText('after', '\nExit codes: 0 the transfer endpoint works, 1 it fails (problems and their fixes go to stderr).')
    .action((remote: unknown, options: OptionValues) => run(async (ctx) => (await import('./args/check.js')).checkCommand(ctx, { remote: required(remote), json: flag(options, 'json') })));
  program
    .command('sessions')
    .description('list local sessions with title, size, lines and last activity')
    .argument('[path]', 'the project (and its subdirectories) to list (default: the current directory)')
    .option('--all', 'every project')
    .option('--json', 'print one JSON document')
    .action((path: unknown, options: OptionValues) =>
      run(async (ctx) => (await import('./args/sessions.js')).sessionsCommand(ctx, { path: text(path), all: flag(options, 'all'), json: flag(options, 'json') })),
    );
  program
    .command('move')
    .description("re-home a project's sessions on this machine after its folder moved")
    .argument('<old-path>', 'where the project was')
    .argument('<new-path>', 'where it is now')
    .option('--dry-run', 'print what would change, write nothing')
    .option('--force', 'move even sessions that Claude Code is running right now')
    .addHelpText('after', '\nSessions started at OLD_PATH or below go to the same place under NEW_PATH; cwd and paths in\ntheir lines, history.jsonl and the .claude.json project entry follow. Replaced files are backed up.')
    .action((oldPath: unknown, newPath: unknown, options: OptionValues) =>
      run(async (ctx) =>
        (await import('./args/move.js')).moveCommand(ctx, { oldPath: required(oldPath), newPath: required(newPath), dryRun: flag(options, 'dryRun'), force: flag(options, 'force') }),
      ),
    );
}

function addBundleCommands(program: Command, run: RunCommand): void {
  program
    .command('export')
    .description('write sessions and their companions to one portable, git-friendly file (secrets redacted)')
    .argument('[session]', 'the session id (or use --project)')
    .option('--project <path>', 'every session of this project and its subdirectories')
    .option('-o, --output <file>', 'write the bundle here (default: stdout)')
    .option('--no-redact', 'keep API keys, tokens and passwords in the bundle (do not share it then)')
    .option('--json', 'print a JSON report (needs -o)')
    .addHelpText('after', '\nRedacted: Anthropic, OpenAI, AWS, GitHub, Slack tokens, private keys, Authorization headers and\n.env-style NAME=value assignments of secret names; each becomes [REDACTED:<kind>], reported per file and line.')
    .action((session: unknown, options: OptionValues) =>
      run(async (ctx) =>
        (await import('./args/export.js')).exportCommand(ctx, {
          session: text(session),
          project: text(options['project']),
          output: text(options['output']),
          redact: options['redact'] !== false,
          json: flag(options, 'json'),
        }),
      ),
    );
  program
    .command('import')
    .description('write the sessions of a bundle from `ccsync export` into a project on this machine')
    .argument('<file>', 'the bundle')
    .option('--project <path>', 'the project the sessions belong to here (default: the current directory)')
    .option('--dry-run', 'print what would change, write nothing')
    .option('--json', 'print one JSON document')
    .addHelpText('after', '\nPaths are rewritten (original project -> PATH, home -> this home). Importing the same bundle again\nchanges nothing; a session that already exists here with another history is refused.')
    .action((file: unknown, options: OptionValues) =>
      run(async (ctx) => (await import('./args/import.js')).importCommand(ctx, { file: required(file), project: text(options['project']), dryRun: flag(options, 'dryRun'), json: flag(options, 'json') })),
    );
  program
    .command('verify')
    .description('check session transcripts: JSON lines, parentUuid chains, partial last lines, ids under two dirs')
    .argument('[path]', 'the project (and its subdirectories) to check (default: the current directory)')
    .option('--all', 'every project')
    .option('--repair', 'fix what is safe (an incomplete final line of a session not running), after a backup')
    .option('--json', 'print one JSON document')
    .addHelpText('after', '\nExit codes: 0 no problems (or all repaired), 1 problems found.')
    .action((path: unknown, options: OptionValues) =>
      run(async (ctx) => (await import('./args/verify.js')).verifyCommand(ctx, { path: text(path), all: flag(options, 'all'), repair: flag(options, 'repair'), json: flag(options, 'json') })),
    );
}

export function buildProgram(run: RunCommand, io: ProcessIO, version: string): Command {
  const program = new Command('ccsync');
  // set before adding commands: subcommands inherit these
  program
    .description('Carry Claude Code sessions between machines: path-mapped, append-only, conflict-safe.')
    .version(version, '-V, --version')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  addRemoteCommands(program, run);
  addMapCommands(program, run);
  for (const direction of ['push', 'pull', 'sync'] as const) addTransferCommand(program, run, direction);
  addLocalCommands(program, run);
  addResolveCommand(program, run);
  addPodCommands(program, run);
  addBundleCommands(program, run);
  addHookCommands(program, run, io);
  addWatchCommand(program, run, io);
  program.addHelpText('after', '\nExit codes: 0 done, 1 error, 2 usage, 3 conflicts left to resolve.\nRun `ccsync <command> --help` for a command\'s options.');
  return program;
}

// With buildProgram, what a test needs to run the CLI in process — from this module, which the
// build bundles: main.js beside it has its own copy of the error classes.
export { main };

// not a top-level await: the bundle is CommonJS, run with a V8 code cache (scripts/code-cache.mjs)
if (isEntryPoint(import.meta.url)) {
  void main(process.argv.slice(2), processIO(), buildProgram).then((code) => {
    process.exitCode = code;
  });
}
