// Big bodies as independent streams (issue #11): a first sync's write batches, and a first
// pull's read answers, are cut into parts that compress on every core at once and inflate at
// once on the other side, and stay in their parts there (PieceReader) instead of being joined.
import { FrameError } from './frame-error.js';
import { compressPartsAsync, decompressBodyAsync, FAST_BODY_BYTES, type Codec } from './body-codec.js';

/** A big body goes as independent streams of at most this many raw bytes: both sides' cores work on it at once. */
export const BODY_PART_BYTES = 8 * 1024 * 1024;

/**
 * The raw bytes per independent stream of a body of `length`, or undefined for one stream.
 * Over 1 MB a body is cut in two at least (a day's new 2 MB session compressed in 31 ms on one
 * core; in two halves both cores share it, for ~2% more bytes), and in 8 MB runs when bigger.
 */
export function partBytesFor(length: number): number | undefined {
  if (length <= FAST_BODY_BYTES) return undefined;
  return Math.min(BODY_PART_BYTES, Math.max(FAST_BODY_BYTES, Math.ceil(length / 2)));
}

/** `pieces` (one body, in order) cut into runs of about `partBytes` raw bytes, as views (no copy). */
export function cutIntoParts(pieces: readonly Buffer[], partBytes: number = BODY_PART_BYTES): Buffer[][] {
  const parts: Buffer[][] = [];
  let current: Buffer[] = [];
  let room = partBytes;
  for (const piece of pieces) {
    for (let at = 0; at < piece.length; ) {
      const take = Math.min(room, piece.length - at);
      current.push(piece.subarray(at, at + take));
      at += take;
      room -= take;
      if (room === 0) {
        parts.push(current);
        current = [];
        room = partBytes;
      }
    }
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/** A body ready to send: compressed, and its streams' [compressed, raw] lengths when it has several. */
export interface CompressedBody {
  body: Buffer;
  parts?: Array<[number, number]>;
}

/**
 * One body made of `pieces` (in order): over 1 MB as independent parts compressed at once
 * (partBytesFor), else as one stream. A file of hundreds of MB is one piece: its parts are
 * what lets both cores work on it (it was one 1 s stream).
 */
export async function compressInParts(codec: Codec, pieces: readonly Buffer[]): Promise<CompressedBody> {
  const rawLength = pieces.reduce((sum, piece) => sum + piece.length, 0);
  const partBytes = partBytesFor(rawLength);
  if (codec === 'none' || partBytes === undefined) return { body: await compressPartsAsync(codec, pieces) };
  const cut = cutIntoParts(pieces, partBytes);
  const bodies = await Promise.all(cut.map((part) => compressPartsAsync(codec, part)));
  const parts = bodies.map((body, index): [number, number] => [body.length, (cut[index] ?? []).reduce((sum, piece) => sum + piece.length, 0)]);
  return { body: Buffer.concat(bodies), parts };
}

/**
 * A body sent as several independent streams (`parts`: [compressed, raw] lengths, in order):
 * inflated in parallel on the threadpool, each into its own buffer, returned in order and not
 * joined (joining copied every byte of a first sync once more into fresh memory: ~0.2 s of the
 * agent's CPU per 334 MB; issue #11). The lengths must add up to the body's and the announced
 * raw length.
 */
export async function decompressPartsAsync(codec: Codec, body: Buffer, parts: ReadonlyArray<readonly [number, number]>, rawLength: number): Promise<Buffer[]> {
  const compressed = parts.reduce((sum, [length]) => sum + length, 0);
  const raw = parts.reduce((sum, [, length]) => sum + length, 0);
  if (compressed !== body.length || raw !== rawLength) throw new FrameError(`a body's parts add up to ${compressed} → ${raw} bytes, not ${body.length} → ${rawLength}`);
  let offset = 0;
  return Promise.all(
    parts.map(([length, rawPart]) => {
      const part = body.subarray(offset, offset + length);
      offset += length;
      return decompressBodyAsync(codec, part, rawPart);
    }),
  );
}

/**
 * Reads a body held as pieces in order: each run of bytes that lies in one piece comes back as
 * a view of it; only a run that spans pieces is joined (a session bigger than a part).
 */
export class PieceReader {
  readonly #pieces: readonly Buffer[];
  #piece = 0;
  #at = 0;

  constructor(pieces: readonly Buffer[]) {
    this.#pieces = pieces;
  }

  /** The next `length` bytes, or undefined when fewer are left. */
  take(length: number): Buffer | undefined {
    const chunks: Buffer[] = [];
    let need = length;
    for (;;) {
      const current = this.#pieces[this.#piece];
      if (current === undefined) break;
      if (this.#at === current.length) {
        this.#piece++;
        this.#at = 0;
        continue;
      }
      if (need === 0) break;
      const count = Math.min(need, current.length - this.#at);
      chunks.push(current.subarray(this.#at, this.#at + count));
      this.#at += count;
      need -= count;
    }
    if (need > 0) return undefined;
    return chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks, length);
  }

  /** Bytes not yet taken. */
  get left(): number {
    let left = 0;
    for (let index = this.#piece; index < this.#pieces.length; index++) left += this.#pieces[index]?.length ?? 0;
    return left - this.#at;
  }
}

/** A body as pieces in order: one stream inflated whole, or its parts each inflated on its own. */
export async function inflateBody(codec: Codec, body: Buffer, parts: ReadonlyArray<readonly [number, number]> | undefined, rawLength: number): Promise<Buffer[]> {
  return parts === undefined ? [await decompressBodyAsync(codec, body, rawLength)] : decompressPartsAsync(codec, body, parts, rawLength);
}
