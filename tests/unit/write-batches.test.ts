// Big writes go to the agent as several pipelined requests (src/transport/write-batches.ts):
// the batches keep the ops' order, never split an op, send in order even when a later batch
// compresses first, and their bodies decompress to exactly the ops' data.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packBatch, sendWriteBatches, splitWrites, WRITE_BATCH_BYTES } from '../../src/transport/write-batches.js';
import { compressPartsAsync, decompressBody } from '../../src/wire/body-codec.js';
import { BODY_PART_BYTES, cutIntoParts, decompressPartsAsync, partBytesFor } from '../../src/wire/body-parts.js';
import { FrameError } from '../../src/wire/frame-error.js';
import type { WriteOp } from '../../src/wire/protocol.js';

function put(name: string, bytes: number, fill: number): WriteOp {
  return { kind: 'put', path: `projects/p/${name}.jsonl`, expect: { absent: true }, data: Buffer.alloc(bytes, fill), mtimeMs: 1, backup: false };
}

test('splitWrites keeps the order, never splits an op, and fills batches up to the limit', () => {
  const ops: WriteOp[] = [put('a', 6, 1), put('b', 5, 2), { kind: 'remove', path: 'projects/p/c.jsonl', expect: { any: true }, backup: true }, put('d', 30, 3), put('e', 1, 4)];
  const batches = splitWrites(ops, 10);
  assert.deepEqual(batches.map((batch) => batch.map((op) => op.path.slice(-7, -6))), [['a'], ['b', 'c'], ['d'], ['e']]);
  assert.deepEqual(batches.flat(), ops);
  assert.equal(splitWrites(ops).length, 1, 'an incremental-sized write stays one request');
});

test('packBatch indexes the body by dataLength, in op order', () => {
  const packed = packBatch([put('a', 3, 7), { kind: 'backup', path: 'projects/p/b.jsonl' }, put('c', 2, 9)]);
  assert.deepEqual(Buffer.concat(packed.parts), Buffer.from([7, 7, 7, 9, 9]));
  assert.equal(packed.rawLength, 5);
  assert.deepEqual(packed.wire.map((op) => ('dataLength' in op ? op.dataLength : -1)), [3, -1, 2]);
  assert.ok(packed.wire.every((op) => !('data' in op)));
});

test('sendWriteBatches sends the batches in order with bodies that decompress to their data', async () => {
  // four batches; the small second one finishes compressing before the big first one
  const ops = [put('a', WRITE_BATCH_BYTES, 1), put('b', 1000, 2), put('c', WRITE_BATCH_BYTES, 3), put('d', 1000, 4)];
  const sent: string[] = [];
  let handedOn = -1;
  let answered = 0;
  let answeredWhenHandedOn = -1;
  const results = await sendWriteBatches(
    ops,
    'br',
    async (batch, { body, parts }) => {
      assert.equal(parts === undefined, batch.rawLength <= 1024 * 1024, 'over 1 MB a body goes in parts');
      const index = sent.push(batch.wire.map((op) => op.path).join(',')) - 1;
      const raw = parts === undefined ? decompressBody('br', body, batch.rawLength) : Buffer.concat(await decompressPartsAsync('br', body, parts, batch.rawLength));
      const op = ops[index];
      assert.ok(op !== undefined && 'data' in op && raw.equals(op.data), 'the body inflates to the op data');
      assert.ok(body.length < batch.rawLength, 'the body is compressed');
      await new Promise((resolve) => setTimeout(resolve, index === 0 ? 20 : 0)); // answers may come late
      answered++;
      return batch.wire.map((op) => op.path);
    },
    () => {
      handedOn = sent.length;
      answeredWhenHandedOn = answered;
    },
  );
  assert.deepEqual(sent, ops.map((op) => op.path), 'one batch per op here, sent in op order');
  assert.deepEqual(results, ops.map((op) => op.path));
  assert.equal(handedOn, ops.length, 'told once every batch was sent');
  assert.ok(answeredWhenHandedOn < ops.length, 'before the answers were all in');
});

test('sendWriteBatches passes a failed batch on as the rejection', async () => {
  const ops = [put('a', WRITE_BATCH_BYTES, 1), put('b', WRITE_BATCH_BYTES, 2)];
  await assert.rejects(
    sendWriteBatches(ops, 'gzip', async (batch) => {
      if (batch.wire[0]?.path.endsWith('b.jsonl')) throw new Error('disk full');
      return [1];
    }),
    /disk full/,
  );
});

test('a batch of several parts compresses as one stream that decompresses to the parts joined', async () => {
  const parts = [Buffer.from('{"a":1}\n'.repeat(5000)), Buffer.alloc(0), Buffer.from('{"b":"é"}\n'.repeat(3000)), Buffer.from([0, 255, 1])];
  const joined = Buffer.concat(parts);
  for (const codec of ['br', 'gzip', 'none'] as const) {
    const body = await compressPartsAsync(codec, parts);
    assert.deepEqual(decompressBody(codec, body, joined.length), joined, codec);
    if (codec !== 'none') assert.ok(body.length < joined.length / 10, `${codec} compresses`);
  }
});

test('a batch over two parts is compressed as independent parts that inflate back in order', async () => {
  const data = Buffer.alloc(2 * BODY_PART_BYTES + 1000);
  for (let index = 0; index < data.length; index++) data[index] = (index * 7) % 251;
  const big: WriteOp = { kind: 'put', path: 'projects/p/big.jsonl', expect: { absent: true }, data, mtimeMs: 1, backup: false };
  const ops = [big];
  let seen = 0;
  await sendWriteBatches(ops, 'br', async (batch, { body, parts }) => {
    seen++;
    assert.ok(parts !== undefined, 'several parts');
    assert.deepEqual(parts.map(([, raw]) => raw), [BODY_PART_BYTES, BODY_PART_BYTES, 1000]);
    const inflated = await decompressPartsAsync('br', body, parts, batch.rawLength);
    assert.deepEqual(inflated.map((part) => part.length), [BODY_PART_BYTES, BODY_PART_BYTES, 1000], 'each part inflated on its own, not joined');
    assert.ok(Buffer.concat(inflated).equals(data));
    await assert.rejects(decompressPartsAsync('br', body, parts.slice(1), batch.rawLength), FrameError, 'parts that do not add up are refused');
    return batch.wire.map((op) => op.path);
  });
  assert.equal(seen, 1);
});

test('cutIntoParts cuts across pieces into runs of the part size, as views', () => {
  const pieces = [Buffer.from('abcde'), Buffer.from('fg'), Buffer.from('hijklmn')];
  const parts = cutIntoParts(pieces, 4);
  assert.deepEqual(parts.map((part) => Buffer.concat(part).toString()), ['abcd', 'efgh', 'ijkl', 'mn']);
  assert.equal(parts[0]?.[0]?.buffer, pieces[0]?.buffer);
});

test('partBytesFor: one stream up to 1 MB, halves up to 16 MB, 8 MB runs above', () => {
  assert.equal(partBytesFor(1024 * 1024), undefined);
  assert.equal(partBytesFor(3 * 1024 * 1024), 1.5 * 1024 * 1024);
  assert.equal(partBytesFor(1024 * 1024 + 2), 1024 * 1024, 'never under 1 MB a part');
  assert.equal(partBytesFor(100 * 1024 * 1024), BODY_PART_BYTES);
});
