// The benchmark's scenarios (issue #3), each run by ccsync and by `rsync -az` over the same sshd
// into an equivalent remote tree, plus the path fix-up an rsync user must do afterwards.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { encodeProjectDir } from '../src/claude-format/encode-project-dir.js';
import { appendTargets, appendToSession, MB, PATH_MAPS, writeSession, type Corpus } from './corpus.js';
import { measure, type Measured } from './harness.js';
import { readTimeline, type Timeline } from './timeline.js';
import { shellQuote } from '../src/transport/shell-quote.js';

export const SCENARIOS = [
  { id: 'initial', title: 'initial full sync' },
  { id: 'nochange', title: 'no change' },
  { id: 'appends', title: 'appends only (5 × 50 KB)' },
  { id: 'day', title: 'a day of work (5 × 50 KB + new 2 MB session)' },
  { id: 'bigappend', title: '10 KB appended to the 100 MB session' },
  // the way back: a new laptop (or a wiped one) pulls the whole store from the pod
  { id: 'firstpull', title: 'first pull into an empty ~/.claude' },
] as const;
export type ScenarioId = (typeof SCENARIOS)[number]['id'];
export type Tool = 'ccsync' | 'rsync' | 'rsync fix-up' | 'node floor';

export interface Row {
  scenario: ScenarioId;
  tool: Tool;
  measured: Omit<Measured, 'stdout' | 'stderr'>;
  /** ccsync: request/response turns with the remote agent (its --json summary) */
  turns?: number;
  note?: string;
  /** ccsync: its phases (CCSYNC_TIMELINE) */
  timeline?: Timeline;
}

// package.json's bin, as a user runs it
const CLI = fileURLToPath(new URL('../src/cli/ccsync.cjs', import.meta.url));
const NODE_FLOOR = fileURLToPath(new URL('./node-floor.js', import.meta.url));
const summarySchema = z.object({ turns: z.object({ local: z.number(), remote: z.number() }), done: z.number(), failed: z.number() });

type FullRig = Parameters<typeof measure>[0];

export interface Setup {
  rig: FullRig;
  claudeDir: string;
  env: Record<string, string>;
  /** rsync's remote tree, relative to the remote HOME */
  rsyncDir: string;
}

/** A fresh client Claude dir from the cached corpus, ccsync configured with the two maps. */
export function setUp(rig: FullRig, cachedClaudeDir: string, reuse: boolean): Setup {
  const home = rig.sshd.clientHome;
  const claudeDir = join(home, '.claude');
  cpSync(cachedClaudeDir, claudeDir, { recursive: true });
  const env = {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    XDG_CACHE_HOME: join(home, '.cache'),
    CCSYNC_SSH_COMMAND: rig.sshProgram,
    // ccsync's ssh masters (connection reuse, issue #11) in the rig, where the harness finds and ends them
    XDG_RUNTIME_DIR: rig.runtimeDir,
    CCSYNC_SSH_REUSE: reuse ? '1' : '0',
  };
  const cli = (args: string[]): void => {
    const result = spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`ccsync ${args.join(' ')} failed: ${result.stderr}`);
  };
  cli(['remote', 'add', 'bench', rig.sshd.alias]);
  for (const map of PATH_MAPS) cli(['map', 'add', 'bench', map.local, map.remote]);
  const rsyncDir = 'rsync-claude';
  mkdirSync(join(rig.sshd.remoteHome, rsyncDir), { recursive: true });
  return { rig, claudeDir, env, rsyncDir };
}

/** What each scenario changes on the laptop before both tools run. */
export function applyScenario(id: ScenarioId, setup: Pick<Setup, 'claudeDir' | 'env'>, corpus: Corpus): string {
  const { claudeDir } = setup;
  if (id === 'firstpull') {
    // a machine that never synced: no sessions, no ccsync state (its config stays: remote and maps)
    rmSync(join(claudeDir, 'projects'), { recursive: true, force: true });
    rmSync(join(setup.env['XDG_STATE_HOME'] ?? '', 'ccsync'), { recursive: true, force: true });
    return 'local projects/ and ccsync state removed';
  }
  const targets = appendTargets(corpus);
  if (id === 'appends' || id === 'day') {
    const round = id === 'appends' ? 1 : 2;
    const added = targets.map((file, index) => appendToSession(claudeDir, file, `append${round}:${index}`, 50 * 1024));
    let note = `appended ${added.map((bytes) => (bytes / 1024).toFixed(0)).join('+')} KB`;
    if (id === 'day') {
      const cwd = targets[0]?.cwd ?? '/Users/alice/code/api-server';
      const fresh = writeSession(claudeDir, cwd, 'day:new-session', 2 * MB, Date.parse('2026-04-02T09:00:00Z'));
      note += `; new session ${(fresh.bytes / MB).toFixed(2)} MB`;
    }
    return note;
  }
  if (id === 'bigappend') return `appended ${(appendToSession(claudeDir, corpus.big, 'bigappend', 10 * 1024) / 1024).toFixed(1)} KB to ${(corpus.big.bytes / MB).toFixed(0)} MB`;
  return '';
}

function strip(measured: Measured): Row['measured'] {
  const { stdout: _stdout, stderr: _stderr, ...rest } = measured;
  return rest;
}

/** `CCSYNC_BENCH_PROFILE=DIR`: each ccsync run writes a V8 CPU profile under DIR/<scenario>/. */
function profileFlags(scenario: ScenarioId): string[] {
  const dir = process.env['CCSYNC_BENCH_PROFILE'];
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${join(dir, scenario)}`] : [];
}

export async function runCcsync(setup: Setup, scenario: ScenarioId): Promise<Row> {
  const timelineFile = join(setup.rig.sshd.clientHome, 'timeline.json');
  rmSync(timelineFile, { force: true });
  const env = { ...setup.env, CCSYNC_TIMELINE: timelineFile };
  const verb = scenario === 'firstpull' ? 'pull' : 'push';
  const measured = await measure(setup.rig, [{ argv: [process.execPath, ...profileFlags(scenario), CLI, verb, 'bench', '--all', '--json'], env }]);
  if (measured.status !== 0) throw new Error(`ccsync ${verb} failed (exit ${String(measured.status)}): ${measured.stderr.trim()}`);
  const summary = summarySchema.parse(JSON.parse(measured.stdout));
  if (summary.failed > 0) throw new Error(`ccsync ${verb}: ${summary.failed} action(s) failed`);
  const timeline = readTimeline(timelineFile);
  return { scenario, tool: 'ccsync', measured: strip(measured), turns: summary.turns.remote, note: `${summary.done} action(s)`, ...(timeline ? { timeline } : {}) };
}

/** rsync's own tree on this machine for a first pull (rsync pulls the pod's real store, as ccsync does). */
export function rsyncPullDir(setup: Setup): string {
  return join(setup.rig.sshd.clientHome, 'rsync-pull', 'projects');
}

export async function runRsync(setup: Setup, scenario: ScenarioId): Promise<Row> {
  const { sshProgram, sshd } = setup.rig;
  if (scenario === 'firstpull') mkdirSync(rsyncPullDir(setup), { recursive: true });
  const argv = scenario === 'firstpull'
    ? ['rsync', '-az', '-e', sshProgram, `${sshd.alias}:.claude/projects/`, `${rsyncPullDir(setup)}/`]
    : ['rsync', '-az', '-e', sshProgram, `${setup.claudeDir}/projects/`, `${sshd.alias}:${setup.rsyncDir}/projects/`];
  const measured = await measure(setup.rig, [{ argv }]);
  if (measured.status !== 0) throw new Error(`rsync failed (exit ${String(measured.status)}): ${measured.stderr.trim()}`);
  return { scenario, tool: 'rsync', measured: strip(measured) };
}

/**
 * What rsync users do next (the seeds' tools): copy each project dir to the name the remote's
 * path encodes to, in one more ssh call — `cp -r` rewrites every file of those dirs on each
 * run. The `cwd` and paths inside the lines stay the laptop's (not rewritten): resume works
 * from the file name, but tools then see /Users/alice/... (shared notes, "How a session is found").
 */
export async function runRsyncFixup(setup: Setup, scenario: ScenarioId): Promise<Row> {
  const projects = join(setup.claudeDir, 'projects');
  const steps: string[] = [];
  for (const dir of readdirSync(projects).sort()) {
    const map = PATH_MAPS.find((pair) => encodeProjectDir(pair.local, 'linux') === dir.slice(0, encodeProjectDir(pair.local, 'linux').length));
    if (!map) continue;
    const remoteDir = encodeProjectDir(map.remote, 'linux') + dir.slice(encodeProjectDir(map.local, 'linux').length);
    const from = `${setup.rsyncDir}/projects/${dir}`;
    const to = `${setup.rsyncDir}/projects/${remoteDir}`;
    steps.push(`mkdir -p '${to}' && cp -r '${from}/.' '${to}/'`);
  }
  const measured = await measure(setup.rig, [{ argv: [setup.rig.sshProgram, setup.rig.sshd.alias, steps.join(' && ')] }]);
  if (measured.status !== 0) throw new Error(`rsync fix-up failed (exit ${String(measured.status)}): ${measured.stderr.trim()}`);
  return { scenario, tool: 'rsync fix-up', measured: strip(measured), note: `cp -r of ${steps.length} project dirs; cwd not rewritten` };
}

/**
 * The initial sync's floor for a Node 20 tool (node-floor.ts): the corpus through ccsync's codec
 * and the same ssh, nothing else. Run after rsync, into a tree of its own.
 */
export async function runNodeFloor(setup: Setup): Promise<Row> {
  const node = (mode: string, dir: string): string => [process.execPath, NODE_FLOOR, mode, dir].map(shellQuote).join(' ');
  const remote = node('receive', 'node-floor/projects');
  const pipeline = `${node('send', join(setup.claudeDir, 'projects'))} | ${shellQuote(setup.rig.sshProgram)} ${shellQuote(setup.rig.sshd.alias)} ${shellQuote(remote)}`;
  const measured = await measure(setup.rig, [{ argv: ['/bin/sh', '-c', pipeline] }]);
  if (measured.status !== 0) throw new Error(`the node floor failed (exit ${String(measured.status)}): ${measured.stderr.trim()}`);
  return { scenario: 'initial', tool: 'node floor', measured: strip(measured), note: 'brotli 4 in 8 MB parts, no rewrite, no protocol' };
}
