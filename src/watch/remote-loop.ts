// One remote under `ccsync watch`: a kept connection, a sync when a local change was told, a
// cheap poll of the remote's manifest over the same connection (a sync when it differs from
// the previous poll), a full sync now and then as a safety net, and reconnection with
// backoff when the connection drops. One sync at a time per remote; everything it does is
// told as an event (the CLI prints one line each, or JSON). Time and I/O come in as `deps`
// so the state machine is tested without a network.
import type { Transport } from '../transport/transport.js';
import type { SyncPassResult } from '../sync/sync-pass.js';
import { describeError } from '../errors.js';

export type WatchTrigger = 'start' | 'local' | 'remote' | 'rescan' | 'reconnect';

export type WatchEvent =
  | { event: 'connected'; remote: string; at: string }
  | { event: 'disconnected'; remote: string; at: string; error: string; retryInMs: number }
  | { event: 'sync'; remote: string; at: string; trigger: WatchTrigger; ms: number; result: SyncPassResult }
  | { event: 'busy'; remote: string; at: string; message: string }
  | { event: 'error'; remote: string; at: string; message: string };

export interface RemoteLoopDeps {
  remote: string;
  connect(): Promise<Transport>;
  /** one sync pass over the open transport */
  sync(transport: Transport): Promise<SyncPassResult>;
  /** a digest of the remote's manifest as a sync would read it now (one turn) */
  poll(transport: Transport): Promise<string>;
  /** true for an error that leaves the connection usable (another run's lock) */
  isTransient(error: unknown): boolean;
  emit(event: WatchEvent): void;
  pollMs: number;
  /** a poll slower than this means a dead link (a sleeping laptop, a dropped Wi-Fi) */
  pollTimeoutMs: number;
  rescanMs: number;
  /** reconnect delays grow from min to max */
  backoff: { minMs: number; maxMs: number };
}

export interface RemoteLoop {
  /** a local change was told: sync soon */
  localChange(): void;
  /** resolves when stopped and the connection is closed */
  done: Promise<void>;
  stop(): void;
}

/** The one describer (src/errors.ts): a system error in words, never errno text. */
function describe(error: unknown): string {
  return describeError(error);
}

/** Rejects after `ms` (the poll of a dead link would otherwise wait for ssh's own timeout). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to ${what} in ${Math.round(ms / 1000)} s; the connection looks dead`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function startRemoteLoop(deps: RemoteLoopDeps): RemoteLoop {
  let stopped = false;
  let pending: WatchTrigger | undefined = 'start';
  let wake: (() => void) | undefined;
  const at = (): string => new Date().toISOString();
  const nudge = (): void => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  /** waits `ms`, or less if nudged (a local change, stop) */
  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        wake = undefined;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const run = async (): Promise<void> => {
    let transport: Transport | undefined;
    let delay = deps.backoff.minMs;
    let lastDigest: string | undefined;
    let lastFull = Date.now();
    const drop = async (error: unknown): Promise<void> => {
      const closing = transport;
      transport = undefined;
      lastDigest = undefined;
      await closing?.close().catch(() => undefined);
      if (stopped) return;
      deps.emit({ event: 'disconnected', remote: deps.remote, at: at(), error: describe(error), retryInMs: delay });
      await pause(delay);
      delay = Math.min(delay * 2, deps.backoff.maxMs);
    };
    while (!stopped) {
      if (transport === undefined) {
        try {
          transport = await deps.connect();
        } catch (error) {
          await drop(error);
          continue;
        }
        if (stopped) break;
        delay = deps.backoff.minMs;
        deps.emit({ event: 'connected', remote: deps.remote, at: at() });
        pending ??= 'reconnect';
      }
      if (pending === undefined && Date.now() - lastFull >= deps.rescanMs) pending = 'rescan';
      if (pending !== undefined) {
        const trigger = pending;
        pending = undefined;
        const started = Date.now();
        try {
          const result = await deps.sync(transport);
          lastFull = Date.now();
          // the next poll is compared with what this sync planned from: a change made on the
          // remote since its manifest was read shows as a difference (the sync's own writes
          // too: one more sync, with nothing to do, settles that)
          lastDigest = result.remoteDigest;
          deps.emit({ event: 'sync', remote: deps.remote, at: at(), trigger, ms: Date.now() - started, result });
        } catch (error) {
          if (deps.isTransient(error)) {
            deps.emit({ event: 'busy', remote: deps.remote, at: at(), message: describe(error) });
            pending = trigger;
            await pause(deps.pollMs);
          } else {
            await drop(error);
          }
        }
        continue;
      }
      await pause(deps.pollMs);
      if (stopped || pending !== undefined) continue;
      try {
        const digest = await within(deps.poll(transport), deps.pollTimeoutMs, 'a poll');
        if (digest !== lastDigest) pending = 'remote';
        lastDigest = digest;
      } catch (error) {
        await drop(error);
      }
    }
    await transport?.close().catch(() => undefined);
  };

  const done = run().catch((error: unknown) => {
    deps.emit({ event: 'error', remote: deps.remote, at: at(), message: describe(error) });
  });
  return {
    localChange: () => {
      pending ??= 'local';
      nudge();
    },
    done,
    stop: () => {
      stopped = true;
      nudge();
    },
  };
}
