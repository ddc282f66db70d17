// Frame bodies: compressed by the codec the peer announced (issue #3: file data travels raw in
// the body; issue #11: a first sync's hundreds of MB are compressed for speed, on the libuv
// threadpool, and never joined or copied more than once on either side).
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, brotliDecompressSync, constants as zlibConstants, createBrotliCompress, createBrotliDecompress, createGunzip, createGzip, gunzipSync, gzip, gzipSync } from 'node:zlib';
import { FrameError } from './frame-error.js';
import { inCodecSlot } from './codec-slots.js';

export type Codec = 'none' | 'gzip' | 'br';

/** Bodies above this are compressed for speed rather than size (a first sync: issue #3's wall goal). */
export const BIG_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Bodies above this take the fast settings below: a new 2 MB session (a day of work) compresses
 * in ~20 ms instead of ~50 ms at quality 6, for ~10% more bytes (issue #11: 415 vs 381 KB, rsync 495).
 */
export const FAST_BODY_BYTES = 1024 * 1024;

// Quality 6 for ordinary batches: 5 appended 50 KB tails take 4.6 ms of CPU instead of q8's
// 10.5 ms for 2.5% more bytes (50.2 vs 49.0 KB; a 2.3 MB day of work 17 vs 27 ms, 169 vs 163 KB;
// issue #11, still well under rsync's bytes). A big batch (a first sync) takes 4: on the bench
// corpus ~1.6× faster than 5 for ~5% more bytes (ratio 5.8 vs 6.2; gzip -6 is 5.6, brotli 3 only
// 4.9 — more bytes than rsync's zstd), and a 1 MB window instead of 4 MB: 25% less CPU
// (116 vs 93 MB/s per core) for <1% more bytes (ratio 5.78 vs 5.83).
function brotliOptions(length: number): { params: Record<number, number> } {
  const big = length > FAST_BODY_BYTES;
  return {
    params: {
      [zlibConstants.BROTLI_PARAM_QUALITY]: big ? 4 : 6,
      ...(big ? { [zlibConstants.BROTLI_PARAM_LGWIN]: 20 } : {}),
      [zlibConstants.BROTLI_PARAM_SIZE_HINT]: length,
    },
  };
}

/** One compressed stream per body: a batch of tails shares its context (issue #3, appends goal). */
export function compressBody(codec: Codec, body: Buffer): Buffer {
  if (codec === 'none' || body.length === 0) return body;
  if (codec === 'gzip') return gzipSync(body, { level: 6 });
  return brotliCompressSync(body, brotliOptions(body.length));
}

const brotliCompressAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Output in ~1 MB pieces, not zlib's 16 KB ones: a callback and a copy per piece add up over hundreds of MB. */
function outputChunkSize(length: number): number {
  return Math.min(Math.max(length >> 2, 64 * 1024), 1024 * 1024);
}

/** compressBody on the libuv threadpool: big batches compress in parallel, off the main thread. */
export async function compressBodyAsync(codec: Codec, body: Buffer): Promise<Buffer> {
  if (codec === 'none' || body.length === 0) return body;
  const chunkSize = outputChunkSize(body.length);
  return inCodecSlot(() => (codec === 'gzip' ? gzipAsync(body, { level: 6, chunkSize }) : brotliCompressAsync(body, { ...brotliOptions(body.length), chunkSize })));
}

/**
 * One body made of `parts`, compressed as one stream without joining them first: a first
 * sync's write batches are files side by side, and joining them cost a copy of every byte
 * into fresh memory (~0.4 s per 334 MB, and the page faults; issue #11).
 */
export async function compressPartsAsync(codec: Codec, parts: readonly Buffer[]): Promise<Buffer> {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  const [only] = parts;
  if (parts.length === 1 && only !== undefined) return compressBodyAsync(codec, only);
  if (codec === 'none' || length === 0) return Buffer.concat(parts, length);
  const chunkSize = outputChunkSize(length);
  const out: Buffer[] = [];
  await inCodecSlot(() => {
    const stream = codec === 'gzip' ? createGzip({ level: 6, chunkSize }) : createBrotliCompress({ ...brotliOptions(length), chunkSize });
    const done = new Promise<void>((resolve, reject) => {
      stream.on('data', (piece: Buffer) => out.push(piece));
      stream.on('end', resolve);
      stream.on('error', reject);
    });
    for (const part of parts) if (part.length > 0) stream.write(part);
    stream.end();
    return done;
  });
  return joinPieces(out, out.reduce((sum, piece) => sum + piece.length, 0));
}

/**
 * The announced length bounds the output, and is also the size of zlib's output pieces: one
 * piece, no concatenation (zlib's default 16 KB pieces cost a callback and a copy each: ~1 s
 * per 334 MB on the agent; issue #11).
 */
function inflateOptions(expectedLength: number): { maxOutputLength: number; chunkSize: number } {
  const length = Math.max(expectedLength, 1);
  return { maxOutputLength: length, chunkSize: Math.max(64, Math.min(length, 64 * 1024 * 1024)) };
}

export function decompressBody(codec: Codec, body: Buffer, expectedLength: number): Buffer {
  if (codec === 'none' || body.length === 0) {
    // Uncompressed (or empty) bodies are checked too: the announced length is what callers trust.
    if (body.length !== expectedLength) throw new FrameError(`a body of ${body.length} bytes, ${expectedLength} announced`);
    return body;
  }
  const options = inflateOptions(expectedLength);
  const out = codec === 'gzip' ? gunzipSync(body, options) : brotliDecompressSync(body, options);
  if (out.length !== expectedLength) throw new FrameError(`a body decompressed to ${out.length} bytes, ${expectedLength} announced`);
  return out;
}

/**
 * Pieces that lie side by side in one allocation as one view, without a copy: zlib fills its
 * output buffer in several pushes when the input ends mid-buffer, and joining them copied
 * every decompressed byte once more into fresh memory (~0.25 s and ~350 MB of page faults per
 * 334 MB on the agent; issue #11).
 */
export function joinPieces(pieces: readonly Buffer[], length: number): Buffer {
  const [first] = pieces;
  if (first === undefined) return Buffer.alloc(0);
  if (pieces.length === 1) return first;
  let next = first.byteOffset;
  const adjacent = pieces.every((piece) => {
    const fits = piece.buffer === first.buffer && piece.byteOffset === next;
    next += piece.length;
    return fits;
  });
  return adjacent ? Buffer.from(first.buffer, first.byteOffset, length) : Buffer.concat(pieces, length);
}

/**
 * decompressBody on the libuv threadpool (issue #11): the agent inflates the next write batch
 * while it writes the one before, and keeps reading the pipe meanwhile. The output stops at the
 * announced length: a body that inflates to more is refused before it is all in memory.
 */
export async function decompressBodyAsync(codec: Codec, body: Buffer, expectedLength: number): Promise<Buffer> {
  if (codec === 'none' || body.length === 0) return decompressBody(codec, body, expectedLength);
  const { chunkSize } = inflateOptions(expectedLength);
  const pieces: Buffer[] = [];
  let length = 0;
  await inCodecSlot(() => new Promise<void>((resolve, reject) => {
    const stream = codec === 'gzip' ? createGunzip({ chunkSize }) : createBrotliDecompress({ chunkSize });
    stream.on('data', (piece: Buffer) => {
      length += piece.length;
      if (length > expectedLength) {
        stream.destroy();
        reject(new FrameError(`a body decompressed to more than the ${expectedLength} bytes announced`));
      } else pieces.push(piece);
    });
    stream.on('end', resolve);
    stream.on('error', (error) => reject(new FrameError(`a body does not decompress (${error.message})`)));
    stream.end(body);
  }));
  if (length !== expectedLength) throw new FrameError(`a body decompressed to ${length} bytes, ${expectedLength} announced`);
  return joinPieces(pieces, length);
}
