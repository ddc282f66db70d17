// The one boundary between the sync engine and a side (a Claude config dir, here or far
// away). Built for a slow, high-latency link (issue #2, item 5): each method is one batch,
// so a sync costs at most manifest + read + write turns, whatever the number of files.
import type { Manifest, ManifestRequest, ReadRequest, ReadResult, WriteOp, WriteResult } from '../wire/protocol.js';

/** Progress of a read or write batch, in bytes of file data (issue #10 item 3). */
export type OnBytes = (bytes: number) => void;

export interface Transport {
  /** a short name for messages: `local`, `dir:/mnt/b`, `ssh:pod` */
  readonly label: string;
  /** everything the planner needs to know about this side, in one request */
  manifest(request: ManifestRequest): Promise<Manifest>;
  /**
   * byte ranges of files, in one request; results in request order. `onBytes` is told, as the
   * data arrives, how many more of the requested bytes are here (the progress bar).
   */
  read(requests: ReadRequest[], onBytes?: OnBytes): Promise<ReadResult[]>;
  /**
   * a batch of writes, each atomic and checked against its precondition; results in order.
   * `onBytes` is told how many more of the ops' data bytes were handled (written or failed).
   * `onSent` is told once every op was handed on (SSH: the last batch's frame is in the pipe),
   * so a caller streaming many calls prepares the next meanwhile; a side that writes in place
   * may not tell it: the settled call means the same (src/sync/grouped-writes.ts).
   */
  write(ops: WriteOp[], onBytes?: OnBytes, onSent?: () => void): Promise<WriteResult[]>;
  /** request/response turns used so far (the benchmark and the SSH tests count them) */
  readonly turns: number;
  close(): Promise<void>;
}
