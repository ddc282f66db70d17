// Bytes done of a phase, with the rate, for the progress bar's message and the plain lines
// (issue #10 item 3: a long push shows steady movement and a rate). The clock is passed in so
// a test can drive it.
import { formatBytes } from '../display-text.js';

/** Plain lines (no terminal) are printed each time another fifth of the phase is done. */
export const PLAIN_STEPS = 5;

export class ByteMeter {
  readonly total: number;
  #done = 0;
  #startedMs: number;
  #lastStep = 0;

  constructor(total: number, nowMs: number) {
    this.total = total;
    this.#startedMs = nowMs;
  }

  get done(): number {
    return this.#done;
  }

  /** Adds `bytes` (never past the total); returns how many were added. */
  add(bytes: number): number {
    const added = Math.max(0, Math.min(bytes, this.total - this.#done));
    this.#done += added;
    return added;
  }

  /** Bytes per second since the phase started (0 in its first 100 ms: no honest figure yet). */
  rate(nowMs: number): number {
    const seconds = (nowMs - this.#startedMs) / 1000;
    return seconds < 0.1 ? 0 : this.#done / seconds;
  }

  /** "45.2 MiB of 300.0 MiB (15%), 52.1 MiB/s" */
  describe(nowMs: number): string {
    const percent = this.total > 0 ? Math.floor((this.#done / this.total) * 100) : 100;
    const rate = this.rate(nowMs);
    return `${formatBytes(this.#done)} of ${formatBytes(this.total)} (${percent}%)${rate > 0 ? `, ${formatBytes(Math.round(rate))}/s` : ''}`;
  }

  /** "45.2 MiB/300.0 MiB, 52.1 MiB/s": the bar shows the share itself */
  compact(nowMs: number): string {
    const rate = this.rate(nowMs);
    return `${formatBytes(this.#done)}/${formatBytes(this.total)}${rate > 0 ? `, ${formatBytes(Math.round(rate))}/s` : ''}`;
  }

  /** True once per fifth of the total crossed since the last call (for the plain lines). */
  crossedStep(): boolean {
    if (this.total <= 0) return false;
    const step = Math.floor((this.#done / this.total) * PLAIN_STEPS);
    if (step <= this.#lastStep) return false;
    this.#lastStep = step;
    return true;
  }
}
