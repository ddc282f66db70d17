// Progress of long operations (issue #5: "progress bars for long operations … on a TTY; plain
// lines otherwise; `--json` for scripts"). On a terminal: a @clack/prompts bar (a phase with a
// count) or spinner, drawn on stderr. Without one: one plain line per *long* phase, so small
// runs stay quiet and scripts reading stderr see nothing new. With --json: nothing at all.
import { Writable } from 'node:stream';
import { progress as clackProgress, spinner as clackSpinner, type SpinnerResult } from '@clack/prompts';
import type { ProcessIO } from '../commands/context.js';
import { SILENT_PROGRESS, type ProgressSink, type Work } from '../commands/progress-sink.js';
import { ByteMeter } from './byte-meter.js';

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

function byteMeter(work: Work | undefined): ByteMeter | undefined {
  return work?.unit === 'bytes' && (work.bytes ?? 0) > 0 ? new ByteMeter(work.bytes ?? 0, Date.now()) : undefined;
}

function plainProgress(write: (text: string) => void): ProgressSink {
  // a long byte phase also gets a line per fifth done: a log shows the run moving, and its rate
  let meter: ByteMeter | undefined;
  return {
    phase(label, work) {
      // (by bytes only: sixty small files take no time, they need no more lines)
      meter = (work?.bytes ?? 0) > LONG_BYTES ? byteMeter(work) : undefined;
      if (isLong(work)) write(`${label}…\n`);
    },
    advance: () => undefined,
    advanceBytes(n) {
      if (meter === undefined || meter.add(n) === 0 || !meter.crossedStep()) return;
      write(`  ${meter.describe(Date.now())}\n`);
    },
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

/** What clack draws around a bar's message: the spinner mark, two spaces, the bar, a space; after it, up to 3 animated dots. */
const BAR_ROOM = 3 + 30 + 1 + 3;
const SPINNER_ROOM = 3 + 3;

/** "reading 4 file(s) (40.0 MiB) from ssh:pod" without the size: the bytes line shows it. */
function withoutSize(label: string): string {
  return label.replace(/ \([0-9.]+ (?:B|KiB|MiB)\)/, '');
}

/** One terminal line: clack redraws a wrapped message badly, so a long one is cut. */
export function fitLine(text: string, width: number): string {
  const room = Math.max(20, width - 1);
  return text.length <= room ? text : `${text.slice(0, room - 1)}…`;
}

function terminalProgress(io: ProgressIO): ProgressSink {
  const output = new TerminalSink(io.stderr, terminalColumns(io.columns));
  let current: { bar: SpinnerResult & { advance?: (n: number, message?: string) => void }; label: string; meter?: ByteMeter } | undefined;
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
      const meter = byteMeter(work);
      const max = meter?.total ?? work?.count ?? 0;
      const bar = max > 0 ? clackProgress({ ...common, max, size: 30 }) : clackSpinner(common);
      if (current === undefined) process.on('exit', onExit);
      current = { bar, label, ...(meter ? { meter } : {}) };
      bar.start(fitLine(label, output.columns - (max > 0 ? BAR_ROOM : SPINNER_ROOM)));
    },
    advance(n = 1) {
      if (current?.meter === undefined) current?.bar.advance?.(n);
    },
    advanceBytes(n) {
      const meter = current?.meter;
      if (current === undefined || meter === undefined) return;
      const added = meter.add(n);
      if (added > 0) current.bar.advance?.(added, fitLine(`${meter.compact(Date.now())} · ${withoutSize(current.label)}`, output.columns - BAR_ROOM));
    },
    done(summary) {
      stop('stop', summary);
    },
    fail() {
      stop('error');
    },
  };
}
