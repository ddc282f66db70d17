// How a command reports progress of a long run without knowing the terminal: the CLI hands in
// a sink (src/cli/progress.ts draws it with @clack/prompts, or prints plain lines, or nothing
// under --json); a command only says which phase it is in and how far it got.

/** How much a phase has to do: items (files, ops) and bytes, when known. */
export interface Work {
  count: number;
  bytes?: number;
  /** 'bytes': the phase advances by bytes (advanceBytes), and shows them and the rate */
  unit?: 'bytes';
}

export interface ProgressSink {
  /** a new phase; the previous one is finished. `label` says what, e.g. "reading 247 files (334.0 MiB) from ssh:pod" */
  phase(label: string, work?: Work): void;
  /** `n` items of the current phase are done */
  advance(n?: number): void;
  /** `n` more bytes of the current phase (a phase with `unit: 'bytes'`) were read or written */
  advanceBytes(n: number): void;
  /** the run finished: stop drawing (the command prints its result next) */
  done(summary?: string): void;
  /** the run failed: stop drawing, leave the error line to the caller */
  fail(): void;
}

/** A sink that shows nothing (`--json`, and runs inside other commands that draw their own). */
export const SILENT_PROGRESS: ProgressSink = { phase: () => undefined, advance: () => undefined, advanceBytes: () => undefined, done: () => undefined, fail: () => undefined };
