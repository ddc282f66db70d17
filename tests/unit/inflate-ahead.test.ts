// The agent's write batches inflate ahead of their turn (src/agent/inflate-ahead.ts): the oldest
// waiting batch gets each freed slot, never more than the limit are started and not yet taken,
// and a batch taken before its slot came inflates then.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InflateAhead } from '../../src/agent/inflate-ahead.js';

test('at most `limit` batches inflate ahead; a taken one frees its slot for the oldest waiting', async () => {
  const started: number[] = [];
  const ahead = new InflateAhead(2);
  const take = [0, 1, 2, 3].map((index) =>
    ahead.add(async () => {
      started.push(index);
      return Buffer.from([index]);
    }),
  );
  assert.deepEqual(started, [0, 1], 'two start on arrival, the others wait');
  assert.deepEqual(await take[0]?.(), Buffer.from([0]));
  assert.deepEqual(started, [0, 1, 2], 'the oldest waiting one took the freed slot');
  assert.deepEqual(await take[3]?.(), Buffer.from([3]), 'taken before its slot came: inflated then');
  assert.deepEqual(started, [0, 1, 2, 3]);
  assert.deepEqual(await take[1]?.(), Buffer.from([1]));
  assert.deepEqual(await take[2]?.(), Buffer.from([2]));
});

test('a batch that fails to inflate fails in its turn, not before', async () => {
  const ahead = new InflateAhead(1);
  const bad = ahead.add(() => Promise.reject(new Error('corrupt body')));
  await new Promise((resolve) => setImmediate(resolve)); // no unhandled rejection meanwhile
  await assert.rejects(bad(), /corrupt body/);
});
