// `ccsync verify` as a user runs it (issue #5): each problem kind found with its line, exit 1;
// a clean store exits 0; --repair fixes only a partial last line (backup first, mtime kept) and
// never one of a session Claude is running (sessions/<pid>.json with a live pid); --json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { makeTranscript } from '../helpers/transcripts.js';
import { runCli } from './cli-harness.js';
import { addSession, ID, OLD_MTIME, store } from './move-fixtures.js';

const problemSchema = z.object({ kind: z.string(), file: z.string(), line: z.number().optional(), detail: z.string() });
const reportSchema = z.object({
  claudeDir: z.string(),
  sessions: z.array(z.object({ sessionId: z.string(), projectDir: z.string(), lines: z.number(), live: z.boolean(), problems: z.array(problemSchema), repaired: z.array(z.string()) })),
  problems: z.number(),
  repaired: z.array(z.string()),
});

function verifyJson(s: Awaited<ReturnType<typeof store>>, args: string[]): { status: number | null; report: z.infer<typeof reportSchema> } {
  const r = runCli(s.sandbox, ['verify', ...args, '--json']);
  return { status: r.status, report: reportSchema.parse(JSON.parse(r.stdout)) };
}

test('each problem kind, with line numbers; a clean project passes', async (t) => {
  const s = await store(t);
  const clean = join(s.base, 'clean');
  const broken = join(s.base, 'broken');
  addSession(s, clean, ID(1));
  const body = makeTranscript(ID(2), broken, 2);
  const count = body.split('\n').length - 1;
  const orphan = JSON.stringify({ parentUuid: 'gone-uuid', type: 'user', uuid: 'o1', sessionId: ID(2), cwd: broken });
  addSession(s, broken, ID(2), `${body}not json at all\n${orphan}\n{"type":"assist`);
  // the same id under a second dir (a copy made by hand)
  addSession(s, join(s.base, 'copy'), ID(2), makeTranscript(ID(2), join(s.base, 'copy'), 2));

  const ok = runCli(s.sandbox, ['verify', clean]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /checked 1 session\(s\): no problems/);

  const { status, report } = verifyJson(s, [broken]);
  assert.equal(status, 1);
  const [session] = report.sessions;
  assert.equal(session?.sessionId, ID(2));
  assert.deepEqual(session?.problems.map((problem) => [problem.kind, problem.line]), [
    ['two-dirs', undefined],
    ['invalid-json', count + 1],
    ['dangling-parent', count + 2],
    ['partial-last-line', count + 3],
  ]);
  assert.equal(report.problems, 4);

  const all = verifyJson(s, ['--all']);
  assert.equal(all.report.sessions.length, 3);
  assert.equal(all.report.sessions.filter((entry) => entry.problems.some((problem) => problem.kind === 'two-dirs')).length, 2);

  const table = runCli(s.sandbox, ['verify', broken]);
  assert.equal(table.status, 1);
  assert.match(table.stdout, new RegExp(`line ${count + 1}: invalid-json`));
  assert.match(table.stdout, /dangling-parent: user line's parentUuid gone-uuid/);
});

test('--repair drops an incomplete final line after a backup, adds a missing newline, keeps the mtime', async (t) => {
  const s = await store(t);
  const torn = join(s.base, 'torn');
  const whole = join(s.base, 'whole');
  const body = makeTranscript(ID(3), torn, 1);
  const tornFile = addSession(s, torn, ID(3), `${body}{"type":"user","mess`);
  const wholeBody = makeTranscript(ID(4), whole, 1);
  const wholeFile = addSession(s, whole, ID(4), wholeBody.slice(0, -1));

  const r = runCli(s.sandbox, ['verify', '--all', '--repair']);
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /repaired: .*dropped an incomplete final line \(20 bytes\); backup in /);
  assert.match(r.stdout, /repaired: .*added the missing newline/);
  assert.equal(readFileSync(tornFile, 'utf8'), body);
  assert.equal(readFileSync(wholeFile, 'utf8'), wholeBody);
  assert.equal(statSync(tornFile).mtimeMs, OLD_MTIME.getTime());
  assert.equal(statSync(tornFile).mode & 0o777, 0o600);
  const runs = readdirSync(join(s.sandbox.stateDir, 'backups', 'local'));
  assert.equal(runs.length, 1);
  const backup = join(s.sandbox.stateDir, 'backups', 'local', runs[0] ?? '', 'projects');
  const [dirName] = readdirSync(backup).filter((name) => name.endsWith('torn'));
  assert.equal(readFileSync(join(backup, dirName ?? '', `${ID(3)}.jsonl`), 'utf8'), `${body}{"type":"user","mess`);

  const after = runCli(s.sandbox, ['verify', '--all']);
  assert.equal(after.status, 0, after.stdout);
});

test('a session Claude is running: its partial last line is not a problem and is never repaired', async (t) => {
  const s = await store(t);
  const live = join(s.base, 'live');
  const text = `${makeTranscript(ID(5), live, 1)}{"type":"assistant","uu`;
  const file = addSession(s, live, ID(5), text);
  mkdirSync(join(s.claudeDir, 'sessions'), { recursive: true });
  // this test process is alive: the registry entry counts as a running Claude
  writeFileSync(join(s.claudeDir, 'sessions', `${process.pid}.json`), JSON.stringify({ pid: process.pid, sessionId: ID(5), cwd: live }));
  const { status, report } = verifyJson(s, ['--all', '--repair']);
  assert.equal(status, 0);
  assert.equal(report.sessions[0]?.live, true);
  assert.deepEqual(report.repaired, []);
  assert.equal(readFileSync(file, 'utf8'), text);

  // a real problem in a live session is still reported; --repair leaves it alone
  appendFileSync(file, '\n');
  utimesSync(file, OLD_MTIME, OLD_MTIME);
  const again = verifyJson(s, ['--all', '--repair']);
  assert.equal(again.status, 1);
  assert.deepEqual(again.report.sessions[0]?.problems.map((problem) => problem.kind), ['invalid-json']);
});
