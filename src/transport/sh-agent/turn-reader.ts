// The sh agent's side of the pipe, as bytes arrive (ssh-bootstrap.ts frames each turn as
// `R <length> <status>\n` + output). Chunks are joined only when a whole turn is there:
// outputs can be hundreds of MB, and joining on every chunk would copy them quadratically.
import { SH_GREETING } from '../ssh-bootstrap.js';
import { MAX_BODY_BYTES } from '../../wire/wire-frames.js';

const TURN_HEAD = /^R (\d{1,12}) (\d{1,3})$/;

export type Turn = { output: Buffer; status: number } | 'wait' | { malformed: string };

export class TurnReader {
  #chunks: Buffer[];
  #size: number;

  constructor(rest: Buffer) {
    this.#chunks = [rest];
    this.#size = rest.length;
  }

  push(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#size += chunk.length;
  }

  #first(length: number): Buffer {
    const parts: Buffer[] = [];
    let have = 0;
    for (const chunk of this.#chunks) {
      if (have >= length) break;
      parts.push(chunk);
      have += chunk.length;
    }
    return Buffer.concat(parts).subarray(0, length);
  }

  next(): Turn {
    const first = this.#first(40);
    const newline = first.indexOf(0x0a);
    if (newline < 0) return first.length > 32 ? { malformed: 'something that is not a turn' } : 'wait';
    const head = TURN_HEAD.exec(first.toString('latin1', 0, newline));
    const length = Number(head?.[1]);
    if (!head || length > MAX_BODY_BYTES) return { malformed: 'a malformed turn header' };
    const end = newline + 1 + length;
    if (this.#size < end) return 'wait';
    const all = Buffer.concat(this.#chunks, this.#size);
    this.#chunks = [all.subarray(end)];
    this.#size = all.length - end;
    return { output: all.subarray(newline + 1, end), status: Number(head[2]) };
  }
}

/**
 * For SshTransport: the first bytes decide which agent answered. Returns `wait` until enough
 * bytes arrived, `{ sh: rest }` after the sh greeting, else `{ node: bytes }` (all of them).
 */
export function sniffShGreeting(): (chunk: Buffer) => 'wait' | { sh: Buffer } | { node: Buffer } {
  let head: Buffer | undefined = Buffer.alloc(0);
  return (chunk) => {
    if (head === undefined) return { node: chunk };
    head = Buffer.concat([head, chunk]);
    const text = head.toString('latin1', 0, Math.min(head.length, SH_GREETING.length));
    if (head.length < SH_GREETING.length && SH_GREETING.startsWith(text)) return 'wait';
    const all = head;
    head = undefined;
    return text === SH_GREETING ? { sh: all.subarray(SH_GREETING.length) } : { node: all };
  };
}
