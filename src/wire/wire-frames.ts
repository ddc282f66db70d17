// Frames on the SSH pipe between ccsync and its remote agent (issue #3: "a framed, versioned
// protocol on stdin/stdout"). A frame is
//   "CCS1" | u32 header length | header (JSON, UTF-8) | u32 body length | body (raw bytes)
// File data travels raw in the body, never base64. Sizes are capped so a hostile or broken
// peer cannot make the other side allocate without bound. A frame whose magic is "CCSb" has
// its header brotli-compressed (a manifest of a few hundred sessions is ~50 KB of JSON, ~8 KB
// compressed: issue #3's no-change goal); only peers that announce 'br' are sent one.
import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants } from 'node:zlib';
import { BIG_BODY_BYTES } from './body-codec.js';
import { FrameError } from './frame-error.js';

export const FRAME_MAGIC = Buffer.from('CCS1', 'latin1');
export const FRAME_MAGIC_BR_HEADER = Buffer.from('CCSb', 'latin1');
/** Headers shorter than this are sent as they are: compressing them saves nothing worth a call. */
const COMPRESS_HEADER_FROM = 1024;
export const MAX_HEADER_BYTES = 8 * 1024 * 1024;
export const MAX_BODY_BYTES = 512 * 1024 * 1024;

export interface Frame {
  header: unknown;
  body: Buffer;
}

export { FrameError };

export function encodeFrame(header: unknown, body: Buffer = Buffer.alloc(0), options: { compressHeader?: boolean } = {}): Buffer[] {
  let json: Buffer = Buffer.from(JSON.stringify(header), 'utf8');
  if (json.length > MAX_HEADER_BYTES) throw new FrameError(`frame header of ${json.length} bytes is over the cap`);
  if (body.length > MAX_BODY_BYTES) throw new FrameError(`frame body of ${body.length} bytes is over the cap`);
  let magic = FRAME_MAGIC;
  if (options.compressHeader === true && json.length >= COMPRESS_HEADER_FROM) {
    json = compressHeader(json, body.length > BIG_BODY_BYTES);
    magic = FRAME_MAGIC_BR_HEADER;
  }
  const head = Buffer.alloc(8);
  magic.copy(head, 0);
  head.writeUInt32BE(json.length, 4);
  const bodyLength = Buffer.alloc(4);
  bodyLength.writeUInt32BE(body.length, 0);
  return [head, json, bodyLength, body];
}

/** Incremental decoder: feed it chunks as they arrive, in any split; it returns whole frames. */
export class FrameDecoder {
  #chunks: Buffer[] = [];
  #buffered = 0;

  push(chunk: Buffer): Frame[] {
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    const frames: Frame[] = [];
    for (;;) {
      const frame = this.#next();
      if (frame === undefined) return frames;
      frames.push(frame);
    }
  }

  /** How much of the frame being received is here, once its length is known (a read's progress). */
  get partial(): { received: number; total: number } | undefined {
    const head = this.#peek(8);
    if (head === undefined) return undefined;
    const headerLength = head.readUInt32BE(4);
    if (headerLength > MAX_HEADER_BYTES) return undefined;
    const withBodyLength = this.#peek(8 + headerLength + 4);
    if (withBodyLength === undefined) return undefined;
    const total = 8 + headerLength + 4 + withBodyLength.readUInt32BE(8 + headerLength);
    return { received: Math.min(this.#buffered, total), total };
  }

  /** bytes received that do not yet make a whole frame (non-zero at EOF means a torn stream) */
  get pending(): number {
    return this.#buffered;
  }

  /** The first `length` bytes, copying only those (never the whole buffer: bodies are large). */
  #peek(length: number): Buffer | undefined {
    if (this.#buffered < length) return undefined;
    const first = this.#chunks[0];
    if (first && first.length >= length) return first.subarray(0, length);
    return Buffer.concat(this.#chunks, length);
  }

  /**
   * Remove and return the first `length` bytes (the caller checked they are there), copying
   * only the chunks the frame spans: the next frame's bytes stay where they are (a big write
   * arrives as several pipelined frames, write-batches.ts).
   */
  #take(length: number): Buffer {
    const parts: Buffer[] = [];
    let taken = 0;
    while (taken < length) {
      const chunk = this.#chunks.shift();
      if (chunk === undefined) throw new FrameError('internal: a frame was taken before it was whole');
      const wanted = length - taken;
      if (chunk.length > wanted) {
        parts.push(chunk.subarray(0, wanted));
        this.#chunks.unshift(chunk.subarray(wanted));
      } else {
        parts.push(chunk);
      }
      taken += Math.min(chunk.length, wanted);
    }
    this.#buffered -= length;
    return parts.length === 1 && parts[0] !== undefined ? parts[0] : Buffer.concat(parts, length);
  }

  #next(): Frame | undefined {
    const head = this.#peek(8);
    if (head === undefined) return undefined;
    const compressed = head.subarray(0, 4).equals(FRAME_MAGIC_BR_HEADER);
    if (!compressed && !head.subarray(0, 4).equals(FRAME_MAGIC)) {
      throw new FrameError(`not a ccsync frame (starts with ${JSON.stringify(head.subarray(0, 4).toString('latin1'))}): the remote printed something else on stdout — check its shell start-up files`);
    }
    const headerLength = head.readUInt32BE(4);
    if (headerLength > MAX_HEADER_BYTES) throw new FrameError(`frame header of ${headerLength} bytes is over the cap`);
    const withBodyLength = this.#peek(8 + headerLength + 4);
    if (withBodyLength === undefined) return undefined;
    const bodyLength = withBodyLength.readUInt32BE(8 + headerLength);
    if (bodyLength > MAX_BODY_BYTES) throw new FrameError(`frame body of ${bodyLength} bytes is over the cap`);
    const total = 8 + headerLength + 4 + bodyLength;
    if (this.#buffered < total) return undefined;
    const all = this.#take(total);
    let json: Buffer = all.subarray(8, 8 + headerLength);
    if (compressed) {
      try {
        json = brotliDecompressSync(json, { maxOutputLength: MAX_HEADER_BYTES });
      } catch {
        throw new FrameError(`a compressed frame header does not decompress to at most ${MAX_HEADER_BYTES} bytes`);
      }
    }
    let header: unknown;
    try {
      header = JSON.parse(json.toString('utf8'));
    } catch {
      throw new FrameError('frame header is not valid JSON');
    }
    return { header, body: all.subarray(8 + headerLength + 4, total) };
  }
}

/**
 * Headers are small and mostly the probes' paths, sizes and mtimes. Quality 6 with a 256 KB
 * window: a 38 KB manifest of 250 sessions takes 0.6 ms where quality 10 took 13 ms (and the
 * request as much again), each on the critical path of every run, for 10% more bytes (7.6 vs
 * 6.9 KB: ~0.6 ms even at 10 Mbit/s; issue #11, bench/). Quality 9 and up cost 7-13 ms for it.
 */
function compressHeader(json: Buffer, bigBody = false): Buffer {
  // beside a big body (a first sync's write batches) the header's bytes do not count: quality 5
  const small = json.length <= 64 * 1024 && !bigBody;
  return brotliCompressSync(json, {
    params: { [zlibConstants.BROTLI_PARAM_QUALITY]: small ? 6 : 5, [zlibConstants.BROTLI_PARAM_LGWIN]: 18, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: json.length },
  });
}
