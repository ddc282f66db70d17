// A side that is a directory on this machine (the local Claude dir, or `dir:/mnt/b`): the agent's
// functions called in process, with the same turn accounting as the SSH transport so the
// benchmark and the tests can compare them.
import type { AgentRoot } from '../agent/agent-root.js';
import { applyWrites, readRanges } from '../agent/file-ops.js';
import { buildManifest } from '../agent/manifest.js';
import type { Manifest, ManifestRequest, ReadRequest, ReadResult, WriteOp, WriteResult } from '../wire/protocol.js';
import type { OnBytes, Transport } from './transport.js';

export class LocalDirTransport implements Transport {
  readonly label: string;
  readonly #root: AgentRoot;
  #turns = 0;

  constructor(root: AgentRoot, label: string) {
    this.#root = root;
    this.label = label;
  }

  get turns(): number {
    return this.#turns;
  }

  async manifest(request: ManifestRequest): Promise<Manifest> {
    this.#turns++;
    return buildManifest(this.#root, request);
  }

  /** An empty batch is no turn: the engine skips the round trip (ARCHITECTURE.md, steps 6 and 8). */
  async read(requests: ReadRequest[], onBytes?: OnBytes): Promise<ReadResult[]> {
    if (requests.length === 0) return [];
    this.#turns++;
    return readRanges(this.#root, requests, onBytes);
  }

  async write(ops: WriteOp[], onBytes?: OnBytes): Promise<WriteResult[]> {
    if (ops.length === 0) return [];
    this.#turns++;
    return applyWrites(this.#root, ops, onBytes);
  }

  async close(): Promise<void> {
    // nothing held open between turns
  }
}
