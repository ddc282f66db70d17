// The argument table of `remote` and `map` (where sessions go, and how paths map there). Kept
// apart from cli.ts, which it extends, so that file stays a table of the sync commands.
import type { Command, OptionValues } from 'commander';
import type { RunCommand } from './main.js';
import { flag, required, text } from './option-values.js';

const DEST_FORMS = `
DEST is one of:
  user@host              ssh, through your ~/.ssh/config, agent and known_hosts
  alias                  a Host from ~/.ssh/config
  ssh://user@host:port   ssh with a port
  dir:/path              another Claude config dir on this machine (a mounted volume, a backup disk)
Values may use \${ENV_VAR}; quote them in single quotes, e.g. --port '\${RUNPOD_PORT}'.`;

export function addRemoteCommands(program: Command, run: RunCommand): void {
  const remote = program.command('remote').description('manage remotes (where sessions are carried to)');
  remote
    .command('add')
    .description('add a remote')
    .argument('<name>', 'a name for the remote (letters, digits, _ and -)')
    .argument('<dest>', 'where it is (see below)')
    .option('--claude-dir <dir>', 'the Claude dir there (default: ~/.claude; for dir: <path>/.claude)')
    .option('--port <port>', "ssh port: a number or '${VAR}'")
    .option('--transfer <dest>', 'a second endpoint for file movement (e.g. a pipe-only proxy)')
    .option('--ssh-command <cmd>', 'the ssh program and options for this remote, e.g. "ssh -i ~/.ssh/pod"')
    .addHelpText('after', DEST_FORMS)
    .action((name: unknown, dest: unknown, options: OptionValues) =>
      run(async (ctx) =>
        (await import('./args/remote.js')).remoteAdd(ctx, {
          name: required(name),
          dest: required(dest),
          claudeDir: text(options['claudeDir']),
          port: text(options['port']),
          transfer: text(options['transfer']),
          sshCommand: text(options['sshCommand']),
        }),
      ),
    );
  remote
    .command('list')
    .description('list remotes and their path mappings')
    .option('--json', 'print one JSON document')
    .action((options: OptionValues) => run(async (ctx) => (await import('./args/remote.js')).remoteList(ctx, { json: flag(options, 'json') })));
  remote
    .command('remove')
    .description('remove a remote, its mappings and its sync state (no session files are touched)')
    .argument('<name>', 'the remote')
    .action((name: unknown) => run(async (ctx) => (await import('./args/remote.js')).remoteRemove(ctx, { name: required(name) })));
  remote
    .command('set')
    .description("change a remote's settings (an empty value, e.g. --port '', removes the setting)")
    .argument('<name>', 'the remote')
    .option('--dest <dest>', 'a new destination')
    .option('--port <port>', "ssh port: a number or '${VAR}'")
    .option('--claude-dir <dir>', 'the Claude dir there')
    .option('--transfer <dest>', 'a second endpoint for file movement')
    .option('--ssh-command <cmd>', 'the ssh program and options for this remote')
    .addHelpText('after', DEST_FORMS)
    .action((name: unknown, options: OptionValues) =>
      run(async (ctx) =>
        (await import('./args/remote.js')).remoteSet(ctx, {
          name: required(name),
          dest: text(options['dest']),
          port: text(options['port']),
          claudeDir: text(options['claudeDir']),
          transfer: text(options['transfer']),
          sshCommand: text(options['sshCommand']),
        }),
      ),
    );
}

export function addMapCommands(program: Command, run: RunCommand): void {
  const map = program.command('map').description('manage path mappings (local project path <-> remote path)');
  map
    .command('add')
    .description('map a local path prefix to a remote one (the longest matching prefix wins)')
    .argument('<remote>', 'the remote')
    .argument('<local-path>', 'an absolute path on this machine, e.g. /Users/alice/proj')
    .argument('<remote-path>', 'the absolute path it stands for on the remote, e.g. /workspace/proj')
    .action((remote: unknown, localPath: unknown, remotePath: unknown) =>
      run(async (ctx) => (await import('./args/map.js')).mapAdd(ctx, { remote: required(remote), localPath: required(localPath), remotePath: required(remotePath) })),
    );
  map
    .command('list')
    .description('list path mappings')
    .argument('[remote]', 'only this remote (default: all)')
    .option('--json', 'print one JSON document')
    .action((remote: unknown, options: OptionValues) =>
      run(async (ctx) => (await import('./args/map.js')).mapList(ctx, { remote: text(remote), json: flag(options, 'json') })),
    );
  map
    .command('remove')
    .description('remove a path mapping')
    .argument('<remote>', 'the remote')
    .argument('<local-path>', 'the local path of the mapping')
    .action((remote: unknown, localPath: unknown) =>
      run(async (ctx) => (await import('./args/map.js')).mapRemove(ctx, { remote: required(remote), localPath: required(localPath) })),
    );
}
