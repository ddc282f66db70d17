// Issue #13, defect 8: one lock per remote, not per machine. A push to c runs while a push to b
// runs; a second run for b waits for the first (a line on stderr) and then runs; move/import/
// verify --repair (the machine lock) and remote runs wait for each other, bounded. Two real runs
// for two remotes that both write this machine's copy of a session, again and again at once:
// never a failure, and every line ends up here exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lockPath, remoteLockPath } from '../../src/config/paths.js';
import { fileFieldValues } from '../helpers/jsonl-fields.js';
import { appendTurn, runCliAsync, uuidsOf } from '../helpers/ssh-cli.js';
import { makeTranscript, seededUuid } from '../helpers/transcripts.js';
import { runCli } from './cli-harness.js';
import { makePair, put, transcriptPath, type Pair } from './transfer-harness.js';

const SID = seededUuid('locks-session');
const LOCK_MODULE = fileURLToPath(new URL('../../src/fs/lock.js', import.meta.url));

/** Another process that holds the lock file at `file` for `ms`, as a running ccsync would. */
async function holdLock(file: string, ms: number): Promise<ChildProcess> {
  const script = `const { acquireLock } = await import(${JSON.stringify(LOCK_MODULE)}); const lock = await acquireLock(${JSON.stringify(file)}); process.stdout.write('held\\n'); setTimeout(async () => { await lock.release(); process.exit(0); }, ${ms});`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await once(child.stdout ?? child, 'data');
  return child;
}

/** Resolves when `child` has exited (at once if it already has). */
async function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await once(child, 'exit');
}

async function pairWithTwoRemotes(): Promise<Pair & { cHome: string; cProject: string }> {
  const p = await makePair();
  const cHome = join(p.root, 'c-home');
  const cProject = join(p.root, 'c', 'proj');
  mkdirSync(cHome, { recursive: true });
  assert.equal(p.run(['remote', 'add', 'c', `dir:${cHome}`]).status, 0);
  assert.equal(p.run(['map', 'add', 'c', p.L, cProject]).status, 0);
  put(transcriptPath(p.localClaude, p.L, SID), makeTranscript(SID, p.L, 2, { seed: 'locks' }));
  return { ...p, cHome, cProject };
}

test('a push to c runs while a run for b holds its lock', async () => {
  const p = await pairWithTwoRemotes();
  const holder = await holdLock(remoteLockPath(p.box.stateDir, 'b'), 20_000);
  try {
    const run = runCli(p.box, ['push', 'c', '--json'], { CCSYNC_LOCK_WAIT: '0' }, p.L);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, '', 'the push to c waited for b');
  } finally {
    holder.kill('SIGKILL');
    await exited(holder);
    await p.cleanup();
  }
});

test('a second run for b waits for the first, says so once, then runs', async () => {
  const p = await pairWithTwoRemotes();
  try {
    const holder = await holdLock(remoteLockPath(p.box.stateDir, 'b'), 1500);
    const started = Date.now();
    const run = await runCliAsync(p.box.env, ['push', 'b', '--json'], p.L);
    await exited(holder);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(Date.now() - started >= 1000, 'the push did not wait for the running one');
    assert.match(run.stderr, /^waiting for another ccsync run for 'b' \(pid \d+\) to finish…\n$/);
  } finally {
    await p.cleanup();
  }
});

test('the machine lock (move, import, verify --repair) and a remote run wait for each other', async () => {
  const p = await pairWithTwoRemotes();
  try {
    const machine = await holdLock(lockPath(p.box.stateDir), 1500);
    const run = await runCliAsync(p.box.env, ['push', 'b', '--json'], p.L);
    await exited(machine);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^waiting for a ccsync run on this machine \(pid \d+; a move, import or verify --repair\) to finish…\n$/);
    // a transcript with a cut last line gives verify --repair something to write
    put(transcriptPath(p.localClaude, p.L, seededUuid('cut')), `${makeTranscript(seededUuid('cut'), p.L, 1)}{"cut":`);
    const remote = await holdLock(remoteLockPath(p.box.stateDir, 'c'), 20_000);
    try {
      const repair = runCli(p.box, ['verify', '--repair'], { CCSYNC_LOCK_WAIT: '0.5' }, p.L);
      assert.equal(repair.status, 1);
      assert.match(repair.stderr, /waiting for the ccsync run for 'c' to finish…\nccsync: a ccsync run for 'c' still runs after 1 s; try again when it has finished/);
    } finally {
      remote.kill('SIGKILL');
      await exited(remote);
    }
  } finally {
    await p.cleanup();
  }
});

/** One prompt-history line as Claude Code writes it (claude-code-format.md, "history.jsonl"). */
function historyLine(display: string, project: string, sessionId: string, at: number): string {
  return `${JSON.stringify({ display, pastedContents: {}, timestamp: at, project, sessionId })}\n`;
}

test('runs for b and c that both write this machine at once, ten times: no failure, every line here once', async () => {
  const p = await pairWithTwoRemotes();
  try {
    assert.equal(p.json(['push', 'b']).failed, 0);
    assert.equal(runCli(p.box, ['push', 'c', '--json'], {}, p.L).status, 0);
    const onB = transcriptPath(p.remoteClaude, p.R, SID);
    const expected = new Set(uuidsOf(transcriptPath(p.localClaude, p.L, SID)));
    const prompts: string[] = [];
    const cClaude = join(p.cHome, '.claude');
    const newSessions: string[] = [];
    for (let round = 0; round < 10; round++) {
      // b continues the shared session; c starts a session of its own; both add prompt history
      for (const uuid of appendTurn(onB, SID, p.R, `b-${round}`, round)) expected.add(uuid);
      const sid = seededUuid(`c-session-${round}`);
      newSessions.push(sid);
      put(transcriptPath(cClaude, p.cProject, sid), makeTranscript(sid, p.cProject, 1, { seed: `c-${round}` }));
      for (const [home, project, name] of [[p.remoteClaude, p.R, 'b'], [cClaude, p.cProject, 'c']] as const) {
        const display = `prompt ${round} on ${name}`;
        prompts.push(display);
        appendFileSync(join(home, 'history.jsonl'), historyLine(display, project, name === 'b' ? SID : sid, Date.UTC(2026, 0, 2, 0, round, name === 'b' ? 0 : 1)));
      }
      const [b, c] = await Promise.all([runCliAsync(p.box.env, ['sync', 'b', '--json'], p.L), runCliAsync(p.box.env, ['sync', 'c', '--json'], p.L)]);
      assert.equal(b.code, 0, `round ${round}, sync b: ${b.stderr}`);
      assert.equal(c.code, 0, `round ${round}, sync c: ${c.stderr}`);
    }
    for (const name of ['b', 'c', 'b', 'c']) assert.equal(runCli(p.box, ['sync', name, '--json'], {}, p.L).status, 0);
    const here = uuidsOf(transcriptPath(p.localClaude, p.L, SID));
    assert.equal(new Set(here).size, here.length, 'a line is here twice');
    assert.deepEqual(new Set(here), expected);
    for (const sid of newSessions) assert.ok(existsSync(transcriptPath(p.localClaude, p.L, sid)), `c's session ${sid} did not arrive`);
    const displays = fileFieldValues(join(p.localClaude, 'history.jsonl'), 'display');
    assert.deepEqual([...displays].sort(), [...prompts].sort(), 'the prompt history here lost or doubled a line');
  } finally {
    await p.cleanup();
  }
});
