// Frames on the SSH pipe between ccsync and its remote agent (issue #3: "a framed, versioned
// protocol on stdin/stdout"). A frame is
//   "CCS1" | u32 header length | header (JSON, UTF-8) | u32 body length | body (raw bytes)
// File data travels raw in the body, never base64. Sizes are capped so a hostile or broken
// peer cannot make the other side allocate without bound.
import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants, gunzipSync, gzipSync } from 'node:zlib';

export const FRAME_MAGIC = Buffer.from('CCS1', 'latin1');
export const MAX_HEADER_BYTES = 8 * 1024 * 1024;
export const MAX_BODY_BYTES = 512 * 1024 * 1024;

export interface Frame {
  header: unknown;
  body: Buffer;
}

export class FrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrameError';
  }
}

export function encodeFrame(header: unknown, body: Buffer = Buffer.alloc(0)): Buffer[] {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  if (json.length > MAX_HEADER_BYTES) throw new FrameError(`frame header of ${json.length} bytes is over the cap`);
  if (body.length > MAX_BODY_BYTES) throw new FrameError(`frame body of ${body.length} bytes is over the cap`);
  const head = Buffer.alloc(8);
  FRAME_MAGIC.copy(head, 0);
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

  /** Remove and return the first `length` bytes (the caller checked they are there). */
  #take(length: number): Buffer {
    const all = Buffer.concat(this.#chunks);
    this.#chunks = all.length > length ? [all.subarray(length)] : [];
    this.#buffered -= length;
    return all.subarray(0, length);
  }

  #next(): Frame | undefined {
    const head = this.#peek(8);
    if (head === undefined) return undefined;
    if (!head.subarray(0, 4).equals(FRAME_MAGIC)) {
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
    let header: unknown;
    try {
      header = JSON.parse(all.subarray(8, 8 + headerLength).toString('utf8'));
    } catch {
      throw new FrameError('frame header is not valid JSON');
    }
    return { header, body: all.subarray(8 + headerLength + 4, total) };
  }
}

export type Codec = 'none' | 'gzip' | 'br';

/** One compressed stream per body: a batch of tails shares its context (issue #3, appends goal). */
export function compressBody(codec: Codec, body: Buffer): Buffer {
  if (codec === 'none' || body.length === 0) return body;
  if (codec === 'gzip') return gzipSync(body, { level: 6 });
  // Quality 9 for ordinary batches; a huge first sync trades a little size for speed.
  const quality = body.length > 32 * 1024 * 1024 ? 5 : 9;
  return brotliCompressSync(body, {
    params: { [zlibConstants.BROTLI_PARAM_QUALITY]: quality, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length },
  });
}

export function decompressBody(codec: Codec, body: Buffer, expectedLength: number): Buffer {
  if (codec === 'none' || body.length === 0) {
    // Uncompressed (or empty) bodies are checked too: the announced length is what callers trust.
    if (body.length !== expectedLength) throw new FrameError(`a body of ${body.length} bytes, ${expectedLength} announced`);
    return body;
  }
  const options = { maxOutputLength: Math.max(expectedLength, 1) };
  const out = codec === 'gzip' ? gunzipSync(body, options) : brotliDecompressSync(body, options);
  if (out.length !== expectedLength) throw new FrameError(`a body decompressed to ${out.length} bytes, ${expectedLength} announced`);
  return out;
}
