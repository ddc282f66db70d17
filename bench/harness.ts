// The measuring rig: one sshd (the test fixture), an ssh config whose ProxyCommand is the
// byte-counting relay, and three /proc/<pid>/io records per run.
//
// How I/O is counted (rchar/wchar: every read()/write() syscall, files and pipes alike).
// Linux adds the counters of a reaped child into its parent's /proc/<pid>/io (checked at start:
// `ioFoldsChildren`), so a shell that runs a command, waits for it and then reads
// /proc/$$/io holds the whole command tree's I/O:
//   remote: sshd's ForceCommand wrapper runs the remote command (agent or `rsync --server`,
//           and their children) and records its own counters after the command exits;
//   ssh:    the ssh program both tools run is a wrapper that does the same around `ssh`
//           (ssh + the relay);
//   local:  the tool runs under such a wrapper too; the tool's own I/O is that tree minus the
//           ssh records. Pipe traffic to ssh/sshd is included on both sides (≈ the payload).
// CPU seconds come from the same shells' `times` (children's user + system), plus what
// ccsync's ssh master (connection reuse, issue #11) and its relay spent meanwhile: a master is
// a daemon, never a waited-for child, so its CPU is read from /proc before and after a run.
// Bytes: the relay keeps running totals per connection (relay.ts); a run's bytes are the
// difference, its connections the ones that appeared during it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { startSshd, type SshdFixture } from '../tests/helpers/sshd.js';

const wireCountSchema = z.object({ up: z.number(), down: z.number(), exchanges: z.number(), done: z.boolean() });
type WireCount = z.infer<typeof wireCountSchema>;

export interface IoCount {
  rchar: number;
  wchar: number;
  /** user + system CPU seconds of the waited-for tree (the shell's `times`), less noisy than wall time on a shared machine */
  cpuS: number;
}

export interface Measured {
  wallMs: number;
  wire: { up: number; down: number; connections: number; exchanges: number };
  local: IoCount;
  remote: IoCount;
  stdout: string;
  stderr: string;
  status: number | null;
}

export interface Rig {
  sshd: SshdFixture;
  /** the program both tools use as ssh: `ssh -F <config with the relay>` under the io wrapper */
  sshProgram: string;
  /** ccsync's $XDG_RUNTIME_DIR: its ssh masters' sockets are in <this>/ccsync */
  runtimeDir: string;
  stop(): Promise<void>;
}

export interface RigFiles {
  /** the relay's running totals, one file per connection */
  wireDir: string;
  remoteIo: string;
  sshIo: string;
}

const RELAY = fileURLToPath(new URL('./relay.js', import.meta.url));

/** Does this kernel fold waited-for children into the parent's /proc/<pid>/io? */
export function ioFoldsChildren(): boolean {
  const result = spawnSync('/bin/sh', ['-c', 'head -c 4000000 /dev/zero > /dev/null; cat /proc/$$/io'], { encoding: 'utf8' });
  const rchar = Number(/rchar: (\d+)/.exec(result.stdout)?.[1] ?? '0');
  return rchar >= 4_000_000;
}

/** `times` prints the shell's user/system time, then its children's: `0m0.01s 0m0.00s 1m2.50s 0m0.75s`. */
function childCpu(line: string): number {
  const times = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((match) => Number(match[1]) * 60 + Number(match[2]));
  return (times[2] ?? NaN) + (times[3] ?? NaN);
}

function parseIoLines(text: string): IoCount[] {
  // One record per shell: its io counters on one line, then the two lines of `times`.
  return text.split('rchar:').slice(1).map((record) => `rchar:${record}`).map((line) => ({
    rchar: Number(/rchar: (\d+)/.exec(line)?.[1] ?? 'NaN'),
    wchar: Number(/wchar: (\d+)/.exec(line)?.[1] ?? 'NaN'),
    cpuS: childCpu(line),
  }));
}

function sum(counts: IoCount[]): IoCount {
  return counts.reduce((a, b) => ({ rchar: a.rchar + b.rchar, wchar: a.wchar + b.wchar, cpuS: a.cpuS + b.cpuS }), { rchar: 0, wchar: 0, cpuS: 0 });
}

/** `sh` lines that append this shell's counters and CPU times (one record) to a file. */
function recordIo(file: string): string {
  // `times` outside any pipe or $(…): in a subshell it would report the subshell's children.
  return `{ tr '\\n' ' ' < /proc/$$/io; times; } >> '${file}'`;
}

export async function startRig(latencyMs: number): Promise<Rig & { files: RigFiles }> {
  // The fixture sets SHLVL=1 so the remote bash skips root's ~/.bashrc (pyenv init, ~4 s here).
  const sshd = await startSshd();
  const dir = dirname(sshd.sshConfigPath);
  const files: RigFiles = { wireDir: join(dir, 'wire'), remoteIo: join(dir, 'remote-io.log'), sshIo: join(dir, 'ssh-io.log') };
  mkdirSync(files.wireDir, { recursive: true });
  const runtimeDir = join(dir, 'run');
  mkdirSync(runtimeDir, { recursive: true, mode: 0o700 });
  // Replace the fixture's ForceCommand wrapper (same environment) with one that records I/O.
  // sshd reads the wrapper at each connection, so rewriting the file is enough.
  const wrapper = join(dir, 'force-command.sh');
  const fixture = readFileSync(wrapper, 'utf8').split('\n');
  const env = fixture.filter((line) => line.startsWith('export ') || line.startsWith('unset ') || line.startsWith('cd '));
  // CCSYNC_BENCH_PROFILE=DIR (see scenarios.ts): the remote agent writes its CPU profiles under DIR/remote/
  const profileDir = process.env['CCSYNC_BENCH_PROFILE'];
  if (profileDir) {
    // NODE_OPTIONS refuses --cpu-prof: a `node` first on the remote PATH adds it
    const shimDir = join(dir, 'profile-bin');
    mkdirSync(shimDir, { recursive: true });
    writeFileSync(join(shimDir, 'node'), `#!/bin/sh\nexec '${process.execPath}' --cpu-prof '--cpu-prof-dir=${join(profileDir, 'remote')}' "$@"\n`, { mode: 0o755 });
    env.push(`export PATH='${shimDir}':"$PATH"`);
  }
  writeFileSync(wrapper, ['#!/bin/sh', ...env, '/bin/sh -c "$SSH_ORIGINAL_COMMAND"', 'rc=$?', recordIo(files.remoteIo), 'exit $rc', ''].join('\n'), { mode: 0o755 });
  const config = join(dir, 'ssh_config_bench');
  writeFileSync(config, `${readFileSync(sshd.sshConfigPath, 'utf8').trimEnd()}\n  ProxyCommand ${process.execPath} ${RELAY} 127.0.0.1 ${sshd.port} ${files.wireDir} ${latencyMs}\n`);
  const sshProgram = join(dir, 'ssh-io.sh');
  // `ssh -G` (ccsync asks it whether the user multiplexes) and `ssh -O` open no session: not recorded
  const noSession = `case " $* " in *" -G "*|*" -O "*) exec ssh -F '${config}' "$@";; esac`;
  writeFileSync(sshProgram, ['#!/bin/sh', noSession, `ssh -F '${config}' "$@"`, 'rc=$?', recordIo(files.sshIo), 'exit $rc', ''].join('\n'), { mode: 0o755 });
  const stop = async (): Promise<void> => {
    stopMasters(runtimeDir, config);
    await sshd.stop();
  };
  return { sshd, sshProgram, runtimeDir, files, stop };
}

/** ccsync's ssh masters under the rig's runtime dir, ended with `ssh -O exit`. */
function stopMasters(runtimeDir: string, config: string): void {
  const dir = join(runtimeDir, 'ccsync');
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    spawnSync('ssh', ['-F', config, '-o', `ControlPath=${join(dir, name)}`, '-O', 'exit', 'testhost'], { stdio: 'ignore', timeout: 5_000 });
  }
}

/** user + system CPU seconds of ccsync's ssh masters (daemons: ssh with our ControlPath, session leaders) and their children (the relay). */
function mastersCpu(runtimeDir: string): Map<number, number> {
  const marker = `ControlPath=${join(runtimeDir, 'ccsync')}`;
  const stats = new Map<number, { ppid: number; session: number; cpuS: number }>();
  const masters: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // fields after the ")" that ends the command name: state ppid pgrp session … utime(14) stime(15)
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cpuS = (Number(fields[11]) + Number(fields[12])) / 100;
      stats.set(pid, { ppid: Number(fields[1]), session: Number(fields[3]), cpuS });
      if (Number(fields[3]) === pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker)) masters.push(pid);
    } catch {
      // gone meanwhile
    }
  }
  const cpu = new Map<number, number>();
  for (const [pid, stat] of stats) {
    if (masters.includes(pid) || masters.includes(stat.ppid)) cpu.set(pid, stat.cpuS);
  }
  return cpu;
}

function wireCounts(dir: string): Map<string, WireCount> {
  const counts = new Map<string, WireCount>();
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    try {
      counts.set(name, wireCountSchema.parse(JSON.parse(readFileSync(join(dir, name), 'utf8'))));
    } catch {
      // being replaced: read at the next poll
    }
  }
  return counts;
}

function sameCounts(a: Map<string, WireCount>, b: Map<string, WireCount>): boolean {
  if (a.size !== b.size) return false;
  for (const [name, count] of a) {
    const other = b.get(name);
    if (!other || other.up !== count.up || other.down !== count.down || other.done !== count.done) return false;
  }
  return true;
}

/** Run one tool invocation (or a few, in sequence) and collect every count. */
/**
 * The environment of every measured command: this one's, with the variables that change what
 * every node start costs taken out. NODE_EXTRA_CA_CERTS makes node load and parse a CA bundle
 * before any JS runs (~37 ms per start on the bench machine, which sets it for its proxies):
 * ccsync, its agent-less floor and `node -e 0` would all carry it, rsync not, and start-up
 * ratios would shrink (75 vs 54 ms looks like 1.4×; without it 35 vs 17 ms is 2.0×). ccsync
 * opens no TLS connection.
 */
export const STRIPPED_ENV = ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS'] as const;

export function measuredEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const name of STRIPPED_ENV) delete env[name];
  return env;
}

export async function measure(
  rig: Rig & { files: RigFiles },
  commands: Array<{ argv: string[]; env?: Record<string, string> }>,
): Promise<Measured> {
  for (const file of [rig.files.remoteIo, rig.files.sshIo]) writeFileSync(file, '');
  // connections that ended before this run count no more
  for (const [name, count] of wireCounts(rig.files.wireDir)) if (count.done) rmSync(join(rig.files.wireDir, name), { force: true });
  const wireBefore = wireCounts(rig.files.wireDir);
  const mastersBefore = mastersCpu(rig.runtimeDir);
  const toolIo: IoCount[] = [];
  let stdout = '';
  let stderr = '';
  let status: number | null = 0;
  const started = process.hrtime.bigint();
  for (const command of commands) {
    const ioFile = join(dirname(rig.files.remoteIo), 'tool-io.log');
    writeFileSync(ioFile, '');
    const child = spawn('/bin/sh', ['-c', `"$@"; rc=$?; ${recordIo(ioFile)}; exit $rc`, 'sh', ...command.argv], {
      env: measuredEnv(command.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) status = code;
    toolIo.push(...parseIoLines(readFileSync(ioFile, 'utf8')));
  }
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  // The relay and the remote wrapper record after the run: wait until every session's remote
  // record is in and the relays' totals held still for 100 ms.
  const sessions = parseIoLines(readFileSync(rig.files.sshIo, 'utf8')).length;
  const deadline = Date.now() + 5000;
  let wire = wireCounts(rig.files.wireDir);
  for (let still = 0; Date.now() < deadline && (still < 5 || parseIoLines(readFileSync(rig.files.remoteIo, 'utf8')).length < sessions); ) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const next = wireCounts(rig.files.wireDir);
    still = sameCounts(next, wire) ? still + 1 : 0;
    wire = next;
  }
  const delta = { up: 0, down: 0, exchanges: 0, connections: 0 };
  for (const [name, count] of wire) {
    const before = wireBefore.get(name);
    if (!before) delta.connections++;
    delta.up += count.up - (before?.up ?? 0);
    delta.down += count.down - (before?.down ?? 0);
    delta.exchanges += count.exchanges - (before?.exchanges ?? 0);
  }
  let masterCpuS = 0;
  for (const [pid, cpuS] of mastersCpu(rig.runtimeDir)) masterCpuS += cpuS - (mastersBefore.get(pid) ?? 0);
  const tree = sum(toolIo);
  const ssh = sum(parseIoLines(readFileSync(rig.files.sshIo, 'utf8')));
  return {
    wallMs,
    wire: delta,
    // CPU stays the whole local tree (tool + ssh + relay, + a master): ssh's encryption is work the tool causes.
    local: { rchar: tree.rchar - ssh.rchar, wchar: tree.wchar - ssh.wchar, cpuS: tree.cpuS + masterCpuS },
    remote: sum(parseIoLines(readFileSync(rig.files.remoteIo, 'utf8'))),
    stdout,
    stderr,
    status,
  };
}
