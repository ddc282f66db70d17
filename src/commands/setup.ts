// `ccsync setup REMOTE` (issue #4): run the setup script (setup-script.ts) over one ssh command
// on the transfer endpoint (no PTY needed) and hand back each `key=text` line it prints. Its
// stderr (npm's or the installer's output, ssh's own messages) is passed through as it comes.
import { spawn } from 'node:child_process';
import type { CommandContext } from './context.js';
import type { ResolvedRemote } from '../config/resolve-remote.js';
import { EXIT, ExitError, describeError } from '../errors.js';
import { portHint } from '../transport/open-transport.js';
import { classifySshFailure, sshInvocation, type SshEndpoint } from '../transport/ssh-argv.js';
import { setupRemoteCommand } from '../pod/setup-script.js';

export interface SetupOptions {
  remote: ResolvedRemote;
  /** absolute, normalized; undefined: the remote's /workspace/claude-sessions */
  store: string | undefined;
  installClaude: boolean;
  dryRun: boolean;
}

export interface SetupLine {
  key: string;
  text: string;
}

/** `key=text` lines; anything else (a login banner, a shell's noise) is not ours and is left out. */
export function parseSetupLines(output: string): SetupLine[] {
  const lines: SetupLine[] = [];
  for (const raw of output.split('\n')) {
    const match = /^(store|claude_dir|ok|did|would|kept|would_keep|warn|error|end)=(.*)$/.exec(raw.replace(/\r$/, ''));
    if (match?.[1] !== undefined && match[2] !== undefined) lines.push({ key: match[1], text: match[2] });
  }
  return lines;
}

/** A compact UTC time for the suffix of a kept duplicate: 20260501T101500Z. */
export function setupTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.[0-9]+Z$/, 'Z');
}

/** The script's report; src/cli/print/setup.ts prints it. */
export interface SetupResult {
  exitCode: number;
  remote: string;
  dryRun: boolean;
  installClaude: boolean;
  lines: SetupLine[];
}

export async function runSetup(ctx: CommandContext, options: SetupOptions): Promise<SetupResult> {
  const { remote } = options;
  const dest = remote.transfer;
  if (dest.kind !== 'ssh') throw new ExitError(`remote '${remote.name}' is a dir: remote; setup prepares an ssh remote (a dir: needs none)`);
  const endpoint: SshEndpoint = { host: dest.host, ...(dest.user ? { user: dest.user } : {}), ...(dest.port ? { port: dest.port } : {}) };
  const command = setupRemoteCommand({ store: options.store, dryRun: options.dryRun, claudeDir: remote.claudeDir, installClaude: options.installClaude, timestamp: setupTimestamp(new Date()) });
  const { program, args } = sshInvocation(endpoint, command, { sshCommand: ctx.env['CCSYNC_SSH_COMMAND'] || remote.sshCommand, batchMode: !ctx.isTTY, pty: false });
  const run = await new Promise<{ stdout: string; stderr: string; code: number | null; spawnError?: string }>((resolve) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      stderr = (stderr + text).slice(-16_384);
      ctx.stderr(text);
    });
    child.once('error', (error) => resolve({ stdout, stderr, code: null, spawnError: describeError(error) }));
    child.once('close', (code) => resolve({ stdout, stderr, code }));
  });
  if (run.spawnError !== undefined) throw new ExitError(run.spawnError);
  const lines = parseSetupLines(run.stdout);
  const value = (key: string): string | undefined => lines.find((line) => line.key === key)?.text;
  const error = value('error');
  if (error !== undefined) throw new ExitError(`setup on '${remote.name}': ${error}`);
  if (value('end') !== '1') {
    if (run.code === 255) throw new ExitError(classifySshFailure(run.stderr, { remote: remote.name, endpoint, portHint: portHint(remote), sshCommand: ctx.env['CCSYNC_SSH_COMMAND'] || remote.sshCommand }).message);
    throw new ExitError(`setup on '${remote.name}' stopped before it finished (exit ${String(run.code)}); what it printed is above — run it again: it picks up where it stopped`);
  }
  return { exitCode: EXIT.ok, remote: remote.name, dryRun: options.dryRun, installClaude: options.installClaude, lines };
}
