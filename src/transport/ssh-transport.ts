// A side reached over SSH (issue #3): one ssh process per run, the agent bootstrapped over the
// same pipe, requests pipelined in frames. Everything the agent answers is parsed and its
// paths checked before the engine sees it: a hostile remote cannot name a file outside the
// Claude dir, nor answer with more bytes than were asked for.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { describeError, ExitError } from '../errors.js';
import { responseSchema, type AgentInfo, type AgentResponse, type Hello } from '../wire/agent-messages.js';
import { checkManifestPaths } from './check-manifest.js';
import { encodeProbes, expandManifest } from '../wire/manifest-wire.js';
import type { Manifest, ManifestRequest, ReadRequest, ReadResult, WriteOp, WriteResult } from '../wire/protocol.js';
import { ShAgentTransport } from './sh-agent-transport.js';
import { splitCommandWords } from './ssh-argv.js';
import { stopMaster } from './ssh-reuse.js';
import { rm } from 'node:fs/promises';
import type { OnBytes, Transport } from './transport.js';
import { fractionReporter } from './byte-progress.js';
import type { Codec } from '../wire/body-codec.js';
import { inflateBody, PieceReader } from '../wire/body-parts.js';
import { encodeFrame, FrameDecoder, type Frame } from '../wire/wire-frames.js';
import { sendWriteBatches } from './write-batches.js';
import { nowMs, recordSpan } from '../timeline.js';
import { greetAgent, MasterHung, NodeMissing, type SshOptions } from './ssh-connect.js';

export type { SshOptions };

type Pending = { resolve: (frame: Frame) => void; reject: (error: Error) => void };

export class SshTransport implements Transport {
  readonly label: string;
  readonly hello: Hello;
  /** the agent was sent in this run (the caller records it as cached) */
  readonly uploaded: boolean;
  #child: ChildProcessWithoutNullStreams;
  #pending = new Map<number, Pending>();
  #frames: Frame[];
  #nextId = 1;
  #turns = 0;
  #failure: Error | undefined;
  /** told after each chunk from the remote (a read's progress: `read`) */
  #onData: ((decoder: FrameDecoder) => void) | undefined;

  private constructor(label: string, child: ChildProcessWithoutNullStreams, hello: Hello, uploaded: boolean, frames: Frame[]) {
    this.label = label;
    this.#child = child;
    this.hello = hello;
    this.uploaded = uploaded;
    this.#frames = frames;
  }

  /** A remote without node answers through the sh agent (sh-agent-transport.ts) instead. */
  static async open(options: SshOptions): Promise<SshTransport | ShAgentTransport> {
    try {
      return await SshTransport.#openOnce(options);
    } catch (error) {
      const control = options.control;
      if (!(error instanceof MasterHung) || control === undefined) throw error;
      // ccsync's master from an earlier run took the session but nothing came back (its
      // network died under it): stop it, and connect afresh as a new master.
      await stopMaster(splitCommandWords(options.sshCommand ?? 'ssh'), control.path, options.endpoint.host);
      await rm(control.path, { force: true });
      return SshTransport.#openOnce({ ...options, control: { path: control.path, existed: false } });
    }
  }

  static async #openOnce(options: SshOptions): Promise<SshTransport | ShAgentTransport> {
    if (!options.expectNode) return SshTransport.#connect(options, !options.agentCached, true);
    try {
      return await SshTransport.#connect(options, !options.agentCached, false);
    } catch (error) {
      if (!(error instanceof NodeMissing)) throw error;
      return SshTransport.#connect(options, !options.agentCached, true);
    }
  }

  static async #connect(options: SshOptions, upload: boolean, shFallback: boolean): Promise<SshTransport | ShAgentTransport> {
    const { child, stderr, decoder, greeting: hello, uploaded, spawnedMs } = await greetAgent(options, upload, shFallback);
    const label = `ssh:${options.remoteName}`;
    const helloMs = nowMs();
    // the agent says how long its node took to start (V8 boot, compile, evaluation)
    const agentStartMs = 'hello' in hello && hello.hello.upMs !== undefined ? Math.max(spawnedMs, helloMs - hello.hello.upMs) : helloMs;
    recordSpan('connect', spawnedMs, agentStartMs);
    recordSpan('agent start', agentStartMs, helloMs);
    if ('sh' in hello) return new ShAgentTransport(child, { label, rest: hello.sh, stderr, ...(options.idleTimeoutMs ? { idleTimeoutMs: options.idleTimeoutMs } : {}) });
    const transport = new SshTransport(label, child, hello.hello, uploaded, hello.rest);
    transport.#listen(decoder, stderr, options.idleTimeoutMs ?? 300_000);
    return transport;
  }

  #listen(decoder: FrameDecoder, stderr: () => string, idleTimeoutMs: number): void {
    const deliver = (frame: Frame): void => {
      const id = typeof frame.header === 'object' && frame.header !== null && 'id' in frame.header ? frame.header.id : undefined;
      const pending = typeof id === 'number' ? this.#pending.get(id) : undefined;
      if (typeof id !== 'number' || pending === undefined) {
        return this.#fail(new ExitError(`${this.label}: the agent answered a request that was not asked (protocol error)`));
      }
      this.#pending.delete(id);
      pending.resolve(frame);
    };
    for (const frame of this.#frames.splice(0)) deliver(frame);
    let idle: NodeJS.Timeout | undefined;
    const arm = (): void => {
      clearTimeout(idle);
      if (this.#pending.size > 0) idle = setTimeout(() => this.#fail(new ExitError(`${this.label}: no answer for ${Math.round(idleTimeoutMs / 1000)} s; the connection looks dead`)), idleTimeoutMs);
    };
    this.#arm = arm;
    this.#child.stdout.on('data', (chunk: Buffer) => {
      try {
        for (const frame of decoder.push(chunk)) deliver(frame);
        this.#onData?.(decoder);
      } catch (error) {
        this.#fail(new ExitError(`${this.label}: ${describeError(error)}`));
      }
      arm();
    });
    this.#child.on('exit', (code) => {
      clearTimeout(idle);
      const detail = stderr().trim().split('\n').pop() ?? '';
      this.#fail(new ExitError(`${this.label}: the connection ended (exit ${String(code)})${detail ? `: ${detail}` : ''}`));
    });
  }

  #arm: () => void = () => undefined;

  #fail(error: Error): void {
    this.#failure ??= error;
    for (const pending of this.#pending.values()) pending.reject(this.#failure);
    this.#pending.clear();
  }

  get turns(): number {
    return this.#turns;
  }

  /** Send one request and wait for its answer: one turn. */
  async #request(header: Record<string, unknown>, body?: Buffer): Promise<{ response: AgentResponse; body: Buffer }> {
    if (this.#failure) throw this.#failure;
    const id = this.#nextId++;
    this.#turns++;
    const frame = new Promise<Frame>((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    const compressHeader = this.hello.agent === 'node' && this.hello.codecs.includes('br'); // an sh agent reads plain frames only
    for (const part of encodeFrame({ ...header, id }, body, { compressHeader })) this.#child.stdin.write(part);
    this.#arm();
    const answer = await frame;
    const parsed = responseSchema.safeParse(answer.header);
    if (!parsed.success) throw new ExitError(`${this.label}: malformed answer from the agent (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    if (!parsed.data.ok) throw new ExitError(`${this.label}: the agent failed: ${parsed.data.error}`);
    return { response: parsed.data, body: answer.body };
  }

  /** An answer's body as pieces (one stream, or parts inflated at once: a first pull's reads). */
  async #inflate(codec: Codec, body: Buffer, parts: ReadonlyArray<readonly [number, number]> | undefined, rawLength: number): Promise<Buffer[]> {
    try {
      return await inflateBody(codec, body, parts, rawLength);
    } catch (error) {
      throw new ExitError(`${this.label}: a bad answer body (${describeError(error)})`);
    }
  }

  #codec(): Codec {
    return this.hello.codecs.includes('br') ? 'br' : this.hello.codecs.includes('gzip') ? 'gzip' : 'none';
  }

  async manifest(original: ManifestRequest): Promise<Manifest> {
    // The node agent takes probes sorted and as arrays (manifest-wire.ts); its answer names them by index.
    const compact = this.hello.agent === 'node';
    const request = compact ? { ...original, probes: [...original.probes].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) } : original;
    const { response } = await this.#request({ op: 'manifest', request: compact ? { ...request, probes: encodeProbes(request.probes) } : request });
    if (!('op' in response) || response.op !== 'manifest') throw new ExitError(`${this.label}: the agent answered a manifest request with something else`);
    let manifest: Manifest;
    try {
      manifest = expandManifest(response.manifest, request.probes);
    } catch (error) {
      throw new ExitError(`${this.label}: ${describeError(error)} (protocol error)`);
    }
    return checkManifestPaths(manifest, this.label);
  }

  async read(requests: ReadRequest[], onBytes?: OnBytes): Promise<ReadResult[]> {
    if (requests.length === 0) return [];
    // the answer is one frame: its share received stands for the share of the bytes read
    const progress = fractionReporter(requests.reduce((sum, request) => sum + request.length, 0), onBytes);
    this.#onData = (decoder) => {
      const partial = decoder.partial;
      if (partial !== undefined) progress.at(partial.received / partial.total);
    };
    const { response, body } = await this.#request({ op: 'read', requests, accept: this.#codec() }).finally(() => (this.#onData = undefined));
    progress.finish();
    if (!('op' in response) || response.op !== 'read') throw new ExitError(`${this.label}: the agent answered a read request with something else`);
    if (response.lengths.length !== requests.length) throw new ExitError(`${this.label}: the agent answered ${response.lengths.length} reads for ${requests.length}`);
    const raw = await this.#inflate(response.codec, body, response.parts, response.rawLength);
    // Each slice must be whole: a body shorter than its lengths would hand the engine a cut line.
    const announced = response.lengths.reduce((sum, length) => sum + length, 0);
    const reader = new PieceReader(raw);
    if (reader.left !== announced) throw new ExitError(`${this.label}: the agent announced ${announced} bytes of reads and sent ${reader.left} (protocol error)`);
    return requests.map((request, index) => {
      const length = response.lengths[index] ?? -1;
      if (length !== request.length) throw new ExitError(`${this.label}: ${request.path}: asked for ${request.length} bytes, the agent sent ${length}`);
      const data = reader.take(length);
      if (data === undefined) throw new ExitError(`${this.label}: the agent's read answer ended early (protocol error)`);
      return { path: request.path, data };
    });
  }

  async write(ops: WriteOp[], onBytes?: OnBytes, onSent?: () => void): Promise<WriteResult[]> {
    if (ops.length === 0) return [];
    return sendWriteBatches(ops, this.#codec(), async (batch, { body, parts }) => {
      const { response } = await this.#request({ op: 'write', ops: batch.wire, codec: this.#codec(), rawLength: batch.rawLength, ...(parts ? { parts } : {}) }, body);
      if (!('op' in response) || response.op !== 'write') throw new ExitError(`${this.label}: the agent answered a write request with something else`);
      if (response.results.length !== batch.wire.length || response.results.some((result, index) => result.path !== batch.wire[index]?.path)) {
        throw new ExitError(`${this.label}: the agent's write results do not match the writes asked`);
      }
      onBytes?.(batch.rawLength);
      return response.results;
    }, onSent);
  }

  async info(): Promise<AgentInfo> {
    const { response } = await this.#request({ op: 'info' });
    if (!('op' in response) || response.op !== 'info') throw new ExitError(`${this.label}: the agent answered an info request with something else`);
    return response.info;
  }

  async close(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    // After a protocol error the peer is not trusted to stop on EOF: end it now.
    if (this.#failure) this.#child.kill('SIGTERM');
    this.#child.stdin.end();
    const timer = setTimeout(() => this.#child.kill('SIGTERM'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
