// `npm run bench [-- --scale 0.1] [--latency 50] [--baseline run.json] [--save run.json] [--json]`
// (issue #3; --save also writes the --json document, --baseline takes one to count round trips):
// ccsync against `rsync -az` over one real sshd on loopback, bytes counted by the relay
// ProxyCommand, I/O from /proc/<pid>/io. The corpus is generated once per scale under the OS
// temp dir and copied for each run; nothing generated is written into the repository.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { generateCorpus, MB, type Corpus } from './corpus.js';
import { ioFoldsChildren, startRig, STRIPPED_ENV } from './harness.js';
import { goalLines, goals, ratios, table } from './report.js';
import { applyScenario, rsyncPullDir, runCcsync, runNodeFloor, runRsync, runRsyncFixup, SCENARIOS, setUp, type Row } from './scenarios.js';
import { timelineSchema, timelineTable } from './timeline.js';
import { measureKeptConnection, measureStartup, startupLines, type KeptFigures } from './startup.js';
import type { Goal } from './report.js';

const sessionFileSchema = z.object({ rel: z.string(), cwd: z.string(), bytes: z.number() });
const corpusSchema = z.object({ sessions: z.array(sessionFileSchema), big: sessionFileSchema, totalBytes: z.number(), gzipRatio: z.number() });
const ioSchema = z.object({ rchar: z.number(), wchar: z.number(), cpuS: z.number() });
const rowSchema = z.object({
  scenario: z.enum(['initial', 'nochange', 'appends', 'day', 'bigappend', 'firstpull']),
  tool: z.enum(['ccsync', 'rsync', 'rsync fix-up', 'node floor']),
  measured: z.object({
    wallMs: z.number(),
    wire: z.object({ up: z.number(), down: z.number(), connections: z.number(), exchanges: z.number() }),
    local: ioSchema,
    remote: ioSchema,
    status: z.number().nullable(),
  }),
  turns: z.number().optional(),
  note: z.string().optional(),
  timeline: timelineSchema.optional(),
});

function usage(message: string): never {
  process.stderr.write(`bench: ${message}\nusage: npm run bench -- [--scale 0.1] [--latency 50] [--baseline run.json] [--save run.json] [--json] [--no-reuse] [--scenarios N]\n`);
  process.exit(2);
}

function options(): { scale: number; latency: number; json: boolean; save: string | undefined; baseline: Row[] | undefined; reuse: boolean; scenarios: number } {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '1' },
      latency: { type: 'string', default: '0' },
      json: { type: 'boolean', default: false },
      save: { type: 'string' },
      baseline: { type: 'string' },
      // ccsync without its kept ssh connection (CCSYNC_SSH_REUSE=0): a full handshake per run, as rsync
      'no-reuse': { type: 'boolean', default: false },
      // the first N scenarios only (in order: each builds on the one before), for a quick look
      scenarios: { type: 'string' },
    },
  });
  const scale = Number(values.scale);
  const latency = Number(values.latency);
  if (!(scale > 0 && scale <= 4)) usage('--scale takes a number in (0, 4]');
  if (!(latency >= 0 && latency <= 2000)) usage('--latency takes milliseconds in [0, 2000]');
  let baseline: Row[] | undefined;
  if (values.baseline !== undefined) {
    const parsed = z.object({ rows: z.array(rowSchema) }).safeParse(JSON.parse(readFileSync(values.baseline, 'utf8')));
    if (!parsed.success) usage(`${values.baseline} is not a --json output of the bench`);
    baseline = parsed.data.rows;
  }
  const scenarios = values.scenarios === undefined ? SCENARIOS.length : Number(values.scenarios);
  if (!(Number.isInteger(scenarios) && scenarios >= 1 && scenarios <= SCENARIOS.length)) usage(`--scenarios takes a count from 1 to ${SCENARIOS.length}`);
  return { scale, latency, json: values.json, save: values.save, baseline, reuse: !values['no-reuse'], scenarios };
}

/** The corpus for this scale, generated on first use and kept under the temp dir. */
function cachedCorpus(scale: number): { claudeDir: string; corpus: Corpus } {
  const root = join(tmpdir(), `ccsync-bench-corpus-v2-scale${scale}`);
  const info = join(root, 'corpus.json');
  const claudeDir = join(root, 'claude');
  if (existsSync(info)) return { claudeDir, corpus: corpusSchema.parse(JSON.parse(readFileSync(info, 'utf8'))) };
  rmSync(root, { recursive: true, force: true });
  mkdirSync(claudeDir, { recursive: true });
  process.stderr.write(`generating the corpus (scale ${scale}) under ${root} …\n`);
  const started = Date.now();
  const corpus = generateCorpus(claudeDir, scale);
  writeFileSync(info, JSON.stringify(corpus));
  process.stderr.write(`generated in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return { claudeDir, corpus };
}

function machine(): Record<string, string> {
  const version = (argv: string[]): string => {
    const result = spawnSync(argv[0] ?? '', argv.slice(1), { encoding: 'utf8' });
    return `${result.stdout}${result.stderr}`.split('\n')[0]?.trim() ?? '?';
  };
  return {
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
    memory: `${(totalmem() / 1024 ** 3).toFixed(0)} GB`,
    kernel: release(),
    node: process.version,
    rsync: version(['rsync', '--version']),
    ssh: version(['ssh', '-V']),
    network: 'loopback 127.0.0.1 through the relay ProxyCommand',
    environment: `measured commands run without ${STRIPPED_ENV.join(' and ')} (${STRIPPED_ENV.filter((name) => process.env[name] !== undefined).join(', ') || 'neither'} set here)`,
    load: `load average ${loadavg().map((value) => value.toFixed(1)).join(' ')} (1/5/15 min) when the run ended; other jobs share the cores`,
  };
}

/** Sessions (.jsonl right under a project dir) below `projects`; `dirs`: only dirs it accepts. */
function countSessions(projects: string, dirs: (name: string) => boolean = () => true): number {
  if (!existsSync(projects)) return 0;
  return readdirSync(projects).filter(dirs).reduce((sum, dir) => sum + readdirSync(join(projects, dir)).filter((name) => name.endsWith('.jsonl')).length, 0);
}

/** The remote's own dir names (the mapped paths encoded), where both tools must leave the sessions. */
const remoteNamed = (dir: string): boolean => dir.startsWith('-home-') || dir.startsWith('-workspace');

function startupGoals(startup: ReturnType<typeof measureStartup>, kept: KeptFigures | undefined): Goal[] {
  const within = (name: string, ms: number): Goal => ({
    goal: `${name}: within 1.5 × node -e 0`,
    met: ms <= 1.5 * startup.nodeMs,
    detail: `${ms.toFixed(0)} ms vs ${startup.nodeMs.toFixed(0)} ms: ${(ms / startup.nodeMs).toFixed(2)}×`,
  });
  const list = [within('ccsync --version', startup.versionMs), within('ccsync status (no remote)', startup.statusMs)];
  if (kept) list.push({ goal: 'no change over a kept connection ≤ 0.1 s', met: kept.medianPollMs <= 100, detail: `median poll ${kept.medianPollMs.toFixed(0)} ms` });
  return list;
}

async function main(): Promise<void> {
  const opts = options();
  if (!ioFoldsChildren()) throw new Error('this kernel does not fold waited-for children into /proc/<pid>/io; the I/O counts would be wrong');
  const { claudeDir: cached, corpus } = cachedCorpus(opts.scale);
  process.stderr.write(`corpus: ${corpus.sessions.length} sessions, ${(corpus.totalBytes / MB).toFixed(1)} MB (big session ${(corpus.big.bytes / MB).toFixed(1)} MB), gzip -6 ratio ${corpus.gzipRatio.toFixed(2)}\n`);
  const rig = await startRig(opts.latency);
  const rows: Row[] = [];
  let kept: KeptFigures | undefined;
  try {
    const setup = setUp(rig, cached, opts.reuse);
    for (const scenario of SCENARIOS.slice(0, opts.scenarios)) {
      const note = applyScenario(scenario.id, setup, corpus);
      process.stderr.write(`${scenario.title}${note ? ` (${note})` : ''}: ccsync …`);
      rows.push(await runCcsync(setup, scenario.id));
      process.stderr.write(' rsync …');
      rows.push(await runRsync(setup, scenario.id));
      // the fix-up is the push side's (remote dir names); a pull's rsync tree keeps the pod's names
      if (scenario.id !== 'firstpull') rows.push(await runRsyncFixup(setup, scenario.id));
      if (scenario.id === 'initial') {
        process.stderr.write(' node floor …');
        rows.push(await runNodeFloor(setup));
      }
      process.stderr.write(' done\n');
      if (scenario.id === 'firstpull') {
        const pulled = countSessions(join(setup.claudeDir, 'projects'));
        const rsynced = countSessions(rsyncPullDir(setup));
        const there = countSessions(join(rig.sshd.remoteHome, '.claude', 'projects'));
        if (pulled !== there || rsynced !== there) throw new Error(`the pulled trees differ: ccsync brought ${pulled} sessions back, rsync ${rsynced}, the remote has ${there}`);
      }
      if (scenario.id === 'initial') {
        const ccsyncFiles = countSessions(join(rig.sshd.remoteHome, '.claude', 'projects'), remoteNamed);
        const rsyncFiles = countSessions(join(rig.sshd.remoteHome, setup.rsyncDir, 'projects'), remoteNamed);
        if (ccsyncFiles !== rsyncFiles || ccsyncFiles !== corpus.sessions.length + 1) {
          throw new Error(`the remote trees differ: ccsync left ${ccsyncFiles} sessions under the remote's names, rsync + fix-up ${rsyncFiles}, the corpus has ${corpus.sessions.length + 1}`);
        }
      }
    }
    if (opts.scenarios >= 2) {
      process.stderr.write('no change over a kept connection …');
      kept = await measureKeptConnection(setup.env);
      process.stderr.write(' done\n');
    }
  } finally {
    await rig.stop();
  }
  const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
  process.stderr.write('start-up …');
  const startup = measureStartup();
  process.stderr.write(' done\n');
  const list: Goal[] = [...goals(rows, corpus.big.bytes, opts.latency), ...startupGoals(startup, kept)];
  const document = { command, machine: machine(), scale: opts.scale, latencyMs: opts.latency, reuse: opts.reuse, corpus: { sessions: corpus.sessions.length + 1, totalBytes: corpus.totalBytes, bigBytes: corpus.big.bytes, gzipRatio: corpus.gzipRatio }, rows, startup, kept, goals: list };
  if (opts.save !== undefined) writeFileSync(opts.save, `${JSON.stringify(document, null, 2)}\n`);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    return;
  }
  const facts = Object.entries(machine()).map(([key, value]) => `- ${key}: ${value}`).join('\n');
  process.stdout.write(
    `## \`${command}\`\n\n${facts}\n- corpus: ${corpus.sessions.length + 1} sessions, ${(corpus.totalBytes / MB).toFixed(1)} MB, gzip -6 ratio ${corpus.gzipRatio.toFixed(2)}\n- added one-way latency: ${opts.latency} ms\n- ccsync's ssh connection reuse: ${opts.reuse ? 'on (the default: the first run leaves a master, later runs go through it; rsync connects afresh each time)' : 'off (--no-reuse)'}\n\n` +
      `${table(rows, opts.baseline, opts.latency)}\n\n${ratios(rows)}\n\n` +
      `### ccsync's phases (ms since its start: from–to, and busy time when a phase ran several times)\n\n${timelineTable(rows.filter((row) => row.tool === 'ccsync').map((row) => ({ title: SCENARIOS.find((s) => s.id === row.scenario)?.title ?? row.scenario, timeline: row.timeline })))}\n\n` +
      `### Start-up and a kept connection\n\n${startupLines(startup, kept)}\n\n` +
      `### Goals (issues #3 and #11)\n\n${goalLines(list)}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
