// The per-remote loop of `ccsync watch` (src/watch/remote-loop.ts) with fake I/O: a sync on
// start and on each local change, a sync when a poll differs from the last sync's manifest,
// one `disconnected` line per failure with growing delays, a busy lock that keeps the
// connection, and a stop that closes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startRemoteLoop, type RemoteLoopDeps, type WatchEvent } from '../../src/watch/remote-loop.js';
import type { SyncPassResult } from '../../src/sync/sync-pass.js';
import type { Transport } from '../../src/transport/transport.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function result(digest: string): SyncPassResult {
  return { done: 0, failed: 0, skipped: 0, conflicts: 0, bytes: 0, written: [], notes: [], warnings: [], remoteDigest: digest };
}

class Busy extends Error {}

interface World {
  events: WatchEvent[];
  syncs: string[];
  closed: number;
  remoteDigest: string;
  connectFailures: number;
  syncFailure: Error | undefined;
  deps: RemoteLoopDeps;
}

function world(): World {
  const w: World = { events: [], syncs: [], closed: 0, remoteDigest: 'd1', connectFailures: 0, syncFailure: undefined, deps: undefined as never };
  const transport: Transport = {
    label: 'fake',
    turns: 0,
    manifest: () => Promise.reject(new Error('not used')),
    read: () => Promise.resolve([]),
    write: () => Promise.resolve([]),
    close: async () => {
      w.closed++;
    },
  };
  w.deps = {
    remote: 'pod',
    connect: async () => {
      if (w.connectFailures > 0) {
        w.connectFailures--;
        throw new Error('connection refused');
      }
      return transport;
    },
    sync: async () => {
      if (w.syncFailure) {
        const failure = w.syncFailure;
        w.syncFailure = undefined;
        throw failure;
      }
      w.syncs.push(w.remoteDigest);
      return result(w.remoteDigest);
    },
    poll: async () => w.remoteDigest,
    isTransient: (error) => error instanceof Busy,
    emit: (event) => w.events.push(event),
    pollMs: 20,
    pollTimeoutMs: 1_000,
    rescanMs: 60_000,
    backoff: { minMs: 10, maxMs: 40 },
  };
  return w;
}

test('a sync on start, on a local change, and when a poll differs from the last sync', async () => {
  const w = world();
  const loop = startRemoteLoop(w.deps);
  await sleep(100);
  assert.deepEqual(w.syncs, ['d1'], 'one sync on start; equal polls start none');
  loop.localChange();
  await sleep(50);
  assert.equal(w.syncs.length, 2);
  w.remoteDigest = 'd2';
  await sleep(100);
  assert.deepEqual(w.syncs, ['d1', 'd1', 'd2']);
  const triggers = w.events.flatMap((event) => (event.event === 'sync' ? [event.trigger] : []));
  assert.deepEqual(triggers, ['start', 'local', 'remote']);
  loop.stop();
  await loop.done;
  assert.equal(w.closed, 1, 'the connection is closed on stop');
});

test('failures: one disconnected event each, delays growing to the maximum, then connected and a sync', async () => {
  const w = world();
  w.connectFailures = 4;
  const loop = startRemoteLoop(w.deps);
  await sleep(400);
  const drops = w.events.flatMap((event) => (event.event === 'disconnected' ? [event.retryInMs] : []));
  assert.deepEqual(drops, [10, 20, 40, 40]);
  assert.deepEqual(w.events.filter((event) => event.event === 'connected').length, 1);
  assert.deepEqual(w.syncs, ['d1']);
  // a sync that fails on the connection: dropped, reconnected, synced again
  w.syncFailure = new Error('ssh:pod: the connection ended');
  loop.localChange();
  await sleep(200);
  assert.equal(w.events.filter((event) => event.event === 'connected').length, 2);
  assert.equal(w.syncs.length, 2);
  loop.stop();
  await loop.done;
});

test('a lock held by another run keeps the connection and retries the same sync', async () => {
  const w = world();
  w.syncFailure = new Busy('another ccsync run holds the lock');
  const loop = startRemoteLoop(w.deps);
  await sleep(150);
  assert.equal(w.events.filter((event) => event.event === 'busy').length, 1);
  assert.equal(w.events.filter((event) => event.event === 'disconnected').length, 0);
  const first = w.events.find((event) => event.event === 'sync');
  assert.ok(first?.event === 'sync' && first.trigger === 'start', 'the start sync ran once the lock was free');
  assert.equal(w.closed, 0);
  loop.stop();
  await loop.done;
});
