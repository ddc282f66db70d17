// A side reached over SSH (issue #3): one ssh process per run, the agent bootstrapped over the
// same pipe, requests pipelined in frames. Everything the agent answers is parsed and its
// paths checked before the engine sees it: a hostile remote cannot name a file outside the
// Claude dir, nor answer with more bytes than were asked for.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { describeError, ExitError } from '../errors.js';
import { helloSchema, responseSchema, type AgentInfo, type AgentResponse, type Hello } from '../wire/agent-messages.js';
import { checkManifestPaths } from './check-manifest.js';
import { encodeProbes, expandManifest } from '../wire/manifest-wire.js';
import type { Manifest, ManifestRequest, ReadRequest, ReadResult, WriteOp, WriteResult } from '../wire/protocol.js';
import { agentBundle, agentRefill, bootstrapCommand, BOOTSTRAP_EXIT, sniffAgentNeeded } from './ssh-bootstrap.js';
import { ShAgentTransport } from './sh-agent-transport.js';
import { sniffShGreeting } from './sh-agent/turn-reader.js';
import { classifySshFailure, splitCommandWords, sshInvocation, type SshEndpoint } from './ssh-argv.js';
import { controlOptions, REUSE_HELLO_MS, stopMaster, type ControlSocket } from './ssh-reuse.js';
import { rm } from 'node:fs/promises';
import type { OnBytes, Transport } from './transport.js';
import { fractionReporter } from './byte-progress.js';
import { decompressBody, type Codec } from '../wire/body-codec.js';
import { encodeFrame, FrameDecoder, type Frame } from '../wire/wire-frames.js';
import { sendWriteBatches } from './write-batches.js';
import { nowMs, recordSpan } from '../timeline.js';

export interface SshOptions {
  remoteName: string;
  endpoint: SshEndpoint;
  sshCommand?: string | undefined;
  claudeDir?: string | undefined;
  /** the agent bundle is believed cached on the remote: send none of it */
  agentCached: boolean;
  /** the last run found node there: leave the sh fallback loop out of the command (retried with it if node is gone) */
  expectNode?: boolean;
  /** how to fix a changed port, e.g. "`export RUNPOD_PORT=…`" */
  portHint?: string;
  /** no answer for this long while a request is pending → the connection is declared dead */
  idleTimeoutMs?: number;
  /** no agent greeting this long after starting ssh → give up (default 120 s) */
  helloTimeoutMs?: number;
  /** a run that writes nothing (dry run, status): an agent sent now runs from memory, uncached */
  readOnly?: boolean;
  /** connect through (or become) ccsync's master on this socket (ssh-reuse.ts) */
  control?: ControlSocket | undefined;
}

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
    const bundle = agentBundle();
    const command = bootstrapCommand(bundle.hash, upload ? bundle.gzipped.length : 0, options.claudeDir, { shFallback, readOnly: options.readOnly === true });
    const extraOptions = options.control ? controlOptions(options.control.path) : [];
    const { program, args } = sshInvocation(options.endpoint, command, { sshCommand: options.sshCommand, batchMode: true, pty: false, extraOptions });
    const spawnedMs = nowMs();
    const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    releaseStderrOnExit(child);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-16_384);
    });
    child.stdin.on('error', () => undefined); // reported through the exit below
    if (upload) child.stdin.write(bundle.gzipped);
    const decoder = new FrameDecoder();
    // What came before the hello, to show when it is not a frame (a shell's start-up output).
    let early = Buffer.alloc(0);
    const sniff = sniffShGreeting();
    let refilled = false;
    // The cache was believed present but is gone: the bootstrap asks, the bundle follows.
    const refill = sniffAgentNeeded(upload, () => {
      refilled = true;
      child.stdin.write(agentRefill(bundle, options.readOnly === true));
    });
    const hello = await new Promise<{ hello: Hello; rest: Frame[] } | { sh: Buffer }>((resolve, reject) => {
      const fail = (error: Error): void => {
        cleanup();
        // The other end may be anything (a shell printing a banner, a hostile program that
        // never exits): without this the run would wait on it forever after reporting.
        child.kill('SIGTERM');
        child.stdout.destroy();
        child.stdin.destroy();
        reject(error);
      };
      const onData = (received: Buffer): void => {
        if (early.length < 200) early = Buffer.concat([early, received]).subarray(0, 200);
        const data = refill(received);
        if (data === undefined) return;
        const seen = sniff(data);
        if (seen === 'wait') return;
        if ('sh' in seen) {
          cleanup();
          return resolve(seen);
        }
        const chunk = seen.node;
        try {
          const frames = decoder.push(chunk);
          const first = frames.shift();
          if (first === undefined) return;
          const parsed = helloSchema.safeParse(first.header);
          if (!parsed.success) return fail(new ExitError(`remote '${options.remoteName}' answered with an unknown agent greeting; is it another ccsync version?`));
          cleanup();
          resolve({ hello: parsed.data, rest: frames });
        } catch (error) {
          fail(new ExitError(`remote '${options.remoteName}': ${describeError(error)}`));
        }
      };
      const onError = (error: NodeJS.ErrnoException): void => {
        fail(new ExitError(error.code === 'ENOENT' ? `cannot run ${program}: not found — install OpenSSH or set CCSYNC_SSH_COMMAND` : describeError(error)));
      };
      const onExit = (code: number | null): void => {
        if (code === BOOTSTRAP_EXIT.noNode && !shFallback) return fail(new NodeMissing());
        if (code === BOOTSTRAP_EXIT.noNode) return fail(new ExitError(`remote '${options.remoteName}' has no node on its PATH; ccsync's agent needs Node.js >= 16 there (install it, e.g. from your distribution)`));
        if (code === BOOTSTRAP_EXIT.uploadFailed) return fail(new ExitError(`remote '${options.remoteName}': could not store ccsync's agent under ~/.cache/ccsync (disk full or read-only home?): ${stderr.trim()}`));
        if (early.length > 0) {
          const shown = JSON.stringify(early.toString('utf8').slice(0, 60));
          return fail(new ExitError(`remote '${options.remoteName}' printed ${shown} and ended instead of starting ccsync's agent (exit ${String(code)}): check its shell start-up files and that the command is not replaced (ForceCommand)`));
        }
        const where = { remote: options.remoteName, endpoint: options.endpoint, sshCommand: options.sshCommand, ...(options.portHint ? { portHint: options.portHint } : {}) };
        fail(new ExitError(classifySshFailure(stderr, where).message));
      };
      // ssh's ConnectTimeout bounds the connection, not a remote that connects and stays silent.
      const helloTimeoutMs = options.helloTimeoutMs ?? 120_000;
      const timer = setTimeout(
        () => fail(new ExitError(`remote '${options.remoteName}': connected, but ccsync's agent did not start within ${Math.round(helloTimeoutMs / 1000)} s`)),
        helloTimeoutMs,
      );
      // Through a master that was already there, the greeting comes in well under a second.
      const reuseTimer = options.control?.existed ? setTimeout(() => fail(new MasterHung()), REUSE_HELLO_MS) : undefined;
      const cleanup = (): void => {
        clearTimeout(timer);
        clearTimeout(reuseTimer);
        child.stdout.off('data', onData);
        child.off('error', onError);
        child.off('exit', onExit);
      };
      child.stdout.on('data', onData);
      child.on('error', onError);
      child.on('exit', onExit);
    });
    const label = `ssh:${options.remoteName}`;
    const helloMs = nowMs();
    // the agent says how long its node took to start (V8 boot, compile, evaluation)
    const agentStartMs = 'hello' in hello && hello.hello.upMs !== undefined ? Math.max(spawnedMs, helloMs - hello.hello.upMs) : helloMs;
    recordSpan('connect', spawnedMs, agentStartMs);
    recordSpan('agent start', agentStartMs, helloMs);
    if ('sh' in hello) return new ShAgentTransport(child, { label, rest: hello.sh, stderr: () => stderr, ...(options.idleTimeoutMs ? { idleTimeoutMs: options.idleTimeoutMs } : {}) });
    const transport = new SshTransport(label, child, hello.hello, upload || refilled, hello.rest);
    transport.#listen(decoder, () => stderr, options.idleTimeoutMs ?? 300_000);
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

  #decompress(codec: Codec, body: Buffer, rawLength: number): Buffer {
    try {
      return decompressBody(codec, body, rawLength);
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
    const raw = this.#decompress(response.codec, body, response.rawLength);
    if (response.lengths.length !== requests.length) throw new ExitError(`${this.label}: the agent answered ${response.lengths.length} reads for ${requests.length}`);
    // Each slice must be whole: a body shorter than its lengths would hand the engine a cut line.
    const announced = response.lengths.reduce((sum, length) => sum + length, 0);
    if (raw.length !== announced) throw new ExitError(`${this.label}: the agent announced ${announced} bytes of reads and sent ${raw.length} (protocol error)`);
    let offset = 0;
    return requests.map((request, index) => {
      const length = response.lengths[index] ?? -1;
      if (length !== request.length) throw new ExitError(`${this.label}: ${request.path}: asked for ${request.length} bytes, the agent sent ${length}`);
      const data = raw.subarray(offset, offset + length);
      offset += length;
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

/** The short command found no node: connect again with the sh fallback loop. */
class NodeMissing extends Error {}

/** An existing master took the session and gave no greeting in time. */
class MasterHung extends Error {}

/**
 * A ProxyCommand that ssh started keeps ssh's stderr (our pipe) open for as long as it lives,
 * and with ControlPersist that is the master's lifetime: once ssh itself has exited and its
 * last words were read, the pipe is let go so that this process can end.
 */
function releaseStderrOnExit(child: ChildProcessWithoutNullStreams): void {
  child.once('exit', () => {
    setTimeout(() => child.stderr.destroy(), 50).unref();
  });
}
