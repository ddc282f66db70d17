// Prefix fingerprints for append-only transcripts (ARCHITECTURE.md, "Fingerprint"): a hash of
// the first and last 64 KiB of a prefix, so a side can prove "my first n bytes are still the
// ones you saw" while reading at most 128 KiB of a 100 MB file (issue #3: no whole-file reads
// for a small append). Blobs get a plain streamed sha256 instead.
import { createHash, type Hash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';

export const FP_WINDOW = 65536;
const FP_TAG = 'ccsync-fp1\n';
const HASH_CHUNK = 1 << 20;

/** The two byte ranges `fp(n)` covers: [0, min(n, W)) and [max(W, n − W), n). */
function fingerprintRanges(n: number): { headLen: number; tailStart: number; tailLen: number } {
  const headLen = Math.min(n, FP_WINDOW);
  const tailStart = Math.max(FP_WINDOW, n - FP_WINDOW);
  return { headLen, tailStart, tailLen: Math.max(0, n - tailStart) };
}

function checkLength(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`fingerprint length must be a non-negative integer, got ${n}`);
}

function startFingerprint(n: number): Hash {
  return createHash('sha256').update(`${FP_TAG}${n}\n`);
}

/** `fp(n)` of bytes already in memory; `buf` must hold at least `n` bytes. */
export function fingerprintBuffer(buf: Buffer, n: number): string {
  checkLength(n);
  if (buf.length < n) throw new RangeError(`fingerprint of ${n} bytes asked of a ${buf.length}-byte buffer`);
  const { headLen, tailStart } = fingerprintRanges(n);
  return startFingerprint(n).update(buf.subarray(0, headLen)).update(buf.subarray(tailStart, n)).digest('hex');
}

/** Fill `length` bytes from `position`; a file shorter than that is an error (it changed). */
export async function readExactly(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  // unzeroed: every byte is read into it below, or it is dropped with the error
  const buf = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buf, filled, length - filled, position + filled);
    if (bytesRead === 0) throw new Error(`file ended at ${position + filled} bytes, ${position + length} expected (it changed while being read)`);
    filled += bytesRead;
  }
  return buf;
}

async function withHandle<T>(source: string | FileHandle, use: (handle: FileHandle) => Promise<T>): Promise<T> {
  if (typeof source !== 'string') return use(source);
  const handle = await open(source, 'r');
  try {
    return await use(handle);
  } finally {
    await handle.close();
  }
}

/** `fp(n)` of a file (a path, or a handle the caller keeps open); reads at most 128 KiB. */
export async function fingerprintFile(source: string | FileHandle, n: number): Promise<string> {
  checkLength(n);
  const { headLen, tailStart, tailLen } = fingerprintRanges(n);
  return withHandle(source, async (handle) => {
    const head = await readExactly(handle, 0, headLen);
    const tail = await readExactly(handle, tailStart, tailLen);
    return startFingerprint(n).update(head).update(tail).digest('hex');
  });
}

/** sha256 (hex) of a whole file, streamed in 1 MiB chunks. */
export async function sha256File(source: string | FileHandle): Promise<string> {
  return withHandle(source, async (handle) => {
    const hash = createHash('sha256');
    const chunk = Buffer.alloc(HASH_CHUNK);
    let position = 0;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, HASH_CHUNK, position);
      if (bytesRead === 0) break;
      hash.update(chunk.subarray(0, bytesRead));
      position += bytesRead;
    }
    return hash.digest('hex');
  });
}

export function sha256Buffer(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

/**
 * Bytes up to and including the last '\n' of a file of `size` bytes, reading backwards block
 * by block from the end (a transcript's tail is all that is needed, not the whole file).
 */
export async function completeLengthOfFile(handle: FileHandle, size: number): Promise<number> {
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - FP_WINDOW);
    const block = await readExactly(handle, start, end - start);
    const newline = block.lastIndexOf(0x0a);
    if (newline >= 0) return start + newline + 1;
    end = start;
  }
  return 0;
}
