// A big write (a first sync: hundreds of MB) goes to the agent as several pipelined requests
// instead of one body (issue #3, initial sync wall goal): the next batch compresses on the
// libuv threadpool while ssh carries the previous one and the agent writes it. The agent
// answers requests one by one, in order (agent-main.ts), so the ops keep their order.
import type { WireWriteOp } from '../wire/agent-messages.js';
import type { WriteOp } from '../wire/protocol.js';
import { BIG_BODY_BYTES, type Codec } from '../wire/body-codec.js';
import { compressInParts, type CompressedBody } from '../wire/body-parts.js';
import { timed } from '../timeline.js';

/** Raw bytes per batch: several batches per big sync, one for any incremental one. */
export const WRITE_BATCH_BYTES = 2 * BIG_BODY_BYTES;
/** Batches compressed ahead of the one being sent: one per core of a small machine. */
const COMPRESS_AHEAD = 2;

export interface PackedBatch {
  ops: WriteOp[];
  wire: WireWriteOp[];
  /** the ops' data in order: the body before compression (never joined: compressPartsAsync) */
  parts: Buffer[];
  rawLength: number;
}

function dataOf(op: WriteOp): Buffer | undefined {
  return op.kind === 'remove' || op.kind === 'backup' ? undefined : op.data;
}

/** Consecutive runs of ops whose data add up to about `batchBytes` (an op is never split). */
export function splitWrites(ops: readonly WriteOp[], batchBytes: number = WRITE_BATCH_BYTES): WriteOp[][] {
  const batches: WriteOp[][] = [];
  let current: WriteOp[] = [];
  let bytes = 0;
  for (const op of ops) {
    const length = dataOf(op)?.length ?? 0;
    if (current.length > 0 && bytes + length > batchBytes) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(op);
    bytes += length;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** The header ops (data replaced by its length) and the parts of the one body they index into. */
export function packBatch(ops: WriteOp[]): PackedBatch {
  const wire = ops.map((op): WireWriteOp => {
    if (op.kind === 'remove' || op.kind === 'backup') return op;
    const { data, ...rest } = op;
    return { ...rest, dataLength: data.length };
  });
  const parts = ops.flatMap((op) => dataOf(op) ?? []);
  return { ops, wire, parts, rawLength: parts.reduce((sum, part) => sum + part.length, 0) };
}

/** What a sent batch still needs while its answer is awaited: no data. */
export interface SentBatch {
  wire: WireWriteOp[];
  rawLength: number;
}

/** One batch's body: its ops' data, over 1 MB in parts (compressInParts). */
export function compressBatch(codec: Codec, batch: PackedBatch): Promise<CompressedBody> {
  return compressInParts(codec, batch.parts);
}

/**
 * Sends every batch in order through `send` (which must write its frame before it first
 * awaits), compressing up to COMPRESS_AHEAD batches ahead; resolves to the results in op order.
 */
export async function sendWriteBatches<R>(
  ops: readonly WriteOp[],
  codec: Codec,
  send: (batch: SentBatch, compressed: CompressedBody) => Promise<R[]>,
  onSent?: () => void,
): Promise<R[]> {
  // Each batch's ops and data are let go once its frame is sent: a first sync's caller streams
  // many calls, and only the answers (paths, results) are still waited for.
  const batches: Array<WriteOp[] | undefined> = splitWrites(ops);
  const compressed: Array<Promise<{ batch: SentBatch; body: CompressedBody }> | undefined> = [];
  const start = (index: number): void => {
    const ops = batches[index];
    if (ops === undefined || compressed[index] !== undefined) return;
    batches[index] = undefined;
    const packed = packBatch(ops);
    const sent: SentBatch = { wire: packed.wire, rawLength: packed.rawLength };
    const ready = timed('compress', () => compressBatch(codec, packed)).then((body) => ({ batch: sent, body }));
    // a rejection is awaited below, in order; this only keeps an early one from being unhandled
    ready.catch(() => undefined);
    compressed[index] = ready;
  };
  const answers: Array<Promise<R[]>> = [];
  const count = batches.length;
  for (let index = 0; index < count; index++) {
    for (let ahead = index; ahead <= index + COMPRESS_AHEAD; ahead++) start(ahead);
    const ready = compressed[index];
    if (ready === undefined) throw new Error('internal: a write batch was not compressed');
    compressed[index] = undefined;
    const { batch, body } = await ready;
    const answer = send(batch, body);
    answer.catch(() => undefined); // awaited below with the others
    answers.push(answer);
  }
  onSent?.();
  return (await Promise.all(answers)).flat();
}
