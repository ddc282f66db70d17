// A side reached over SSH whose remote has no node (issue #3: "a POSIX sh agent that uses only
// standard tools"). Same Transport, same values, same turns as the node agent: each batch is
// one generated script plus its framed data, answered by one framed output (the bootstrap's
// loop, ssh-bootstrap.ts). The facts the shell sends are parsed and checked here; the manifest
// is assembled here with the node agent's rules (sh-agent/manifest-assemble.ts).
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { gunzipSync, gzipSync } from 'node:zlib';
import { newRunId } from '../agent/backups.js';
import { fingerprintBuffer, sha256Buffer } from '../agent/fingerprint.js';
import { kindOf } from '../wire/protocol.js';
import { safeWirePath } from '../agent/safe-path.js';
import { describeError, errorReason, ExitError } from '../errors.js';
import { checkManifestPaths } from './check-manifest.js';
import type { Manifest, ManifestRequest, ReadRequest, ReadResult, WriteOp, WriteResult } from '../wire/protocol.js';
import { assembleManifest, collectFacts, type Facts } from './sh-agent/manifest-assemble.js';
import { manifestScript } from './sh-agent/manifest-script.js';
import { infoScript, parseInfo, type ShInfo } from './sh-agent/info-script.js';
import { readScript } from './sh-agent/read-script.js';
import { nanosFor, parseRecords, type ShRecord } from './sh-agent/records.js';
import { parseWriteResults } from './sh-agent/write-results.js';
import { writeScript } from './sh-agent/write-script.js';
import { TurnReader } from './sh-agent/turn-reader.js';
import type { OnBytes, Transport } from './transport.js';
import type { Hello } from '../wire/agent-messages.js';
import { PROTOCOL_VERSION } from '../wire/protocol.js';

/** Bumped when the scripts' records change (check reports it next to the node agent's version). */
const SH_AGENT_VERSION = '2';

export interface ShAgentOptions {
  label: string;
  /** bytes the remote sent after its greeting */
  rest: Buffer;
  stderr: () => string;
  idleTimeoutMs?: number;
}

export class ShAgentTransport implements Transport {
  readonly label: string;
  /** the sh agent caches nothing on the remote: nothing is uploaded */
  readonly uploaded = false;
  /** facts from the remote's last answer: tools found (sha256, gzip, stat flavour), home, … */
  #tools: Map<string, string> | undefined;
  #child: ChildProcessWithoutNullStreams;
  #reader: TurnReader;
  #stderr: () => string;
  #waiting: { resolve: (output: Buffer) => void; reject: (error: Error) => void } | undefined;
  #failure: Error | undefined;
  #turns = 0;
  #queue: Promise<unknown> = Promise.resolve();
  #idleTimeoutMs: number;
  #runId = newRunId();

  constructor(child: ChildProcessWithoutNullStreams, options: ShAgentOptions) {
    this.label = options.label;
    this.#child = child;
    this.#reader = new TurnReader(options.rest);
    this.#stderr = options.stderr;
    this.#idleTimeoutMs = options.idleTimeoutMs ?? 300_000;
    child.stdout.on('data', (chunk: Buffer) => {
      this.#reader.push(chunk);
      this.#deliver();
    });
    child.on('close', (code) => {
      const detail = this.#stderr().trim().split('\n').pop() ?? '';
      this.#fail(new ExitError(`${this.label}: the connection ended (exit ${String(code)})${detail ? `: ${detail}` : ''}`));
    });
  }

  get turns(): number {
    return this.#turns;
  }

  /** The node agent's greeting, as far as known (the sh agent reports its facts with each answer). */
  get hello(): Hello {
    const fact = (key: string): string => this.#tools?.get(key) ?? '';
    const arch = fact('arch');
    return {
      op: 'hello',
      protocol: PROTOCOL_VERSION,
      agent: 'sh',
      agentVersion: SH_AGENT_VERSION,
      runtime: 'sh',
      platform: fact('platform'),
      arch: arch === 'x86_64' ? 'x64' : arch === 'aarch64' ? 'arm64' : arch,
      home: fact('home'),
      claudeDir: fact('claudeDir'),
      codecs: fact('gzip') === '1' ? ['gzip', 'none'] : ['none'],
    };
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    this.#waiting?.reject(this.#failure);
    this.#waiting = undefined;
  }

  #deliver(): void {
    if (!this.#waiting) return;
    const turn = this.#reader.next();
    if (turn === 'wait') return;
    if ('malformed' in turn) return this.#fail(new ExitError(`${this.label}: the sh agent sent ${turn.malformed} (protocol error)`));
    const waiting = this.#waiting;
    this.#waiting = undefined;
    if (turn.status !== 0) {
      const detail = this.#stderr().trim().split('\n').slice(-3).join(' / ');
      waiting.reject(new ExitError(`${this.label}: the sh agent failed (status ${turn.status})${detail ? `: ${detail}` : ''}`));
    } else waiting.resolve(turn.output);
  }

  /** One round trip: `<length>\n<script><data>` out, one framed output back. */
  async #turn(script: string, data: Buffer): Promise<ShRecord[]> {
    const run = async (): Promise<ShRecord[]> => {
      if (this.#failure) throw this.#failure;
      this.#turns++;
      const text = Buffer.from(script, 'utf8');
      const output = new Promise<Buffer>((resolve, reject) => (this.#waiting = { resolve, reject }));
      const timer = setTimeout(() => this.#fail(new ExitError(`${this.label}: no answer for ${Math.round(this.#idleTimeoutMs / 1000)} s; the connection looks dead`)), this.#idleTimeoutMs);
      this.#child.stdin.write(Buffer.concat([Buffer.from(`${text.length}\n`), text, data]));
      this.#deliver();
      try {
        return parseRecords(await output, this.label);
      } finally {
        clearTimeout(timer);
      }
    };
    const next = this.#queue.then(run, run);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  #gzip(): boolean {
    return this.#tools?.get('gzip') === '1';
  }

  async #facts(request: ManifestRequest, forceDirs: string[], skipProbes: Set<string>): Promise<Facts> {
    const roots = request.scopeRoots.map((root) => JSON.stringify(root.length > 1 ? root.replace(/\/+$/, '') : root).slice(1, -1));
    const probes = request.probes.flatMap((probe) => {
      const nanos = nanosFor(probe.mtimeMs);
      if (!nanos || skipProbes.has(probe.path) || /[\t\n]/.test(probe.path)) return [];
      return [[probe.size, nanos.sec, nanos.lo, nanos.hi, probe.prefixLen ?? '-', probe.path].join('\t')];
    });
    const { script, data } = manifestScript({ roots, probes, forceDirs, legacySessionIds: request.sessionIds !== undefined, ...(request.extras ? { extras: request.extras } : {}) });
    const facts = collectFacts(await this.#turn(script, data), this.label);
    if (facts.errors.length > 0) throw new ExitError(`${this.label}: ${facts.errors[0] ?? ''}`);
    this.#tools = facts.hello;
    return facts;
  }

  async manifest(request: ManifestRequest): Promise<Manifest> {
    const retry = { dirs: new Set<string>(), paths: new Set<string>() };
    let manifest = assembleManifest(await this.#facts(request, [], new Set()), request, retry);
    if (retry.dirs.size > 0 || retry.paths.size > 0) {
      // Rare (a cwd line that was not one, a scope root spelled otherwise): one fuller try.
      const again = { dirs: new Set<string>(), paths: new Set<string>() };
      manifest = assembleManifest(await this.#facts(request, [...retry.dirs], retry.paths), request, again);
      if (again.dirs.size > 0 || again.paths.size > 0) {
        throw new ExitError(`${this.label}: the sh agent could not describe ${[...again.dirs, ...again.paths][0] ?? ''} (files changing too fast?); run again`);
      }
    }
    return checkManifestPaths(manifest, this.label);
  }

  async read(requests: ReadRequest[], onBytes?: OnBytes): Promise<ReadResult[]> {
    if (requests.length === 0) return [];
    for (const request of requests) {
      try {
        safeWirePath(request.path);
      } catch (error) {
        throw new ExitError(`${this.label}: cannot read ${request.path}: ${errorReason(error)}`);
      }
      if (!Number.isSafeInteger(request.offset) || !Number.isSafeInteger(request.length) || request.offset < 0 || request.length < 0) {
        throw new ExitError(`${this.label}: cannot read ${request.path}: bad range`);
      }
    }
    const { script, data } = readScript(requests, true);
    const records = await this.#turn(script, data);
    const error = records.find((record) => record.tag === 'E');
    if (error) throw new ExitError(`${this.label}: ${error.data.toString('utf8')}`);
    const body = records.find((record) => record.tag === 'B' || record.tag === 'Z');
    const total = requests.reduce((sum, request) => sum + request.length, 0);
    if (!body) throw new ExitError(`${this.label}: the sh agent sent no read body (protocol error)`);
    const raw = body.tag === 'Z' ? gunzipSync(body.data, { maxOutputLength: Math.max(total, 1) }) : body.data;
    if (raw.length !== total) throw new ExitError(`${this.label}: asked for ${total} bytes, the sh agent sent ${raw.length}`);
    onBytes?.(total); // one turn: the bytes arrive at once
    let offset = 0;
    return requests.map((request) => {
      const slice = raw.subarray(offset, offset + request.length);
      offset += request.length;
      return { path: request.path, data: slice };
    });
  }

  async write(ops: WriteOp[], onBytes?: OnBytes): Promise<WriteResult[]> {
    if (ops.length === 0) return [];
    const refused = new Map<number, WriteResult>();
    ops.forEach((op, index) => {
      try {
        safeWirePath(op.path);
      } catch (error) {
        refused.set(index, { ok: false, path: op.path, code: 'refused', message: `${op.kind} ${op.path}: ${describeError(error)}` });
      }
    });
    const sent = ops.filter((_, index) => !refused.has(index));
    const offsets: number[] = [];
    let at = 0;
    for (const op of sent) {
      offsets.push(at);
      if (op.kind !== 'remove' && op.kind !== 'backup') at += op.data.length;
    }
    const raw = Buffer.concat(sent.flatMap((op) => (op.kind === 'remove' || op.kind === 'backup' ? [] : [op.data])));
    const gzip = this.#gzip() && raw.length > 0;
    const body = gzip ? gzipSync(raw, { level: 6 }) : raw;
    let results: WriteResult[] = [];
    if (sent.length > 0) {
      const script = writeScript(sent, offsets, { runId: this.#runId, gzip, bodyLength: body.length, rawLength: raw.length });
      const records = await this.#turn(script, body);
      results = parseWriteResults(records, sent, this.label, (op) => (kindOf(op.path) === 'jsonl' ? fingerprintBuffer(op.data, op.data.length) : sha256Buffer(op.data)));
    }
    onBytes?.(ops.reduce((sum, op) => sum + ('data' in op ? op.data.length : 0), 0));
    let next = 0;
    return ops.map((_, index) => refused.get(index) ?? results[next++] ?? { ok: false, path: ops[index]?.path ?? '', code: 'io', message: 'no result' });
  }

  async info(): Promise<ShInfo> {
    const info = parseInfo(await this.#turn(infoScript(), Buffer.alloc(0)));
    this.#tools = new Map(Object.entries(info.tools));
    return info;
  }

  async close(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.stdin.end();
    const timer = setTimeout(() => this.#child.kill('SIGTERM'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
