// A hostile remote for the SSH tests (issue #3, "Trust nothing from the wire"), run as the whole
// CCSYNC_SSH_COMMAND:  node fake-agent.js MODE CLAUDE_DIR [ccsync's ssh arguments…]
// It ignores the command it is asked to run and speaks the frame protocol itself. It answers
// with the real agent's code over CLAUDE_DIR (a temp Claude dir the test filled), then lies as
// MODE says:
//   traversal | absolute | nul | dotdot-dir | bad-jsonl-name   an unsafe path in the manifest
//   overread      a read answered with more bytes than asked
//   short-body    a read whose announced lengths are right but whose body is shorter
//   oversized     a frame header announcing 4 GiB (in place of the manifest answer)
//   oversized-body  a frame body announcing 4 GiB
//   garbage       shell start-up noise on stdout instead of the hello
//   garbage-exit  a few bytes of noise, then exit 0
//   wrong-protocol  a hello for protocol 99
import { homedir } from 'node:os';
import { z } from 'zod';
import { buildManifest } from '../../src/agent/manifest.js';
import { readRanges } from '../../src/agent/file-ops.js';
import { PROTOCOL_VERSION, type Manifest } from '../../src/wire/protocol.js';
import { manifestRequestSchema } from '../../src/wire/agent-messages.js';
import { compactManifest, decodeProbes } from '../../src/wire/manifest-wire.js';
import { encodeFrame, FrameDecoder } from '../../src/wire/wire-frames.js';

const [mode = 'garbage', claudeDir = '/nonexistent', ...sshArgs] = process.argv.slice(2);
const uploadLength = Number(/ ccsync '[0-9a-f]+' ([0-9]+) /.exec(sshArgs[sshArgs.length - 1] ?? '')?.[1] ?? '0');
const root = { claudeDir, home: homedir(), backupDir: '/nonexistent/backups', runId: 'fake', platform: process.platform };

const readRequestsSchema = z.array(z.object({ path: z.string(), offset: z.number(), length: z.number() }));

function send(header: unknown, body?: Buffer): void {
  process.stdout.write(Buffer.concat(encodeFrame(header, body)));
}

function rawHeaderOfLength(length: number): Buffer {
  const head = Buffer.alloc(8);
  head.write('CCS1', 0, 'latin1');
  head.writeUInt32BE(length, 4);
  return head;
}

function tamper(manifest: Manifest): Manifest {
  const first = manifest.projects[0];
  const dir = first?.dir ?? '-x';
  const entry = { kind: 'jsonl' as const, size: 10, mtimeMs: 1, completeLen: 10, fp: 'x' };
  switch (mode) {
    case 'traversal':
      return { ...manifest, files: [...manifest.files, { ...entry, path: `projects/${dir}/../../../.ssh/authorized_keys` }] };
    case 'absolute':
      return { ...manifest, files: [...manifest.files, { ...entry, path: '/root/.ssh/authorized_keys' }] };
    case 'nul':
      return { ...manifest, files: [...manifest.files, { ...entry, path: `projects/${dir}/a\u0000b.jsonl` }] };
    case 'dotdot-dir':
      return { ...manifest, projects: [...manifest.projects, { dir: '..', cwd: first?.cwd ?? '/x', inScope: true, jsonl: ['evil.jsonl'], hasSessionsIndex: false }] };
    case 'bad-jsonl-name':
      return first ? { ...manifest, projects: [{ ...first, jsonl: [...first.jsonl, '../../.ssh/authorized_keys.jsonl'] }] } : manifest;
    default:
      return manifest;
  }
}

if (mode === 'garbage') {
  process.stdout.write('Last login: Mon Dec  1 09:00:00 2026 from 10.0.0.1\nWelcome to your GPU pod!\n');
} else if (mode === 'garbage-exit') {
  process.stdout.write('hi\n');
  process.exit(0);
} else {
  const common = { op: 'hello', agent: 'node', agentVersion: 'fake', runtime: process.version, platform: process.platform, arch: process.arch };
  send({ ...common, protocol: mode === 'wrong-protocol' ? 99 : PROTOCOL_VERSION, home: root.home, claudeDir, codecs: ['none'] });
}

let skip = uploadLength;
const decoder = new FrameDecoder();
let queue = Promise.resolve();
process.stdin.on('data', (chunk: Buffer) => {
  const drop = Math.min(skip, chunk.length);
  skip -= drop;
  for (const frame of decoder.push(chunk.subarray(drop))) {
    queue = queue.then(async () => {
      const header = frame.header;
      if (typeof header !== 'object' || header === null || !('id' in header) || !('op' in header)) return;
      const id = header.id;
      if (header.op === 'manifest' && 'request' in header) {
        if (mode === 'oversized') return void process.stdout.write(rawHeaderOfLength(0xffff_fff0));
        const { probes: sent, ...rest } = manifestRequestSchema.parse(header.request);
        const probes = decodeProbes(sent);
        const manifest = await buildManifest(root, { ...rest, probes });
        send({ id, ok: true, op: 'manifest', manifest: compactManifest(tamper(manifest), probes) });
      } else if (header.op === 'read' && 'requests' in header && Array.isArray(header.requests)) {
        const results = await readRanges(root, readRequestsSchema.parse(header.requests));
        const lengths = results.map((result) => result.data.length);
        let body = Buffer.concat(results.map((result) => result.data));
        if (mode === 'overread') {
          body = Buffer.concat([body, Buffer.from('{"uuid":"smuggled"}\n')]);
          lengths[0] = (lengths[0] ?? 0) + 20;
        }
        if (mode === 'short-body') body = body.subarray(0, Math.max(0, body.length - 10));
        if (mode === 'oversized-body') {
          const json = Buffer.from(JSON.stringify({ id, ok: true, op: 'read', lengths, codec: 'none', rawLength: body.length }));
          const bodyLength = Buffer.alloc(4);
          bodyLength.writeUInt32BE(0xffff_fff0, 0);
          return void process.stdout.write(Buffer.concat([rawHeaderOfLength(json.length), json, bodyLength]));
        }
        send({ id, ok: true, op: 'read', lengths, codec: 'none', rawLength: body.length }, body);
      } else if (header.op === 'write') {
        // A hostile agent that accepted writes would only hurt itself; refuse them all.
        send({ id, ok: false, error: 'fake agent writes nothing' });
      }
    });
  }
});
process.stdin.on('end', () => void queue.then(() => process.exit(0)));
