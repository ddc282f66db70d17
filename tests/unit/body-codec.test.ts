// Frame bodies (src/wire/body-codec.ts): a body inflates to exactly what was announced, never
// more, and the pieces zlib hands back are joined without a copy when they lie side by side.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compressBody, decompressBodyAsync, joinPieces } from '../../src/wire/body-codec.js';
import { PieceReader } from '../../src/wire/body-parts.js';
import { FrameError } from '../../src/wire/frame-error.js';

const text = Buffer.from('{"cwd":"/home/alice/code","n":1}\n'.repeat(200_000)); // ~6.6 MB: several output pieces

test('a compressed body inflates to its bytes with either codec', async () => {
  for (const codec of ['br', 'gzip'] as const) {
    const out = await decompressBodyAsync(codec, compressBody(codec, text), text.length);
    assert.ok(out.equals(text), codec);
  }
});

test('a body that inflates to more or less than announced is refused', async () => {
  const body = compressBody('br', text);
  await assert.rejects(decompressBodyAsync('br', body, text.length - 1), FrameError);
  await assert.rejects(decompressBodyAsync('br', body, text.length + 1), FrameError);
  await assert.rejects(decompressBodyAsync('gzip', Buffer.from('not gzip at all'), 10), FrameError);
});

test('joinPieces makes one view of adjacent pieces and copies the others', () => {
  const whole = Buffer.alloc(10); // its own memory, not the shared pool
  whole.write('abcdefghij');
  const adjacent = joinPieces([whole.subarray(0, 3), whole.subarray(3, 7), whole.subarray(7)], 10);
  assert.equal(adjacent.toString(), 'abcdefghij');
  assert.ok(adjacent.buffer === whole.buffer && adjacent.byteOffset === whole.byteOffset, 'no copy');
  const apart = joinPieces([whole.subarray(0, 3), whole.subarray(5, 8)], 6);
  assert.equal(apart.toString(), 'abcfgh');
  assert.ok(apart.buffer !== whole.buffer, 'a copy');
  assert.equal(joinPieces([], 0).length, 0);
});

// The agent takes each op's data out of a write body held as inflated parts (agent-main.ts,
// unpackWrites): a view where the op lies in one part, a join only where it spans parts.
test('PieceReader: views within a piece, a join across pieces, empty pieces skipped, short bodies refused', () => {
  const pieces = [Buffer.from('abc'), Buffer.alloc(0), Buffer.from('defg'), Buffer.from('h')];
  const reader = new PieceReader(pieces);
  assert.equal(reader.left, 8);
  const first = reader.take(2);
  assert.equal(first?.toString(), 'ab');
  assert.equal(first?.buffer, pieces[0]?.buffer, 'inside one piece: a view, not a copy');
  assert.equal(reader.take(0)?.length, 0);
  const spanning = reader.take(3);
  assert.equal(spanning?.toString(), 'cde', 'across the empty piece into the next');
  const inside = reader.take(3);
  assert.equal(inside?.toString(), 'fgh');
  assert.equal(reader.left, 0);
  assert.equal(reader.take(1), undefined, 'past the end: nothing');
  const short = new PieceReader([Buffer.from('xy')]);
  assert.equal(short.take(3), undefined, 'fewer bytes left than asked');
});
