// `node dist/bench/watch-cost.js [--sessions 50] [--turns 20] [--polls 40] [--idle 60]` (issue
// #12): what `ccsync watch` costs over a real loopback sshd. (1) One poll — the remote manifest
// over a kept connection, hashed: wall time, and CPU on this side and in the remote agent.
// (2) An idle watch (default interval, 5 s): CPU of the watch, its ssh and the remote agent
// over `--idle` seconds, from /proc/<pid>/stat (utime + stime). Linux only.
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/config-file.js';
import { resolveRemote } from '../src/config/resolve-remote.js';
import { newRunId } from '../src/agent/backups.js';
import { openRemoteTransport } from '../src/transport/open-transport.js';
import { remoteManifestDigest } from '../src/watch/poll.js';
import { startSshd } from '../tests/helpers/sshd.js';
import { sshClient } from '../tests/helpers/ssh-cli.js';
import { childrenOf, cpuTicksOf, startWatch } from '../tests/helpers/watch-run.js';

const { values } = parseArgs({ options: { sessions: { type: 'string', default: '50' }, turns: { type: 'string', default: '20' }, polls: { type: 'string', default: '40' }, idle: { type: 'string', default: '60' } } });
const sessions = Number(values.sessions);
const turns = Number(values.turns);
const polls = Number(values.polls);
const idleSeconds = Number(values.idle);
const TICK = 100; // clock ticks per second (getconf CLK_TCK on Linux)

/** Remote agent processes: node running ccsync's cached agent under the fixture's remote home. */
function agentPids(remoteHome: string, except: ReadonlySet<number> = new Set()): number[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number).filter((pid) => {
    if (except.has(pid)) return false;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return cmdline.startsWith('node') && cmdline.includes('ccsync') && readFileSync(`/proc/${pid}/environ`, 'utf8').includes(`HOME=${remoteHome}`);
    } catch {
      return false;
    }
  });
}

const ticks = (pids: number[]): number => pids.reduce((sum, pid) => sum + (() => { try { return cpuTicksOf(pid); } catch { return 0; } })(), 0);
const median = (list: number[]): number => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;

const sshd = await startSshd();
const client = await sshClient(sshd);
try {
  for (let index = 0; index < sessions; index++) client.writeLocal(`0000${String(index).padStart(4, '0')}-1111-4222-8333-444455556666`, turns);
  const pushed = await client.run(['push', 'pod', '--json']);
  if (pushed.code !== 0) throw new Error(`push: ${pushed.stderr}`);

  // (1) the poll
  const env = client.env;
  const config = await loadConfig(env['CCSYNC_CONFIG'] ?? '');
  const remote = resolveRemote(config, 'pod', env);
  const ctx = { env, home: client.sandbox.home, stateDir: client.sandbox.stateDir };
  const before = new Set(agentPids(sshd.remoteHome));
  const transport = await openRemoteTransport(ctx, remote, newRunId());
  const agent = agentPids(sshd.remoteHome, before);
  const scope = { localRoots: [client.localProject], remoteRoots: [client.remoteProject] };
  await remoteManifestDigest(ctx.stateDir, 'pod', transport, scope);
  const walls: number[] = [];
  const cpu0 = process.cpuUsage();
  const agent0 = ticks(agent);
  for (let poll = 0; poll < polls; poll++) {
    const started = performance.now();
    await remoteManifestDigest(ctx.stateDir, 'pod', transport, scope);
    walls.push(performance.now() - started);
  }
  const cpu = process.cpuUsage(cpu0);
  const agentMs = ((ticks(agent) - agent0) / TICK) * 1000;
  await transport.close();
  const files = sessions * 1; // one transcript per session
  process.stdout.write(`poll (${files} transcripts in scope, ${polls} polls): wall median ${median(walls).toFixed(1)} ms; CPU per poll here ${((cpu.user + cpu.system) / 1000 / polls).toFixed(2)} ms, remote agent ${(agentMs / polls).toFixed(2)} ms${agent.length === 0 ? ' (agent pid not found)' : ''}\n`);

  // (2) an idle watch
  const watch = startWatch(env, [], client.localProject);
  await watch.waitFor('connected', (event) => event.event === 'connected', 60_000);
  await new Promise((resolve) => setTimeout(resolve, 8_000)); // the start sync and its settling poll
  const ssh = childrenOf(watch.pid);
  const remoteAgents = agentPids(sshd.remoteHome);
  const start = { watch: watch.cpuTicks(), ssh: ticks(ssh), agent: ticks(remoteAgents) };
  await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
  const spent = { watch: watch.cpuTicks() - start.watch, ssh: ticks(ssh) - start.ssh, agent: ticks(remoteAgents) - start.agent };
  const percent = (value: number): string => `${((value / TICK / idleSeconds) * 100).toFixed(2)}%`;
  process.stdout.write(`idle watch over ${idleSeconds} s (poll every 5 s): watch ${spent.watch} ticks = ${percent(spent.watch)} of a core, its ssh ${percent(spent.ssh)}, remote agent ${percent(spent.agent)}\n`);
  const stopped = await watch.stop('SIGINT');
  process.stdout.write(`SIGINT: exit ${String(stopped.code)}\n`);
} finally {
  await client.cleanup();
  await sshd.stop();
}
