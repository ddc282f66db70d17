// The randomized model of issue #13: N machines that only ever append (new sessions, turns on
// the same session on two machines, subagent transcripts), carried by random push/pull/sync
// between random pairs, then quiesced. What must hold at the end is checked by checkFixedPoint.
// Everything is drawn from one seeded PRNG, so a seed replays its schedule exactly.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Replicas } from './replicas-harness.js';
import { seededRandom } from '../helpers/kill-schedule.js';

/** The kill tests' seeded PRNG (mulberry32) draws the schedules too. */
export const prng = seededRandom;

export class Draw {
  readonly #next: () => number;
  constructor(seed: number) {
    this.#next = prng(seed);
  }
  int(below: number): number {
    return Math.floor(this.#next() * below);
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  chance(p: number): boolean {
    return this.#next() < p;
  }
  /** a lowercase UUID (Claude Code's session and line ids) */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => this.int(16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

/** Every line ever written anywhere, per file (a transcript `<sid>` or `<sid>/subagents/agent-x`). */
export type Written = Map<string, Set<string>>;

export interface ModelState {
  draw: Draw;
  written: Written;
  sessions: string[];
  /** the model's clock: every line is one second later than the one before, ties on purpose */
  clock: number;
  /** per machine, ms its clock is off (machines disagree on the time; 0 when not skewed) */
  skew: Map<string, number>;
  log: string[];
}

function fileOf(r: Replicas, machine: string, file: string): string {
  const [sid, ...rest] = file.split('/');
  const transcript = r.transcript(machine, sid ?? '');
  return rest.length === 0 ? transcript : join(dirname(transcript), sid ?? '', ...rest) + '.jsonl';
}

function lastUuid(path: string): string | null {
  if (!existsSync(path)) return null;
  const lines = readFileSync(path, 'utf8').split('\n').filter((line) => line !== '');
  for (let i = lines.length - 1; i >= 0; i--) {
    const value: unknown = JSON.parse(lines[i] ?? '');
    const uuid = typeof value === 'object' && value !== null ? Reflect.get(value, 'uuid') : undefined;
    if (typeof uuid === 'string') return uuid;
  }
  return null;
}

/** Claude Code's turn, in miniature: conversation lines chained by parentUuid, paths of this machine. */
function appendTurn(r: Replicas, s: ModelState, machine: string, file: string): void {
  const m = r.byName(machine);
  const path = fileOf(r, machine, file);
  mkdirSync(dirname(path), { recursive: true });
  let parent = lastUuid(path);
  const [sid = ''] = file.split('/');
  const sidechain = file.includes('/');
  let text = '';
  const count = 1 + s.draw.int(3);
  for (let i = 0; i < count; i++) {
    if (!s.draw.chance(0.2)) s.clock += 1000; // a tie now and then
    const timestamp = new Date(Date.UTC(2026, 0, 1) + s.clock + (s.skew.get(machine) ?? 0)).toISOString();
    const uuid = s.draw.uuid();
    const line = {
      parentUuid: parent,
      isSidechain: sidechain,
      type: s.draw.pick(['user', 'assistant']),
      message: { role: 'user', content: [{ type: 'tool_use', input: { file_path: `${m.project}/src/f${s.draw.int(9)}.ts`, note: `${m.home}/notes.txt` } }] },
      uuid,
      timestamp,
      cwd: m.project,
      sessionId: sid,
      ...(sidechain ? { agentId: file.split('agent-')[1] } : {}),
    };
    text += `${JSON.stringify(line)}\n`;
    s.written.get(file)?.add(uuid);
    parent = uuid;
    if (!sidechain && s.draw.chance(0.25)) {
      // a line without uuid or timestamp that names paths (Claude's file-history snapshots)
      const snapshot = { type: 'file-history-snapshot', messageId: uuid, snapshot: { messageId: uuid, trackedFileBackups: { [`${m.project}/src/a.ts`]: { version: 1 } } }, isSnapshotUpdate: false };
      text += `${JSON.stringify(snapshot)}\n`;
    }
  }
  appendFileSync(path, text);
}

/** One random step: a machine writes (new session, turn, subagent turn) or two machines meet. */
export async function step(r: Replicas, s: ModelState): Promise<void> {
  const names = r.machines.map((m) => m.name);
  const machine = s.draw.pick(names);
  const roll = s.draw.int(10);
  const held = s.sessions.filter((sid) => existsSync(r.transcript(machine, sid)));
  if (roll === 0 || held.length === 0) {
    const sid = s.draw.uuid();
    s.sessions.push(sid);
    s.written.set(sid, new Set());
    s.log.push(`${machine}: new session ${sid.slice(0, 8)}`);
    appendTurn(r, s, machine, sid);
  } else if (roll <= 3) {
    const sid = s.draw.pick(held);
    s.log.push(`${machine}: turn on ${sid.slice(0, 8)}`);
    appendTurn(r, s, machine, sid);
  } else if (roll === 4) {
    const sid = s.draw.pick(held);
    const file = `${sid}/subagents/agent-a${s.draw.int(2)}`;
    if (!s.written.has(file)) s.written.set(file, new Set());
    s.log.push(`${machine}: subagent turn ${file.slice(0, 8)}…${file.slice(-9)}`);
    appendTurn(r, s, machine, file);
  } else if (r.neighbours(machine).length > 0) {
    const other = s.draw.pick(r.neighbours(machine));
    const verb = s.draw.pick(['push', 'pull', 'sync'] as const);
    s.log.push(`${machine}: ${verb} ${other}`);
    const result = await r.json(machine, [verb, other]);
    assert.equal(result.conflicts + result.failed, 0, JSON.stringify(result));
  }
}

/** Sync every linked pair until a whole round has nothing to do; returns the rounds it took. */
export async function quiesce(r: Replicas, s: ModelState, maxRounds = 10): Promise<number> {
  for (let round = 1; round <= maxRounds; round++) {
    let quiet = true;
    for (const [one, two] of r.links) {
      // either end may run it
      const [a, b] = s.draw.chance(0.5) ? [one, two] : [two, one];
      const result = await r.json(a, ['sync', b]);
      assert.equal(result.conflicts + result.failed, 0, JSON.stringify(result));
      if (result.actions.length > 0) quiet = false;
      s.log.push(`quiesce ${round}: ${a} sync ${b}: ${result.actions.map((action) => action.kind).join(',') || '-'}`);
    }
    if (quiet) return round;
  }
  throw new Error(`no fixed point after ${maxRounds} rounds of syncing every pair`);
}

/** A machine's file with its own project path and home spelled as placeholders. */
function neutral(r: Replicas, machine: string, file: string): string {
  const m = r.byName(machine);
  return readFileSync(fileOf(r, machine, file), 'utf8').split(m.project).join('<PROJECT>').split(m.home).join('<HOME>');
}

export function checkFixedPoint(r: Replicas, s: ModelState): void {
  const foreign = (machine: string): string[] => r.machines.filter((m) => m.name !== machine).flatMap((m) => [m.project, m.home]);
  for (const [file, uuids] of s.written) {
    const texts = r.machines.map((m) => neutral(r, m.name, file));
    for (const [index, m] of r.machines.entries()) {
      const raw = readFileSync(fileOf(r, m.name, file), 'utf8');
      const seen = raw.split('\n').filter((line) => line !== '').flatMap((line) => {
        const uuid: unknown = Reflect.get(JSON.parse(line) as object, 'uuid');
        return typeof uuid === 'string' ? [uuid] : [];
      });
      assert.equal(seen.length, new Set(seen).size, `${m.name} ${file}: a line twice`);
      assert.deepEqual([...seen].sort(), [...uuids].sort(), `${m.name} ${file}: every line, once`);
      for (const path of foreign(m.name)) assert.ok(!raw.includes(path), `${m.name} ${file}: a path of another machine (${path})`);
      assert.equal(texts[index], texts[0], `${m.name} ${file}: the same lines in the same order as ${r.machines[0]?.name ?? ''}`);
    }
    // `--resume` continues from the last line: with clocks that agree, it is one of the newest
    if (s.skew.size > 0) continue;
    const stamps = (texts[0] ?? '').split('\n').filter((line) => line !== '').flatMap((line) => {
      const stamp: unknown = Reflect.get(JSON.parse(line) as object, 'timestamp');
      return typeof stamp === 'string' ? [stamp] : [];
    });
    assert.equal(stamps.at(-1), [...stamps].sort().at(-1), `${file}: the last line is the newest`);
  }
  for (const m of r.machines) {
    const dir = dirname(r.transcript(m.name, 'x'));
    const names = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.jsonl')) : [];
    assert.deepEqual(names.sort(), s.sessions.map((sid) => `${sid}.jsonl`).sort(), `${m.name}: no fork copies, every session`);
  }
}

/** Back to empty machines (config kept): each schedule starts from nothing. */
export function resetMachines(r: Replicas): void {
  for (const m of r.machines) {
    rmSync(m.claudeDir, { recursive: true, force: true });
    mkdirSync(m.claudeDir, { recursive: true });
    rmSync(join(m.stateDir, 'remotes'), { recursive: true, force: true });
    rmSync(join(m.stateDir, 'backups'), { recursive: true, force: true });
  }
}
