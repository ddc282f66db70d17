// The initial sync's floor for any Node 20 tool (issue #11): the corpus's files, compressed by
// ccsync's own codec path (compressBodyAsync: brotli 4, 1 MB window, 8 MB parts, at most
// min(cores, 3) jobs at once — Node 20's only codec whose bytes stay under rsync's zstd-3 stream),
// framed through the same ssh and relay, inflated and written into files on the other side.
// Nothing else: no path rewrite, no manifests, no temp files, renames or fsyncs. What ccsync
// takes above this is its own work; what this takes above rsync is the codec.
//   node dist/bench/node-floor.js send <dir>      frames on stdout
//   node dist/bench/node-floor.js receive <dir>   frames from stdin, files under <dir>
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { compressBodyAsync, decompressBodyAsync } from '../src/wire/body-codec.js';
import { BODY_PART_BYTES } from '../src/wire/body-parts.js';

/** Frame header: name length, compressed length, raw length, offset of the part in its file (MB). */
const HEADER_BYTES = 16;

function filesUnder(root: string): Array<{ path: string; size: number }> {
  const files: Array<{ path: string; size: number }> = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push({ path, size: statSync(path).size });
    }
  };
  walk(root);
  // biggest first, as ccsync orders a first sync (grouped-writes.ts)
  return files.sort((a, b) => b.size - a.size);
}

/** Parts read and compressed ahead of the one being written out: both cores busy, memory bounded. */
const PARTS_AHEAD = 4;

async function send(root: string): Promise<void> {
  const parts: Array<{ file: string; path: string; at: number }> = [];
  for (const file of filesUnder(root)) {
    for (let at = 0; at < Math.max(file.size, 1); at += BODY_PART_BYTES) parts.push({ file: relative(root, file.path), path: file.path, at });
  }
  const read = async (path: string, at: number): Promise<Buffer> => {
    const handle = await open(path, 'r');
    try {
      const data = Buffer.allocUnsafe(BODY_PART_BYTES);
      const { bytesRead } = await handle.read(data, 0, BODY_PART_BYTES, at);
      return data.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  };
  const started: Array<Promise<{ raw: number; body: Buffer }>> = [];
  const start = (index: number): void => {
    const part = parts[index];
    if (part === undefined || started[index] !== undefined) return;
    started[index] = read(part.path, part.at).then(async (raw) => ({ raw: raw.length, body: await compressBodyAsync('br', raw) }));
    started[index]?.catch(() => undefined); // awaited in order below
  };
  for (const [index, part] of parts.entries()) {
    for (let ahead = index; ahead <= index + PARTS_AHEAD; ahead++) start(ahead);
    const frame = await started[index];
    if (frame === undefined) throw new Error('internal: a part was not compressed');
    const name = Buffer.from(part.file);
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeUInt32BE(name.length, 0);
    header.writeUInt32BE(frame.body.length, 4);
    header.writeUInt32BE(frame.raw, 8);
    header.writeUInt32BE(part.at / BODY_PART_BYTES, 12);
    process.stdout.write(Buffer.concat([header, name]));
    if (!process.stdout.write(frame.body)) await new Promise((resolve) => process.stdout.once('drain', resolve));
  }
}

async function receive(root: string): Promise<void> {
  let pending = Buffer.alloc(0);
  let chunks: Buffer[] = []; // arrived after `pending`, joined only once a whole frame is there
  let chunkBytes = 0;
  let written: Promise<void> = Promise.resolve();
  for await (const chunk of process.stdin) {
    if (!(chunk instanceof Buffer)) throw new Error('stdin gave text, not bytes');
    chunks.push(chunk);
    chunkBytes += chunk.length;
    const needed = pending.length >= HEADER_BYTES ? HEADER_BYTES + pending.readUInt32BE(0) + pending.readUInt32BE(4) : HEADER_BYTES;
    if (pending.length + chunkBytes < needed) continue;
    pending = Buffer.concat([pending, ...chunks]);
    chunks = [];
    chunkBytes = 0;
    while (pending.length >= HEADER_BYTES) {
      const nameLength = pending.readUInt32BE(0);
      const bodyLength = pending.readUInt32BE(4);
      const end = HEADER_BYTES + nameLength + bodyLength;
      if (pending.length < end) break;
      const file = join(root, pending.subarray(HEADER_BYTES, HEADER_BYTES + nameLength).toString());
      const at = pending.readUInt32BE(12) * BODY_PART_BYTES;
      const inflated = decompressBodyAsync('br', pending.subarray(HEADER_BYTES + nameLength, end), pending.readUInt32BE(8));
      inflated.catch(() => undefined); // awaited in order below
      pending = pending.subarray(end);
      written = written.then(async () => {
        const data = await inflated;
        mkdirSync(dirname(file), { recursive: true });
        const handle = await open(file, at === 0 ? 'w' : 'r+', 0o600);
        try {
          await handle.write(data, 0, data.length, at);
        } finally {
          await handle.close();
        }
      });
    }
  }
  if (pending.length + chunkBytes > 0) throw new Error(`${pending.length + chunkBytes} bytes after the last whole frame`);
  await written;
}

const [mode, dir] = process.argv.slice(2);
if (dir === undefined || (mode !== 'send' && mode !== 'receive')) {
  process.stderr.write('usage: node-floor.js send|receive <dir>\n');
  process.exit(2);
}
(mode === 'send' ? send(dir) : receive(dir)).catch((error: unknown) => {
  process.stderr.write(`node-floor ${mode}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
