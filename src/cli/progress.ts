// Progress of long operations (issue #5: "progress bars for long operations … on a TTY; plain
// lines otherwise; `--json` for scripts"). On a terminal: a @clack/prompts bar (a phase with a
// count) or spinner, drawn on stderr. Without one: one plain line per *long* phase, so small
// runs stay quiet and scripts reading stderr see nothing new. With --json: nothing at all.
import { Writable } from 'node:stream';
import { progress as clackProgress, spinner as clackSpinner, type SpinnerResult } from '@clack/prompts';
import type { ProcessIO } from '../commands/context.js';
import { SILENT_PROGRESS, type ProgressSink, type Work } from '../commands/progress-sink.js';

/** Above these a phase is "long" and earns a plain line when stderr is not a terminal. */
export const LONG_COUNT = 50;
export const LONG_BYTES = 2 * 1024 * 1024;

export function isLong(work: Work | undefined): boolean {
  return work !== undefined && (work.count > LONG_COUNT || (work.bytes ?? 0) > LONG_BYTES);
}

export interface ProgressOptions {
  json: boolean;
}

type ProgressIO = Pick<ProcessIO, 'stderr' | 'isTTY' | 'columns'>;

export function createProgress(io: ProgressIO, options: ProgressOptions): ProgressSink {
  if (options.json) return SILENT_PROGRESS;
  if (!io.isTTY) return plainProgress(io.stderr);
  return terminalProgress(io);
}

function plainProgress(write: (text: string) => void): ProgressSink {
  return {
    phase(label, work) {
      if (isLong(work)) write(`${label}…\n`);
    },
    advance: () => undefined,
    done: () => undefined,
    fail: () => undefined,
  };
}

/** clack writes to a stream; ProcessIO gives a function (tests pass their own). */
class TerminalSink extends Writable {
  readonly isTTY = true;
  readonly columns: number;
  readonly #write: (text: string) => void;
  constructor(write: (text: string) => void, columns: number) {
    super({ decodeStrings: false });
    this.#write = write;
    this.columns = columns;
  }
  override _write(chunk: unknown, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#write(typeof chunk === 'string' ? chunk : String(chunk));
    callback();
  }
}

/** A terminal without a size (a pty nobody set up) reports 0 columns: clack would wrap each character. */
export function terminalColumns(columns: number | undefined): number {
  return columns !== undefined && columns > 0 ? columns : 80;
}

function terminalProgress(io: ProgressIO): ProgressSink {
  const output = new TerminalSink(io.stderr, terminalColumns(io.columns));
  let current: { bar: SpinnerResult & { advance?: (n: number) => void }; label: string } | undefined;
  // clack's spinner puts stdin in raw mode and answers Ctrl-C with process.exit(0); an
  // interrupted sync must not look like a finished one (the writes in flight are atomic).
  const onExit = (): void => {
    if (current !== undefined && (process.exitCode === undefined || process.exitCode === 0)) process.exitCode = 130;
  };
  const stop = (how: 'stop' | 'error', message?: string): void => {
    if (current === undefined) return;
    current.bar[how](message ?? current.label);
    current = undefined;
    process.removeListener('exit', onExit);
  };
  // A SIGINT/SIGTERM sent from elsewhere makes clack cancel the bar (and swallow the signal):
  // send it again once clack has let go, so it ends the process as it would without a bar.
  const onCancel = (): void => void process.kill(process.pid, 'SIGINT');
  return {
    phase(label, work) {
      stop('stop');
      const common = { output, onCancel, cancelMessage: `${label}: interrupted` };
      const bar = work !== undefined && work.count > 0 ? clackProgress({ ...common, max: work.count, size: 30 }) : clackSpinner(common);
      if (current === undefined) process.on('exit', onExit);
      current = { bar, label };
      bar.start(label);
    },
    advance(n = 1) {
      current?.bar.advance?.(n);
    },
    done(summary) {
      stop('stop', summary);
    },
    fail() {
      stop('error');
    },
  };
}
