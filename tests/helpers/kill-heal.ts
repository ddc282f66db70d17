// The kill -9 schedule of issue #13 ("every interrupted run is healed by the next run"), the same
// for every transport: per kill, a session synced earlier gets a tail of a few MB and a new
// session of ~1 MB appears; `ccsync push` starts and is SIGKILLed — at a seeded random moment of
// its run, or the moment the target starts to grow after its append journal appeared (mid-append)
// — and, over SSH, the remote's agent may be killed with it (a pod that dies mid-write). Then
// the next `push` must exit 0, and the target must hold exactly the source's lines (uuids, in
// order, each once), end every file on a newline, and keep no temp file or journal.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, watch, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import type { KillSchedule } from './kill-schedule.js';
import { descendantsOf, killChild, killWithHome, pidsWithHome, waitGone } from './remote-procs.js';
import type { CliRun } from './ssh-cli.js';
import { seededUuid } from './transcripts.js';
import { fileFieldValues } from './jsonl-fields.js';

export interface KillWorld {
  label: string;
  localClaude: string;
  remoteClaude: string;
  localProject: string;
  remoteProject: string;
  /** HOME of the remote side's processes (SSH), to kill and await them; undefined for dir: */
  remoteHome?: string;
  /** where an sh agent keeps its scratch dirs (must be empty after the healing run) */
  scratchDir?: string;
  run(args: string[], onSpawn?: (pid: number) => void): Promise<CliRun>;
}

export interface KillTally {
  kills: number;
  /** the kill left a journal or temp file of ccsync's on the target */
  leftovers: number;
  /** the target's transcript ended inside a line right after the kill */
  partialTails: number;
  /** the run had finished its writes before the kill */
  finished: number;
}

const TAIL_LINE_BYTES = 64 * 1024;

/** `lines` transcript lines of ~64 KiB of incompressible text, chained to `parent` (a first line is short). */
function bigLines(sid: string, cwd: string, tag: string, lines: number, parent: string | null, minute: number): string {
  let out = '';
  let previous = parent;
  for (let n = 0; n < lines; n++) {
    const uuid = seededUuid(`${tag}:${n}`);
    const timestamp = new Date(Date.UTC(2026, 1, 1, 0, minute, 0, n)).toISOString();
    // a file's first line stays short: the manifest finds a project's cwd in its first 64 KiB
    const text = randomBytes(previous === null ? 16 : TAIL_LINE_BYTES / 2).toString('hex');
    out += `${JSON.stringify({ parentUuid: previous, isSidechain: false, type: n % 2 ? 'assistant' : 'user', message: { role: n % 2 ? 'assistant' : 'user', content: `${text} in ${cwd}` }, uuid, timestamp, cwd, sessionId: sid })}\n`;
    previous = uuid;
  }
  return out;
}

function transcript(claudeDir: string, project: string, sid: string): string {
  return join(claudeDir, 'projects', encodeProjectDir(project, process.platform), `${sid}.jsonl`);
}

/** Every file below `dir` whose name is one of ccsync's temp files or journals. */
export function ccsyncLeftovers(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => /\.ccsync-[^/]*\.tmp$/.test(name));
}

function assertWhole(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  assert.ok(text === '' || text.endsWith('\n'), `${file} ends inside a line`);
  for (const line of text.split('\n').slice(0, -1)) assert.doesNotThrow(() => JSON.parse(line), `${file} holds a torn line`);
  const uuids = fileFieldValues(file, 'uuid');
  assert.equal(new Set(uuids).size, uuids.length, `${file} holds a line twice`);
  return uuids;
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function endsInsideLine(file: string): boolean {
  if (!existsSync(file)) return false;
  const data = readFileSync(file);
  return data.length > 0 && data[data.length - 1] !== 0x0a;
}

async function ok(world: KillWorld, args: string[], what: string): Promise<CliRun> {
  const run = await world.run(args);
  assert.equal(run.code, 0, `${world.label}: ${what} exited ${String(run.code)} (${String(run.signal)}): ${run.stderr}`);
  return run;
}

/** What kills a run: `aim()` finds the processes ahead of time (a /proc scan takes ms), `fire()` kills. */
interface Killer {
  aim(): void;
  fire(): void;
}

/** Starts a push and SIGKILLs it (and maybe the remote's agent) when `trigger` fires. */
async function killedPush(world: KillWorld, trigger: (kill: Killer) => () => void, alsoRemote: boolean): Promise<CliRun> {
  let pid: number | undefined;
  let stop = (): void => undefined;
  let aimed: number[] | undefined;
  const remotePids = (): number[] => (alsoRemote && world.remoteHome !== undefined ? pidsWithHome(world.remoteHome) : []);
  const kill: Killer = {
    aim: () => {
      aimed = remotePids();
    },
    fire: () => {
      if (pid !== undefined) killChild(pid);
      if (!alsoRemote || world.remoteHome === undefined) return;
      const targets = aimed ?? remotePids();
      // with what they started since they were aimed at (the sh agent's tail | head of the append)
      killWithHome([...targets, ...descendantsOf(targets)], world.remoteHome);
    },
  };
  const run = world.run(['push', 'pod', '--json'], (spawned) => {
    pid = spawned;
    stop = trigger(kill);
  });
  const result = await run;
  stop();
  return result;
}

/** Runs the schedule; returns what the kills hit. Every assertion names the seed. */
export async function killAndHeal(world: KillWorld, schedule: KillSchedule, log: (line: string) => void): Promise<KillTally> {
  const tally: KillTally = { kills: 0, leftovers: 0, partialTails: 0, finished: 0 };
  const remoteDir = dirname(transcript(world.remoteClaude, world.remoteProject, 'x'));
  mkdirSync(dirname(transcript(world.localClaude, world.localProject, 'x')), { recursive: true });
  // calibration: an unkilled push of the same size tells how long a run takes here, now
  const calibration = seededUuid(`${schedule.seed}:calibration`);
  writeFileSync(transcript(world.localClaude, world.localProject, calibration), bigLines(calibration, world.localProject, `${schedule.seed}:cal`, 64, null, 0));
  const started = Date.now();
  await ok(world, ['push', 'pod', '--json'], 'the calibration push');
  const runMs = Date.now() - started;
  log(`${world.label}: seed ${schedule.seed}, ${schedule.kills} kills, an unkilled push of ~4 MB takes ${runMs} ms`);
  for (let i = 0; i < schedule.kills; i++) {
    const sid = seededUuid(`${schedule.seed}:grow:${i}`);
    const fresh = seededUuid(`${schedule.seed}:new:${i}`);
    const local = transcript(world.localClaude, world.localProject, sid);
    writeFileSync(local, bigLines(sid, world.localProject, `${schedule.seed}:base:${i}`, 2, null, 1));
    await ok(world, ['push', 'pod', '--json'], `the push of base ${i}`);
    const remote = transcript(world.remoteClaude, world.remoteProject, sid);
    const baseSize = sizeOf(remote);
    const parent = fileFieldValues(local, 'uuid').pop() ?? null;
    appendFileSync(local, bigLines(sid, world.localProject, `${schedule.seed}:tail:${i}`, 48, parent, 2));
    writeFileSync(transcript(world.localClaude, world.localProject, fresh), bigLines(fresh, world.localProject, `${schedule.seed}:fresh:${i}`, 16, null, 3));
    // The first kill always lands on the target's journal, with the remote's agent killed too:
    // every schedule then tests a kill mid-write (one seed drew only timed kills and journal
    // kills of ccsync alone, which the agent outlives). The others are drawn.
    const onJournal = schedule.random() < 0.5 || i === 0;
    const delayMs = Math.round(schedule.random() * runMs * 1.2);
    const alsoRemote = world.remoteHome !== undefined && (schedule.random() < 0.7 || i === 0);
    const trigger = (kill: Killer): (() => void) => {
      if (!onJournal) {
        const timer = setTimeout(kill.fire, delayMs);
        return () => clearTimeout(timer);
      }
      mkdirSync(remoteDir, { recursive: true });
      // The journal appears first; then the transcript grows while one write() of a few MB
      // copies page after page: watch its size closely and kill the moment it moved.
      let done = false;
      const watcher = watch(remoteDir, (_event, name) => {
        if (done || name === null || !name.endsWith('.append.tmp')) return;
        done = true;
        kill.aim();
        const until = Date.now() + 3000;
        while (Date.now() < until && sizeOf(remote) <= baseSize) {
          // busy: an event-loop turn is longer than the write
        }
        kill.fire();
      });
      const fallback = setTimeout(kill.fire, runMs * 3); // a run that never appends is killed all the same
      return () => {
        watcher.close();
        clearTimeout(fallback);
      };
    };
    const killed = await killedPush(world, trigger, alsoRemote);
    if (world.remoteHome !== undefined) assert.ok(await waitGone(world.remoteHome), `${world.label} seed ${schedule.seed} kill ${i}: the remote's processes did not end`);
    tally.kills++;
    if (ccsyncLeftovers(world.remoteClaude).length > 0) tally.leftovers++;
    if (endsInsideLine(remote)) tally.partialTails++;
    if (killed.signal !== 'SIGKILL') tally.finished++;
    const how = onJournal ? 'on its journal' : `after ${delayMs} ms`;
    const healed = await world.run(['push', 'pod', '--json']);
    const where = `${world.label} seed ${schedule.seed} kill ${i} (${how}${alsoRemote ? ', remote killed too' : ''})`;
    assert.equal(healed.code, 0, `${where}: the next push exited ${String(healed.code)}: ${healed.stderr}`);
    for (const id of [sid, fresh]) {
      const source = assertWhole(transcript(world.localClaude, world.localProject, id));
      assert.deepEqual(assertWhole(transcript(world.remoteClaude, world.remoteProject, id)), source, `${where}: ${id} differs on the target`);
    }
    assert.deepEqual(ccsyncLeftovers(world.remoteClaude), [], `${where}: temp files or journals left on the target`);
    assert.deepEqual(ccsyncLeftovers(world.localClaude), [], `${where}: temp files or journals left locally`);
    if (world.scratchDir !== undefined) {
      if (world.remoteHome !== undefined) await waitGone(world.remoteHome);
      const scratch = existsSync(world.scratchDir) ? readdirSync(world.scratchDir).filter((name) => name.startsWith('sh.')) : [];
      assert.deepEqual(scratch, [], `${where}: the sh agent's scratch dirs were left`);
    }
    await sleep(10);
  }
  log(`${world.label}: ${tally.kills} kills; ${tally.leftovers} left a journal or temp file, ${tally.partialTails} a partial line on the target, ${tally.finished} came after the run ended; all healed by the next push`);
  return tally;
}
