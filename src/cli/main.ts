// The one top-level handler (changesets' model): run the argument table, turn an ExitError
// into `ccsync: <message>` and its exit code, anything else into an internal error. Nothing
// below this calls process.exit; this is the only module that reads process.env and the home.
import { realpathSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { CommanderError, type Command } from 'commander';
import { EXIT, ExitError, describeError } from '../errors.js';
import type { CommandContext, ProcessIO } from '../commands/context.js';
import { readVersion } from '../commands/version.js';
import { interruptLine } from './interrupt.js';
import { jsonDocument } from './output.js';
import { enableTimeline, nowMs, recordSpan, timelineSpans } from '../timeline.js';

/** Runs one command's handler with a fresh context; its result becomes the exit code. */
export type RunCommand = (handler: (ctx: CommandContext) => Promise<number>) => Promise<void>;
export type BuildProgram = (run: RunCommand, io: ProcessIO, version: string) => Command;

export async function main(argv: readonly string[], io: ProcessIO, buildProgram: BuildProgram): Promise<number> {
  // CCSYNC_TIMELINE=FILE: the phases of this run as JSON, for `npm run bench` (src/timeline.ts)
  const timelineFile = io.env['CCSYNC_TIMELINE'];
  if (timelineFile) {
    enableTimeline();
    recordSpan('start-up', 0, nowMs());
  }
  try {
    return await runMain(argv, io, buildProgram);
  } finally {
    if (timelineFile) writeFileSync(timelineFile, `${JSON.stringify({ spans: timelineSpans(), endMs: nowMs() })}\n`);
  }
}

async function runMain(argv: readonly string[], io: ProcessIO, buildProgram: BuildProgram): Promise<number> {
  let exitCode: number = EXIT.ok;
  const run: RunCommand = async (handler) => {
    // with a terminal, the progress bar and the picker answer Ctrl-C themselves
    const stop = io.isTTY
      ? undefined
      : io.watchInterrupts?.((signal) => {
          const line = interruptLine(argv, signal);
          const exitCode = 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1);
          const document = jsonDocument({ error: { message: line.replace(/^ccsync: /, '').trimEnd(), kind: 'interrupted', exitCode } });
          return wantsJson(argv) ? { stderr: line, stdout: document } : { stderr: line };
        });
    try {
      // loaded here, not at start-up: `--version` and `--help` read no config (issue #11)
      const { createContext } = await import('../commands/context.js');
      exitCode = await handler(await createContext(io));
    } finally {
      stop?.();
    }
  };
  try {
    await buildProgram(run, io, readVersion()).parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    const code = reportError(error, io);
    if (code !== EXIT.ok && wantsJson(argv)) io.stdout(jsonErrorDocument(error, code));
    return code;
  }
}

/** `--json` among the options (before a `--`): a script reads stdout, errors included. */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}

const ERROR_KINDS: Record<number, string> = { [EXIT.error]: 'error', [EXIT.usage]: 'usage', [EXIT.conflicts]: 'conflicts' };

/**
 * The one document a `--json` run prints when it fails (README, "--json"): the message the
 * stderr line has, the exit code and its kind. Internal errors say so, without the stack.
 */
export function jsonErrorDocument(error: unknown, exitCode: number): string {
  const internal = !(error instanceof CommanderError) && !(error instanceof ExitError) && !isSystemError(error);
  const message = error instanceof CommanderError ? error.message.replace(/^error: /, '') : describeError(error);
  const kind = internal ? 'internal' : (ERROR_KINDS[exitCode] ?? 'error');
  return jsonDocument({ error: { message, kind, exitCode } });
}

function isSystemError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && 'syscall' in error && 'code' in error && typeof error.code === 'string';
}

function reportError(error: unknown, io: ProcessIO): number {
  // commander has already written its own message (or the help) through io
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error instanceof ExitError) {
    io.stderr(`ccsync: ${error.message}\n`);
    return error.exitCode;
  }
  // a full disk or a permission problem is the machine's state, not a bug in ccsync
  if (isSystemError(error)) {
    io.stderr(`ccsync: ${describeError(error)}\n`);
    return EXIT.error;
  }
  io.stderr(`ccsync: internal error: ${describeError(error)}\n`);
  if (io.env['CCSYNC_DEBUG'] === '1') {
    if (error instanceof Error && error.stack !== undefined) io.stderr(`${error.stack}\n`);
  } else {
    io.stderr('ccsync: run again with CCSYNC_DEBUG=1 for the stack trace\n');
  }
  return EXIT.error;
}

/** The real process, for the entry point only. */
export function processIO(): ProcessIO {
  // `ccsync sessions | head` closes the pipe early: that is not an error worth a stack trace
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error) => {
      if ('code' in error && error.code === 'EPIPE') return;
      throw error;
    });
  }
  return {
    watchInterrupts: (line) => {
      const signals = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
      const handlers = Object.entries(signals).map(([signal, number]) => {
        const handler = (): void => {
          // a command that answers the signal itself (watch ends cleanly, launch pulls) keeps it
          if (process.listenerCount(signal) > 0) return;
          const report = line(signal);
          if (report.stdout !== undefined) process.stdout.write(report.stdout);
          process.stderr.write(report.stderr, () => process.exit(128 + number));
        };
        process.once(signal, handler);
        return [signal, handler] as const;
      });
      return () => {
        for (const [signal, handler] of handlers) process.removeListener(signal, handler);
      };
    },
    env: { ...process.env },
    home: homedir(),
    cwd: process.cwd(),
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    isTTY: Boolean(process.stderr.isTTY) && stdinIsTTY(),
    ...(process.stderr.columns !== undefined && { columns: process.stderr.columns }),
  };
}

/**
 * isatty(0), not process.stdin.isTTY (that getter builds a stdin stream no command reads), and
 * node:tty loaded only when stderr is a terminal: it pulls in net (~1 ms of every start).
 */
function stdinIsTTY(): boolean {
  const tty: unknown = createRequire(import.meta.url)('node:tty');
  return typeof tty === 'object' && tty !== null && 'isatty' in tty && typeof tty.isatty === 'function' && tty.isatty(0) === true;
}

/** True when `moduleUrl` is the script node was started with (also through an npm bin symlink). */
export function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}
