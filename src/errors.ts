// Expected failures are typed; only the CLI entry point turns them into an exit code.

/** 0 done, 1 error, 2 usage, 3 conflicts left to resolve (README, "Exit codes"). */
export const EXIT = { ok: 0, error: 1, usage: 2, conflicts: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure the user can act on: `message` is one line that says what to do. */
export class ExitError extends Error {
  readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode = EXIT.error) {
    super(message);
    this.name = 'ExitError';
    this.exitCode = exitCode;
  }
}

export class UsageError extends ExitError {
  constructor(message: string) {
    super(message, EXIT.usage);
    this.name = 'UsageError';
  }
}

/** Turn anything thrown into one line for stderr. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
