// A byte-counting ssh ProxyCommand (issue #3 benchmark: bytes "counted outside both tools"):
//   ProxyCommand node relay.js HOST PORT COUNTFILE [DELAY_MS]
// It pipes ssh's stdin/stdout to a TCP connection and, when the connection ends, appends one
// JSON line {up, down} to COUNTFILE (up = client → server). DELAY_MS > 0 holds every chunk
// going up for that long before sending it (a one-way delay: this kernel has no netem), so a
// request/response round trip costs DELAY_MS more; chunks keep their order.
// `exchanges` counts how often the client sent again after the server had sent something: the
// round trips the conversation needs, whatever the load on the machine (a bulk transfer also
// counts flow-control replies, so the count means most for the small scenarios).
import { appendFileSync } from 'node:fs';
import { connect } from 'node:net';

const [host, portText, countFile, delayText] = process.argv.slice(2);
const port = Number(portText);
const delayMs = Number(delayText ?? '0');
if (!host || !countFile || !Number.isInteger(port) || !Number.isFinite(delayMs)) {
  process.stderr.write('usage: relay.js HOST PORT COUNTFILE [DELAY_MS]\n');
  process.exit(2);
}

let up = 0;
let down = 0;
let exchanges = 0;
let last: 'up' | 'down' | undefined;
let recorded = false;
const record = (): void => {
  if (recorded) return;
  recorded = true;
  appendFileSync(countFile, `${JSON.stringify({ up, down, exchanges, delayMs })}\n`);
};

const socket = connect({ host, port, noDelay: true });
process.stdin.on('data', (chunk: Buffer) => {
  up += chunk.length;
  if (last === 'down') exchanges++;
  last = 'up';
  if (delayMs > 0) setTimeout(() => socket.write(chunk), delayMs);
  else socket.write(chunk);
});
process.stdin.on('end', () => {
  if (delayMs > 0) setTimeout(() => socket.end(), delayMs);
  else socket.end();
});
socket.on('data', (chunk: Buffer) => {
  down += chunk.length;
  last = 'down';
  process.stdout.write(chunk);
});
const finish = (code: number): void => {
  record();
  process.exit(code);
};
socket.on('end', () => process.stdout.end(() => finish(0)));
socket.on('error', (error) => {
  process.stderr.write(`relay: ${error.message}\n`);
  finish(1);
});
// ssh signals its ProxyCommand when it is done with it: count what went through first.
for (const signal of ['SIGHUP', 'SIGTERM', 'SIGINT', 'SIGPIPE'] as const) process.on(signal, () => finish(0));
process.on('exit', record);
