// `ccsync watch` over a real loopback sshd (issue #12, "Tests"): changes go both ways within
// the bounds (a local change ~2 s after writes go quiet, a remote one ~10 s; asserted
// generously, the measured figures go to the test's diagnostics), a killed connection is
// recovered, idle CPU is measured, SIGINT ends it with exit 0.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SSHD, startSshd, type SshdFixture } from '../helpers/sshd.js';
import { appendTurn, resetRemote, sshClient } from '../helpers/ssh-cli.js';
import { startWatch } from '../helpers/watch-run.js';

const skip = SSHD && process.platform === 'linux' ? false : 'sshd (and /proc) needed';
let sshd: SshdFixture;

before(async () => {
  if (!skip) sshd = await startSshd();
});
after(async () => {
  if (!skip) await sshd.stop();
});

const SID = '1b0e2f7c-4d5a-4e8b-9c1d-2e3f4a5b6c7d';

async function until(what: string, probe: () => boolean, ms: number): Promise<number> {
  const started = Date.now();
  while (!probe()) {
    if (Date.now() - started > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - started;
}

const has = (file: string, text: string): boolean => {
  try {
    return readFileSync(file, 'utf8').includes(text);
  } catch {
    return false;
  }
};

test('watch carries changes both ways, survives a killed connection, idles cheaply and ends on SIGINT with 0', { skip, timeout: 300_000 }, async (t) => {
  resetRemote(sshd);
  const client = await sshClient(sshd);
  t.after(() => client.cleanup());
  const local = client.writeLocal(SID, 2);
  const remote = client.remoteTranscript(SID);
  const watch = startWatch(client.env, ['--interval', '2'], client.localProject);
  t.after(async () => {
    await watch.stop('SIGKILL');
  });
  // on a failure, what the watch said is the first thing to read
  t.after(() => t.diagnostic(`watch events: ${JSON.stringify(watch.events.map((e) => (e.event === 'sync' ? { ...e, result: undefined } : e)))}\nstderr: ${watch.stderr()}`));

  await watch.waitFor('watching', (e) => e.event === 'watching');
  await watch.waitFor('connected', (e) => e.event === 'connected' && e.remote === 'pod', 60_000);
  await until('the first sync to put the session on the remote', () => has(remote, 'prompt 2'), 60_000);

  // local → remote: Claude appends a turn; the watch pushes it once writes are quiet
  const [, localReply] = appendTurn(local, SID, client.localProject, 'local-turn', 1);
  const localLatency = await until('the local turn on the remote', () => has(remote, localReply ?? '?'), 20_000);
  t.diagnostic(`local change on the remote after ${localLatency} ms (quiet period 1 s)`);

  // remote → local: a turn made on the remote comes in through the poll
  const [, remoteReply] = appendTurn(remote, SID, client.remoteProject, 'remote-turn', 2);
  const remoteLatency = await until('the remote turn here', () => has(local, remoteReply ?? '?'), 30_000);
  t.diagnostic(`remote change here after ${remoteLatency} ms (poll every 2 s)`);

  // idle: no change for a while costs ~no CPU
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const idleSeconds = Number(process.env['CCSYNC_WATCH_IDLE_SECONDS'] ?? '15');
  const [ssh] = watch.children();
  const cpu = (): number => watch.cpuTicks() + (ssh ? readTicks(ssh) : 0);
  const before = cpu();
  await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
  const ticks = cpu() - before;
  const percent = (ticks / 100 / idleSeconds) * 100;
  t.diagnostic(`idle CPU over ${idleSeconds} s with a poll every 2 s: ${ticks} ticks = ${percent.toFixed(2)}% of a core (watch + its ssh)`);
  assert.ok(percent < 10, `idle watch used ${percent.toFixed(1)}% of a core`);

  // a killed connection: the watch says so, reconnects, and goes on carrying changes
  assert.ok(ssh !== undefined, 'the watch keeps an ssh open');
  const mark = watch.events.length;
  process.kill(ssh, 'SIGKILL');
  await watch.waitFor('disconnected', (e) => e.event === 'disconnected', 30_000, mark);
  await watch.waitFor('connected again', (e) => e.event === 'connected', 60_000, mark);
  const [, afterDrop] = appendTurn(local, SID, client.localProject, 'after-drop', 3);
  await until('a turn after the reconnect on the remote', () => has(remote, afterDrop ?? '?'), 20_000);

  const stopped = await watch.stop('SIGINT');
  assert.deepEqual(stopped, { code: 0, signal: null }, watch.stderr());
  assert.equal(watch.events.at(-1)?.event, 'stopped');
  assert.equal(watch.events.filter((e) => e.event === 'unparsable').length, 0, 'every stdout line is one JSON event');
});

function readTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}
