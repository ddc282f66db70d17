// `ccsync check REMOTE` (issues #3, #4): per endpoint of a remote, one ssh command runs the
// probe script (check-probe.ts); the connect time is measured to its first line and the round
// trip as pings on that open connection. On the transfer endpoint, when node is there, the
// real agent is started the way push/pull start it and asked for its `info`.
import { spawn } from 'node:child_process';
import { lstat, stat, statfs } from 'node:fs/promises';
import { arch, machine, type } from 'node:os';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CommandContext } from './context.js';
import { formatDestination, type Destination } from '../config/destination.js';
import type { ResolvedRemote } from '../config/resolve-remote.js';
import { describeError } from '../errors.js';
import { GO_LINE, parseProbeOutput, probeCommand, READY_LINE, type ProbeFacts } from '../transport/check-probe.js';
import { probeWritable } from './dir-writable.js';
import { problemsOf, type AgentCheck, type CheckResult, type EndpointCheck, type EndpointRole } from './check-result.js';
import { openSshTransport, portHint } from '../transport/open-transport.js';
import { classifySshFailure, sshInvocation, type SshEndpoint } from '../transport/ssh-argv.js';

type SshDestination = Extract<Destination, { kind: 'ssh' }>;

const PINGS = 3;
/** ssh's own ConnectTimeout (20 s) plus `claude --version` (≤ 20 s) and slack */
const PROBE_TIMEOUT_MS = 75_000;

export async function checkRemote(ctx: CommandContext, remote: ResolvedRemote): Promise<CheckResult> {
  const endpoints: { destination: Destination; roles: EndpointRole[] }[] = [];
  if (formatDestination(remote.transfer) === formatDestination(remote.dest)) {
    endpoints.push({ destination: remote.transfer, roles: ['transfer', 'interactive'] });
  } else {
    endpoints.push({ destination: remote.transfer, roles: ['transfer'] }, { destination: remote.dest, roles: ['interactive'] });
  }
  const checks = await Promise.all(
    endpoints.map(({ destination, roles }) =>
      destination.kind === 'dir' ? checkDirEndpoint(remote, destination.path, roles) : checkSshEndpoint(ctx, remote, destination, roles),
    ),
  );
  for (const check of checks) check.problems = problemsOf(remote.name, check);
  const transferOk = checks.filter((check) => check.roles.includes('transfer')).every((check) => check.failure === undefined);
  return { remote: remote.name, kind: remote.transfer.kind, ok: transferOk, endpoints: checks };
}

async function checkSshEndpoint(ctx: CommandContext, remote: ResolvedRemote, dest: SshDestination, roles: EndpointRole[]): Promise<EndpointCheck> {
  const endpoint: SshEndpoint = { host: dest.host, ...(dest.user ? { user: dest.user } : {}), ...(dest.port ? { port: dest.port } : {}) };
  const base: EndpointCheck = { roles, destination: formatDestination(dest), reachable: false, problems: [] };
  const run = await runProbe(endpoint, {
    sshCommand: ctx.env['CCSYNC_SSH_COMMAND'] || remote.sshCommand,
    claudeDir: remote.claudeDir,
    remoteName: remote.name,
    portHint: portHint(remote, roles.includes('transfer') ? 'transfer' : 'interactive'),
  });
  if (!run.ok) return { ...base, failure: { kind: run.kind, message: run.message } };
  const { facts } = run;
  const check: EndpointCheck = {
    ...base,
    reachable: true,
    connectMs: run.connectMs,
    roundTripMs: median(run.roundTripsMs),
    system: { os: facts.os, machine: facts.machine, arch: facts.arch, home: facts.home },
    node: facts.node ?? null,
    claudeDir: facts.claudeDir,
    claude: facts.claude ?? null,
    ...(run.noise ? { stdoutNoise: run.noise } : {}),
  };
  if (roles.includes('transfer')) {
    check.agent = facts.node ? await checkAgent(ctx, remote, dest) : { ran: false, reason: 'no node: the sh fallback agent will be used' };
    if (!check.agent.ran || check.agent.ok) return check;
    check.failure = { kind: 'agent', message: `the ccsync agent did not answer: ${check.agent.error}` };
  }
  return check;
}

/** The agent as push/pull run it (bootstrap, cache by hash), asked for its `info`. */
async function checkAgent(ctx: CommandContext, remote: ResolvedRemote, dest: SshDestination): Promise<AgentCheck> {
  try {
    const transport = await openSshTransport(ctx, remote, dest);
    try {
      const { hello } = transport;
      const started = { ran: true, ok: true, agent: hello.agent, agentVersion: hello.agentVersion, runtime: hello.runtime, sent: transport.uploaded } as const;
      return await transport.info().then(
        (info) => ({ ...started, info }),
        (error: unknown) => ({ ...started, infoError: describeError(error) }),
      );
    } finally {
      await transport.close();
    }
  } catch (error) {
    return { ran: true, ok: false, error: describeError(error) };
  }
}

type ProbeRun =
  | { ok: true; connectMs: number; roundTripsMs: number[]; facts: ProbeFacts; noise: string }
  | { ok: false; kind: NonNullable<EndpointCheck['failure']>['kind']; message: string };

interface ProbeOptions {
  sshCommand: string | undefined;
  claudeDir: string | undefined;
  remoteName: string;
  portHint: string;
}

/** One ssh command: wait for the ready line, ping PINGS times, then read the facts. */
function runProbe(endpoint: SshEndpoint, options: ProbeOptions): Promise<ProbeRun> {
  const { program, args } = sshInvocation(endpoint, probeCommand(options.claudeDir), { sshCommand: options.sshCommand, batchMode: true, pty: false });
  const started = performance.now();
  const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let connectMs: number | undefined;
  const noise: string[] = [];
  const after: string[] = [];
  const roundTripsMs: number[] = [];
  let pingSent = 0;
  const ping = (): void => {
    pingSent = performance.now();
    child.stdin.write(`${roundTripsMs.length + 1}\n`);
  };
  const onLine = (line: string): void => {
    if (connectMs === undefined) {
      if (line !== READY_LINE) return void noise.push(line);
      connectMs = performance.now() - started;
      return ping();
    }
    if (roundTripsMs.length < PINGS && line === `pong=${roundTripsMs.length + 1}`) {
      roundTripsMs.push(performance.now() - pingSent);
      if (roundTripsMs.length < PINGS) return ping();
      child.stdin.end(`${GO_LINE}\n`);
      return;
    }
    after.push(line);
  };
  child.stdin.on('error', () => undefined); // the exit below says what happened
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    const lines = stdout.split('\n');
    stdout = lines.pop() ?? '';
    for (const line of lines) onLine(line.replace(/\r$/, ''));
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-16_384);
  });
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGTERM'), PROBE_TIMEOUT_MS);
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const message = error.code === 'ENOENT' ? `cannot run ${program}: not found — install OpenSSH or set CCSYNC_SSH_COMMAND` : describeError(error);
      resolve({ ok: false, kind: 'no-ssh', message });
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (stdout !== '') onLine(stdout);
      if (signal === 'SIGTERM' && code === null) {
        return resolve({ ok: false, kind: 'probe', message: `no complete answer within ${PROBE_TIMEOUT_MS / 1000} s (the remote shell or \`claude --version\` hangs?)` });
      }
      if (connectMs === undefined) {
        // ssh exits 255 on its own failures; anything else is the remote shell failing to start
        const where = { remote: options.remoteName, endpoint, portHint: options.portHint, sshCommand: options.sshCommand };
        if (code === 255 || stderr.trim() !== '') return resolve({ ok: false, ...classifySshFailure(stderr, where) });
        return resolve({ ok: false, kind: 'probe', message: `the remote shell exited ${String(code)} before the probe ran` });
      }
      const parsed = parseProbeOutput(after);
      if (!parsed.ok) return resolve({ ok: false, kind: 'probe', message: `${parsed.problem}${stderr.trim() ? `; stderr: ${stderr.trim().split('\n').pop() ?? ''}` : ''}` });
      resolve({ ok: true, connectMs, roundTripsMs, facts: parsed.facts, noise: noise.join('\n') });
    });
  });
}

function median(values: readonly number[]): number | undefined {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

/** A `dir:` remote: the dir must exist; its Claude dir is made on first use; free space there. */
async function checkDirEndpoint(remote: ResolvedRemote, path: string, roles: EndpointRole[]): Promise<EndpointCheck> {
  const base: EndpointCheck = { roles, destination: `dir:${path}`, reachable: false, problems: [] };
  if (!(await isDirectory(path))) {
    return {
      ...base,
      failure: { kind: 'missing', message: `${path} does not exist or is not a directory — mount it, or fix it with \`ccsync remote set ${remote.name} --dest dir:/PATH\`` },
    };
  }
  const claudeDir = remote.claudeDir ?? `${path}/.claude`;
  const exists = await isDirectory(claudeDir);
  const symlink = await lstat(claudeDir).then((s) => s.isSymbolicLink(), () => false);
  let measuredAt = claudeDir;
  while (!(await isDirectory(measuredAt)) && dirname(measuredAt) !== measuredAt) measuredAt = dirname(measuredAt);
  const fs = await statfs(measuredAt).catch(() => undefined);
  return {
    ...base,
    reachable: true,
    system: { os: type(), machine: machine(), arch: arch(), home: path },
    claudeDir: { path: claudeDir, exists, symlink, freeBytes: fs ? fs.bavail * fs.bsize : undefined, measuredAt, ...(await probeWritable(measuredAt)) },
  };
}
