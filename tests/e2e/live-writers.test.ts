// Issue #13: "live writers on both sides during repeated runs: no torn line, no duplicate, no
// exit 1". Two programs (tests/helpers/live-writer.ts) append to the same session, one on each
// side of a `dir:` pair, some lines in two writes, while `ccsync sync` runs again and again.
// No run may fail or fork; once the writers stop, a few syncs settle both copies: every line of
// both writers on both sides exactly once, each writer's lines in its own order, no torn line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { fileFieldValues } from '../helpers/jsonl-fields.js';
import { killSchedule } from '../helpers/kill-schedule.js';
import { runCliAsync } from '../helpers/ssh-cli.js';
import { makeTranscript, seededUuid } from '../helpers/transcripts.js';
import { makePair, put, transcriptPath } from '../integration/transfer-harness.js';

const WRITER = fileURLToPath(new URL('../helpers/live-writer.js', import.meta.url));
const SID = seededUuid('live-writers');
const outcomeSchema = z.object({ actions: z.array(z.object({ kind: z.string(), status: z.string() })) });

function startWriter(file: string, cwd: string, tag: string, seed: number): ChildProcess {
  return spawn(process.execPath, [WRITER, file, SID, cwd, tag, String(seed)], { stdio: ['ignore', 'pipe', 'inherit'] });
}

async function stopWriter(child: ChildProcess): Promise<number> {
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
  return Number(out.trim());
}

function wholeLines(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  assert.ok(text.endsWith('\n'), `${file} ends inside a line`);
  for (const line of text.split('\n').slice(0, -1)) assert.doesNotThrow(() => JSON.parse(line), `${file} holds a torn line: ${line.slice(0, 120)}`);
  const uuids = fileFieldValues(file, 'uuid');
  assert.equal(new Set(uuids).size, uuids.length, `${file} holds a line twice`);
  return uuids;
}

test('a writer on each side during 20 syncs: no failed run, no fork, no torn line; settled, every line on both sides once', { timeout: 300_000 }, async (t) => {
  const p = await makePair();
  t.after(() => p.cleanup());
  const schedule = killSchedule(20);
  t.diagnostic(`seed ${schedule.seed} (CCSYNC_KILL_SEED replays the writers' choices), ${schedule.kills} syncs`);
  const local = transcriptPath(p.localClaude, p.L, SID);
  const remote = transcriptPath(p.remoteClaude, p.R, SID);
  put(local, makeTranscript(SID, p.L, 1, { seed: 'live' }));
  assert.equal(p.json(['sync', 'b']).done, 1);
  const writers = [startWriter(local, p.L, 'here', schedule.seed), startWriter(remote, p.R, 'there', schedule.seed + 1)];
  const outcomes: string[] = [];
  let counts: number[] = [];
  try {
    for (let run = 0; run < schedule.kills; run++) {
      const result = await runCliAsync(p.box.env, ['sync', 'b', '--json'], p.L);
      assert.equal(result.code, 0, `sync ${run} exited ${String(result.code)}: ${result.stderr}\n${result.stdout}`);
      outcomes.push(result.stdout);
    }
  } finally {
    counts = await Promise.all(writers.map(stopWriter));
  }
  for (let run = 0; run < 4; run++) {
    const result = await runCliAsync(p.box.env, ['sync', 'b', '--json'], p.L);
    assert.equal(result.code, 0, `settling sync ${run}: ${result.stderr}`);
  }
  const here = wholeLines(local);
  const there = wholeLines(remote);
  assert.deepEqual([...here].sort(), [...there].sort(), 'the two copies hold different lines');
  for (const [tag, count] of [['here', counts[0]], ['there', counts[1]]] as const) {
    const expected = Array.from({ length: count ?? 0 }, (_, n) => `${tag}-${String(n).padStart(5, '0')}`);
    for (const uuids of [here, there]) assert.deepEqual(uuids.filter((uuid) => uuid.startsWith(`${tag}-`)), expected, `${tag}'s lines are missing or out of order`);
  }
  const actions = outcomes.map((out) => outcomeSchema.parse(JSON.parse(out)).actions);
  const forks = actions.filter((list) => list.some((action) => action.kind === 'fork')).length;
  assert.equal(forks, 0, 'a sync forked the session');
  const wrote = actions.filter((list) => list.some((action) => action.status === 'done')).length;
  const raced = actions.filter((list) => list.some((action) => action.status === 'skipped')).length;
  t.diagnostic(`writers wrote ${String(counts[0])} and ${String(counts[1])} lines; of ${schedule.kills} syncs ${wrote} carried lines, ${raced} skipped a write (a line half-written or a race)`);
  assert.ok(wrote > 0, 'no sync carried anything while the writers ran: the test exercised nothing');
});
