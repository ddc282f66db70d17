// Issue #13's randomized model: 3 and 4 machines (each its own HOME, Claude dir, project path
// and mappings, remotes of each other over `dir:`), random appends — the same session on two
// machines too — new sessions, subagent transcripts, random push/pull/sync between random
// pairs; then every pair is synced until nothing changes. At that fixed point every machine
// holds every line exactly once, in its own paths, in the same order (so `--resume` continues
// the same branch everywhere), with no fork copy; no run ever exited 1 or 3 (model-schedule.ts).
//
// CCSYNC_SCHEDULES (default 200) schedules, seeds CCSYNC_SEED_BASE (default 1) onwards;
// CCSYNC_SEED=n replays one schedule and prints its steps. `npm run torture` runs thousands.
import { test } from 'node:test';
import { existsSync } from 'node:fs';
import { checkFixedPoint, Draw, quiesce, resetMachines, step, type ModelState } from './model-schedule.js';
import { makeReplicas, type Replicas } from './replicas-harness.js';

const env = process.env;
const replay = env['CCSYNC_SEED'] === undefined ? undefined : Number(env['CCSYNC_SEED']);
const count = replay === undefined ? Number(env['CCSYNC_SCHEDULES'] ?? 200) : 1;
const base = replay ?? Number(env['CCSYNC_SEED_BASE'] ?? 1);

async function runSchedule(r: Replicas, seed: number): Promise<{ steps: number; rounds: number; log: string[] }> {
  const draw = new Draw(seed);
  // every third schedule, the machines' clocks disagree by up to ±5 s
  const skew = new Map(seed % 3 === 2 ? r.machines.map((m) => [m.name, (draw.int(11) - 5) * 1000] as const) : []);
  const s: ModelState = { draw, written: new Map(), sessions: [], clock: draw.int(1000) * 1000, skew, log: [] };
  const steps = 8 + draw.int(25);
  try {
    for (let i = 0; i < steps; i++) await step(r, s);
    const rounds = await quiesce(r, s);
    checkFixedPoint(r, s);
    return { steps, rounds, log: s.log };
  } catch (error) {
    const where = `schedule seed ${seed} (${r.machines.length} machines, links ${r.links.map((link) => link.join('-')).join(' ')}, ${steps} steps) — replay: CCSYNC_SEED=${seed} node --test ${process.argv[1] ?? 'dist/tests/integration/model-n-replicas.test.js'}`;
    throw new Error(`${where}\n${s.log.join('\n')}\n${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

// fsync costs nothing on a tmpfs: the model checks the engine's decisions, not durability
const TEMP = existsSync('/dev/shm') ? '/dev/shm' : undefined;

/** Every pair; a chain; a star through a hub — with three and with four machines. */
async function topologies(): Promise<Replicas[]> {
  const base = TEMP === undefined ? {} : { base: TEMP };
  return [
    await makeReplicas({ ...base, names: ['a', 'b', 'c'] }),
    await makeReplicas({ ...base, names: ['a', 'b', 'c'], links: [['a', 'b'], ['b', 'c']] }),
    await makeReplicas({ ...base, names: ['w', 'x', 'y', 'z'] }),
    await makeReplicas({ ...base, names: ['hub', 'x', 'y', 'z'], links: [['hub', 'x'], ['hub', 'y'], ['hub', 'z']] }),
    await makeReplicas({ ...base, names: ['w', 'x', 'y', 'z'], links: [['w', 'x'], ['x', 'y'], ['y', 'z']] }),
  ];
}

test(`model: ${count} random schedules over 3 and 4 machines (all pairs, chain, star) reach a fixed point with no conflict`, async (t) => {
  const started = Date.now();
  const all = await topologies();
  let steps = 0;
  let maxRounds = 0;
  try {
    for (let i = 0; i < count; i++) {
      const seed = base + i;
      const r = all[seed % all.length] ?? all[0];
      if (r === undefined) throw new Error('no topology');
      resetMachines(r);
      const done = await runSchedule(r, seed);
      steps += done.steps;
      maxRounds = Math.max(maxRounds, done.rounds);
      if (replay !== undefined) t.diagnostic(done.log.join('\n'));
    }
  } finally {
    for (const r of all) r.cleanup();
  }
  t.diagnostic(`${count} schedules (seeds ${base}…${base + count - 1}), ${steps} steps, at most ${maxRounds} quiesce round(s), ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
