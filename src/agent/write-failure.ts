// The checks every write op makes of its inputs and of the file it finds, shared by file-ops.ts
// and append-journal.ts. A failed check is a WriteFailure: `changed` (the file moved on since
// the manifest: a race, reported and left for the next run) or `refused` (bad input).
import type { Stats } from 'node:fs';

/** A write that did not happen for a reason the engine understands (WriteResult `code`). */
export class WriteFailure extends Error {
  readonly code: 'changed' | 'refused';
  constructor(code: 'changed' | 'refused', message: string) {
    super(message);
    this.name = 'WriteFailure';
    this.code = code;
  }
}

export function checkCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new WriteFailure('refused', `${what} must be a non-negative integer, got ${value}`);
}

export function checkTime(value: number): void {
  if (!Number.isFinite(value)) throw new WriteFailure('refused', `mtimeMs must be a finite number, got ${value}`);
}

export function expectSize(rel: string, current: Pick<Stats, 'size'> | undefined, size: number): void {
  if (current === undefined) throw new WriteFailure('changed', `${rel} no longer exists`);
  if (current.size !== size) throw new WriteFailure('changed', `${rel} is ${current.size} bytes, ${size} expected`);
}
