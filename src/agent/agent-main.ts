// The remote agent: bundled into one file, sent over the SSH connection and run by the remote's
// `node` (issue #3: nothing to install). It answers framed requests on stdin/stdout until EOF.
// Its root comes from its own environment and argv, never from a request; every path in a
// request is checked by safe-path.ts before use.
import { statfs, stat } from 'node:fs/promises';
import { homedir, release, type } from 'node:os';
import { join } from 'node:path';
import { requestSchema, type AgentRequest, type AgentResponse, type Hello } from '../wire/agent-messages.js';
import { compactManifest, decodeProbes } from '../wire/manifest-wire.js';
import { PROTOCOL_VERSION, type WriteOp } from '../wire/protocol.js';
import type { Codec } from '../wire/body-codec.js';
import { compressInParts, inflateBody, PieceReader } from '../wire/body-parts.js';
import { encodeFrame, FrameDecoder } from '../wire/wire-frames.js';
import type { AgentRoot } from './agent-root.js';
import { newRunId } from './backups.js';
import { InflateAhead } from './inflate-ahead.js';
import { applyWrites, readRanges } from './file-ops.js';
import { buildManifest } from './manifest.js';
import { describeError } from '../errors.js';

export const AGENT_VERSION = '1';
/** Write batches inflated ahead of the one being written. */
const INFLATE_AHEAD = 2;

function agentRoot(claudeDirArg: string | undefined): AgentRoot {
  const home = homedir();
  const env = process.env;
  const claudeDir = claudeDirArg || env['CLAUDE_CONFIG_DIR'] || join(home, '.claude');
  const stateHome = env['XDG_STATE_HOME']?.startsWith('/') ? env['XDG_STATE_HOME'] : join(home, '.local', 'state');
  return { claudeDir, home, backupDir: join(stateHome, 'ccsync', 'backups'), runId: newRunId(), platform: process.platform };
}

async function claudeVersion(): Promise<{ version?: string; path?: string }> {
  // loaded for `check` only: child_process costs every other run ~5 ms of start-up (issue #11)
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    execFile('claude', ['--version'], { timeout: 15_000 }, (error, stdout) => {
      resolve(error ? {} : { version: stdout.trim().split('\n')[0] ?? '', path: 'claude' });
    });
  });
}

/** The ops with their data, from the body's pieces in order (views where an op lies in one piece). */
function unpackWrites(ops: Extract<AgentRequest, { op: 'write' }>['ops'], body: readonly Buffer[]): WriteOp[] {
  const reader = new PieceReader(body);
  const unpacked = ops.map((op): WriteOp => {
    if (op.kind === 'remove' || op.kind === 'backup') return op;
    const data = reader.take(op.dataLength);
    if (data === undefined) throw new Error('write body shorter than its ops announce');
    const { dataLength: _dataLength, ...rest } = op;
    return { ...rest, data };
  });
  if (reader.left > 0) throw new Error('write body longer than its ops announce');
  return unpacked;
}

async function handle(root: AgentRoot, request: AgentRequest, body: Buffer, inflated: (() => Promise<Buffer[]>) | undefined): Promise<{ header: AgentResponse; body?: Buffer }> {
  switch (request.op) {
    case 'manifest': {
      const { probes: sent, ...rest } = request.request;
      const probes = decodeProbes(sent);
      const manifest = compactManifest(await buildManifest(root, { ...rest, probes }), probes);
      return { header: { id: request.id, ok: true, op: 'manifest', manifest } };
    }
    case 'read': {
      const results = await readRanges(root, request.requests);
      const lengths = results.map((result) => result.data.length);
      const codec: Codec = request.accept;
      // a first pull's groups: in parts on the threadpool, as the client sends its writes
      const { body, parts } = await compressInParts(codec, results.map((result) => result.data));
      const rawLength = lengths.reduce((sum, length) => sum + length, 0);
      return { header: { id: request.id, ok: true, op: 'read', lengths, codec, rawLength, ...(parts ? { parts } : {}) }, body };
    }
    case 'write': {
      const raw = await (inflated?.() ?? inflateBody(request.codec, body, request.parts, request.rawLength));
      return { header: { id: request.id, ok: true, op: 'write', results: await applyWrites(root, unpackWrites(request.ops, raw)) } };
    }
    case 'info': {
      const exists = await stat(root.claudeDir).then((s) => s.isDirectory(), () => false);
      const fs = await statfs(exists ? root.claudeDir : root.home).catch(() => undefined);
      const claude = await claudeVersion();
      const info = {
        os: `${type()} ${release()}`,
        claudeDirExists: exists,
        ...(fs ? { freeBytes: fs.bavail * fs.bsize } : {}),
        ...(claude.version ? { claudeVersion: claude.version } : {}),
        ...(claude.path ? { claudePath: claude.path } : {}),
      };
      return { header: { id: request.id, ok: true, op: 'info', info } };
    }
  }
}

function send(header: unknown, body?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    // The client runs the same build as this agent (cached by content hash): it reads compressed headers.
    const parts = encodeFrame(header, body, { compressHeader: true });
    process.stdout.write(Buffer.concat(parts), (error) => (error ? reject(error) : resolve()));
  });
}

export async function runAgent(argv: readonly string[]): Promise<void> {
  const root = agentRoot(argv[0]);
  const hello: Hello = {
    op: 'hello',
    protocol: PROTOCOL_VERSION,
    agent: 'node',
    agentVersion: AGENT_VERSION,
    runtime: process.version,
    platform: process.platform,
    arch: process.arch,
    home: root.home,
    claudeDir: root.claudeDir,
    codecs: ['br', 'gzip', 'none'],
    upMs: Math.round(process.uptime() * 1000),
  };
  await send(hello);
  const decoder = new FrameDecoder();
  const ahead = new InflateAhead<Buffer[]>(INFLATE_AHEAD);
  // Requests may arrive pipelined; they are answered one by one, in order.
  let queue = Promise.resolve();
  process.stdin.on('data', (chunk: Buffer) => {
    let frames;
    try {
      frames = decoder.push(chunk);
    } catch (error) {
      queue = queue.then(() => send({ id: 0, ok: false, error: String(error) })).then(() => process.exit(2));
      return;
    }
    for (const frame of frames) {
      const parsed = requestSchema.safeParse(frame.header);
      // A write batch inflates ahead of its turn, while the ones before it are still written
      // (inflate-ahead.ts: at most INFLATE_AHEAD at once; a first sync sends hundreds of MB).
      let inflated: (() => Promise<Buffer[]>) | undefined;
      if (parsed.success && parsed.data.op === 'write') {
        const { codec, rawLength, parts } = parsed.data;
        inflated = ahead.add(() => inflateBody(codec, frame.body, parts, rawLength));
      }
      queue = queue.then(async () => {
        if (!parsed.success) {
          await send({ id: 0, ok: false, error: `bad request: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
          return;
        }
        try {
          const answer = await handle(root, parsed.data, frame.body, inflated);
          await send(answer.header, answer.body);
        } catch (error) {
          await send({ id: parsed.data.id, ok: false, error: describeError(error) });
        }
      });
    }
  });
  process.stdin.on('end', () => {
    void queue.then(() => process.exit(0));
  });
}
