// Turns "how far along" (a fraction, or bytes handled) into the byte deltas a transport's
// `onBytes` takes (transport.ts), never more than the batch's total and never backwards.
import type { OnBytes } from './transport.js';

/** A reporter of progress as a fraction of `total` bytes; `finish()` reports the rest. */
export function fractionReporter(total: number, onBytes: OnBytes | undefined): { at(fraction: number): void; finish(): void } {
  let reported = 0;
  const at = (fraction: number): void => {
    const now = Math.floor(total * Math.min(1, Math.max(0, fraction)));
    if (onBytes === undefined || now <= reported) return;
    onBytes(now - reported);
    reported = now;
  };
  return { at, finish: () => at(1) };
}
