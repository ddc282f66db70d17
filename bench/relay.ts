// A byte-counting ssh ProxyCommand (issue #3 benchmark: bytes "counted outside both tools"):
//   ProxyCommand node relay.js HOST PORT COUNTDIR [DELAY_MS]
// It pipes ssh's stdin/stdout to a TCP connection and keeps its running totals in
// COUNTDIR/<pid>.json ({up, down, exchanges, done}; up = client → server), rewritten at most
// every 20 ms and once more when the connection ends. Running totals, because an ssh master
// (ccsync's connection reuse, issue #11) keeps one connection for many runs: the harness
// counts each run as the difference. DELAY_MS > 0 holds every chunk going up for that long
// before sending it (a one-way delay: this kernel has no netem), so a request/response round
// trip costs DELAY_MS more; chunks keep their order.
// `exchanges` counts how often the client sent again after the server had sent something: the
// round trips the conversation needs, whatever the load on the machine (a bulk transfer also
// counts flow-control replies, so the count means most for the small scenarios).
import { renameSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

const [host, portText, countDir, delayText] = process.argv.slice(2);
const port = Number(portText);
const delayMs = Number(delayText ?? '0');
if (!host || !countDir || !Number.isInteger(port) || !Number.isFinite(delayMs)) {
  process.stderr.write('usage: relay.js HOST PORT COUNTDIR [DELAY_MS]\n');
  process.exit(2);
}

let up = 0;
let down = 0;
let exchanges = 0;
let last: 'up' | 'down' | undefined;
let done = false;
let timer: NodeJS.Timeout | undefined;
const file = join(countDir, `${process.pid}.json`);
const save = (): void => {
  timer = undefined;
  // written whole, then renamed: a reader never sees half a record
  writeFileSync(`${file}.tmp`, JSON.stringify({ up, down, exchanges, delayMs, done }));
  renameSync(`${file}.tmp`, file);
};
const changed = (): void => {
  timer ??= setTimeout(save, 20);
};
save();

const socket = connect({ host, port, noDelay: true });
process.stdin.on('data', (chunk: Buffer) => {
  up += chunk.length;
  if (last === 'down') exchanges++;
  last = 'up';
  changed();
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
  changed();
  process.stdout.write(chunk);
});
const finish = (code: number): void => {
  if (!done) {
    done = true;
    clearTimeout(timer);
    save();
  }
  process.exit(code);
};
socket.on('end', () => process.stdout.end(() => finish(0)));
socket.on('error', (error) => {
  process.stderr.write(`relay: ${error.message}\n`);
  finish(1);
});
// ssh signals its ProxyCommand when it is done with it: count what went through first.
for (const signal of ['SIGHUP', 'SIGTERM', 'SIGINT', 'SIGPIPE'] as const) process.on(signal, () => finish(0));
process.on('exit', () => {
  if (!done) {
    done = true;
    save();
  }
});
