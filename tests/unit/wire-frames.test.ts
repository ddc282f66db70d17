// Frames between ccsync and its agent (src/wire/wire-frames.ts): plain and compressed
// headers decode to the same value in any chunking; hostile compressed headers are refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { brotliCompressSync } from 'node:zlib';
import { encodeFrame, FRAME_MAGIC, FRAME_MAGIC_BR_HEADER, FrameDecoder, FrameError, MAX_HEADER_BYTES } from '../../src/wire/wire-frames.js';

const bigHeader = {
  op: 'manifest',
  files: Array.from({ length: 300 }, (_, i) => ({ path: `projects/-home-alice-code-p/${String(i).padStart(8, '0')}-session.jsonl`, size: i * 1000, mtimeMs: 1_700_000_000_000 + i })),
};

function decodeInChunks(parts: Buffer[], chunk: number): unknown[] {
  const all = Buffer.concat(parts);
  const decoder = new FrameDecoder();
  const out: unknown[] = [];
  for (let i = 0; i < all.length; i += chunk) out.push(...decoder.push(all.subarray(i, i + chunk)).map((frame) => frame.header));
  assert.equal(decoder.pending, 0);
  return out;
}

test('a large header is compressed when asked, and decodes to the same value in any chunking', () => {
  const plain = encodeFrame(bigHeader, Buffer.from('body'));
  const packed = encodeFrame(bigHeader, Buffer.from('body'), { compressHeader: true });
  assert.deepEqual(plain[0]?.subarray(0, 4), FRAME_MAGIC);
  assert.deepEqual(packed[0]?.subarray(0, 4), FRAME_MAGIC_BR_HEADER);
  const plainLength = Buffer.concat(plain).length;
  const packedLength = Buffer.concat(packed).length;
  assert.ok(packedLength * 4 < plainLength, `compressed frame ${packedLength} B vs plain ${plainLength} B`);
  for (const chunk of [1, 7, 4096, packedLength]) assert.deepEqual(decodeInChunks(packed, chunk), [bigHeader]);
  assert.deepEqual(decodeInChunks([...plain, ...packed], 13), [bigHeader, bigHeader]);
});

test('a small header stays plain even when compression is allowed', () => {
  const parts = encodeFrame({ id: 1, op: 'info' }, undefined, { compressHeader: true });
  assert.deepEqual(parts[0]?.subarray(0, 4), FRAME_MAGIC);
  assert.deepEqual(decodeInChunks(parts, 3), [{ id: 1, op: 'info' }]);
});

function rawFrame(magic: Buffer, header: Buffer): Buffer {
  const head = Buffer.alloc(8);
  magic.copy(head, 0);
  head.writeUInt32BE(header.length, 4);
  return Buffer.concat([head, header, Buffer.alloc(4)]);
}

test('a compressed header that is not brotli, or inflates past the cap, is a FrameError', () => {
  assert.throws(() => new FrameDecoder().push(rawFrame(FRAME_MAGIC_BR_HEADER, Buffer.from('not brotli at all'))), FrameError);
  const bomb = brotliCompressSync(Buffer.alloc(MAX_HEADER_BYTES + 1, 0x20));
  assert.ok(bomb.length < 64 * 1024);
  assert.throws(() => new FrameDecoder().push(rawFrame(FRAME_MAGIC_BR_HEADER, bomb)), /at most/);
});

test('pipelined frames split across chunks at any point decode to their own headers and bodies', () => {
  const frames = [
    { header: { id: 1, op: 'write' }, body: Buffer.alloc(3000, 1) },
    { header: { id: 2 }, body: Buffer.alloc(0) },
    { header: { id: 3, op: 'write' }, body: Buffer.from('the third body') },
  ];
  const all = Buffer.concat(frames.flatMap((frame) => encodeFrame(frame.header, frame.body)));
  for (const chunk of [1, 5, 1000, 3019, all.length]) {
    const decoder = new FrameDecoder();
    const out = [];
    for (let i = 0; i < all.length; i += chunk) out.push(...decoder.push(all.subarray(i, i + chunk)));
    assert.equal(decoder.pending, 0, `chunk ${chunk}`);
    assert.deepEqual(out.map((frame) => frame.header), frames.map((frame) => frame.header), `chunk ${chunk}`);
    assert.deepEqual(out.map((frame) => frame.body), frames.map((frame) => frame.body), `chunk ${chunk}`);
  }
});

test('FrameDecoder.partial: how much of the frame in flight is here, once its length is known', async () => {
  const { encodeFrame: encode, FrameDecoder: Decoder } = await import('../../src/wire/wire-frames.js');
  const wire = Buffer.concat(encode({ op: 'read' }, Buffer.alloc(100_000, 1)));
  const decoder = new Decoder();
  assert.equal(decoder.partial, undefined);
  decoder.push(wire.subarray(0, 5));
  assert.equal(decoder.partial, undefined, 'the length is not known yet');
  decoder.push(wire.subarray(5, 50_000));
  assert.deepEqual(decoder.partial, { received: 50_000, total: wire.length });
  const frames = decoder.push(wire.subarray(50_000));
  assert.equal(frames.length, 1);
  assert.equal(decoder.partial, undefined, 'nothing in flight once the frame is whole');
});
