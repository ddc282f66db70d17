// A CCSYNC_SSH_COMMAND wrapper for the SSH tests, run as a program:
//   node ssh-relay.js CONTROL.json ssh -F cfg [ccsync's ssh arguments…]
// It runs the real ssh and relays both pipes, counting the bytes each way (written to the
// control's `countFile` as one JSON line at exit: the bytes on the wire that the agent cache and
// the benchmark care about), and its argv to `argsFile`. It follows the frames going up, so a test can break the run at a
// chosen moment (issue #3, "Interruptions"):
//   cutWrite        forward only the first half of the first `write` frame, then kill ssh
//   dropAnswer      forward the `write` frame, swallow everything coming back, kill ssh 1.5 s later
//   killParent      once the `write` frame went up, SIGKILL ccsync itself (our parent)
//   killParentOnRead  once a `read` answer came down, SIGKILL ccsync after `delayMs`
//   killSelf      once the `write` frame went up, SIGKILL ssh and this relay (ccsync's child dies by a signal)
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';

interface Control {
  countFile?: string;
  /** each run's ssh argv is appended here as one JSON line (to check what ccsync passes ssh) */
  argsFile?: string;
  mode?: 'cutWrite' | 'dropAnswer' | 'killParent' | 'killParentOnRead' | 'killSelf';
  delayMs?: number;
  /** act on this write frame (1-based; default the first): a big write is several frames */
  atWrite?: number;
}

const [controlPath, program, ...args] = process.argv.slice(2);
if (controlPath === undefined || program === undefined) {
  process.stderr.write('usage: ssh-relay CONTROL.json PROGRAM [ARGS…]\n');
  process.exit(2);
}
const parsed: unknown = JSON.parse(readFileSync(controlPath, 'utf8'));
const control: Control = typeof parsed === 'object' && parsed !== null ? parsed : {};

// The bootstrap command is the last argument: `… ccsync 'HASH' UPLOAD_LENGTH 'DIR'`.
const uploadMatch = / ccsync '[0-9a-f]+' ([0-9]+) /.exec(args[args.length - 1] ?? '');
const uploadLength = Number(uploadMatch?.[1] ?? '0');

/** Walks a byte stream frame by frame ("CCS1" | u32 | header | u32 | body) without copying it. */
class FrameWatch {
  #buffer = Buffer.alloc(0);
  #start: number;
  constructor(skip: number) {
    this.#start = skip;
  }
  /** Appends bytes; calls `onFrame(op, start, end)` for each frame whose header is known. */
  push(chunk: Buffer, onFrame: (op: unknown, start: number, end: number) => void): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const start = this.#start;
      if (this.#buffer.length < start + 8) return;
      const headerLength = this.#buffer.readUInt32BE(start + 4);
      if (this.#buffer.length < start + 12 + headerLength) return;
      const bodyLength = this.#buffer.readUInt32BE(start + 8 + headerLength);
      let op: unknown;
      try {
        const raw = this.#buffer.subarray(start + 8, start + 8 + headerLength);
        // "CCSb": a header over 1 KB travels brotli-compressed (src/wire/wire-frames.ts)
        const json = this.#buffer.subarray(start, start + 4).toString('latin1') === 'CCSb' ? brotliDecompressSync(raw) : raw;
        const header: unknown = JSON.parse(json.toString('utf8'));
        op = typeof header === 'object' && header !== null && 'op' in header ? header.op : undefined;
      } catch {
        op = undefined;
      }
      const end = start + 12 + headerLength + bodyLength;
      onFrame(op, start, end);
      this.#start = end;
    }
  }
}

if (control.argsFile) appendFileSync(control.argsFile, `${JSON.stringify([program, ...args])}\n`);
const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'inherit'] });
let up = 0;
let down = 0;
let forwarded = 0;
let swallowDown = false;
let cut = false;
const finish = (code: number): void => {
  if (control.countFile) appendFileSync(control.countFile, `${JSON.stringify({ up, down, uploadLength, mode: control.mode ?? 'count' })}\n`);
  process.exit(code);
};
const killSsh = (): void => {
  child.kill('SIGKILL');
};

const upWatch = new FrameWatch(uploadLength);
/** stream offsets: forward no byte at or past `allowed`; act once `writeEnd` bytes went up */
let allowed = Number.POSITIVE_INFINITY;
let writeEnd = Number.POSITIVE_INFINITY;
let acted = false;
let writeFrames = 0;
process.stdin.on('data', (chunk: Buffer) => {
  if (cut) return;
  upWatch.push(chunk, (op, start, end) => {
    if (op !== 'write' || writeEnd !== Number.POSITIVE_INFINITY) return;
    writeFrames++;
    if (writeFrames < (control.atWrite ?? 1)) return;
    writeEnd = end;
    if (control.mode === 'cutWrite') allowed = start + Math.floor((end - start) / 2);
  });
  up += chunk.length;
  const part = chunk.subarray(0, Math.max(0, Math.min(up, allowed) - forwarded));
  if (part.length > 0) child.stdin.write(part);
  forwarded += part.length;
  if (forwarded >= allowed) {
    cut = true;
    killSsh();
    return;
  }
  if (forwarded >= writeEnd && !acted) {
    acted = true;
    if (control.mode === 'dropAnswer') {
      swallowDown = true;
      setTimeout(killSsh, 1500);
    }
    if (control.mode === 'killParent') process.kill(process.ppid, 'SIGKILL');
    if (control.mode === 'killSelf') {
      killSsh();
      process.kill(process.pid, 'SIGKILL');
    }
  }
});
process.stdin.on('end', () => child.stdin.end());
child.stdin.on('error', () => undefined);

const downWatch = new FrameWatch(0);
child.stdout.on('data', (chunk: Buffer) => {
  down += chunk.length;
  if (swallowDown) return;
  process.stdout.write(chunk);
  if (control.mode === 'killParentOnRead') {
    downWatch.push(chunk, (op) => {
      if (op === 'read') setTimeout(() => process.kill(process.ppid, 'SIGKILL'), control.delayMs ?? 0);
    });
  }
});
process.stdout.on('error', () => undefined);
child.on('exit', (code, signal) => finish(code ?? (signal ? 255 : 1)));
