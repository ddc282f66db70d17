// (De)compression shares libuv's threadpool (4 threads) with every file read and write. Queued
// all at once, a 100 MB session's 13 parts held every thread, and the next group's read waited
// 0.9 s behind them while the main thread idled (issue #11). At most this many run at once,
// so file I/O always finds a free thread: the cores, up to 3.
import * as os from 'node:os';

// the agent may run on a remote's older node: availableParallelism came in 18.14
const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
export const CODEC_JOBS_AT_ONCE = Math.max(1, Math.min(3, cores));

let running = 0;
const waiting: Array<() => void> = [];

/** Runs `job` when fewer than CODEC_JOBS_AT_ONCE others run; in arrival order. */
export async function inCodecSlot<T>(job: () => Promise<T>): Promise<T> {
  if (running >= CODEC_JOBS_AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await job();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}
