// `ccsync sessions` as a user runs it, in a throwaway HOME: scope (current dir, PATH, --all),
// titles, sizes and line counts, order, --json, a corrupt line, and the failure messages.
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { makeTranscript, seededUuid } from '../helpers/transcripts.js';
import { makeSandbox, runCli, type Sandbox } from './cli-harness.js';

interface Store {
  sandbox: Sandbox;
  claudeDir: string;
  /** real dirs, so they can be a cwd */
  work: string;
}

async function store(t: TestContext): Promise<Store> {
  const sandbox = await makeSandbox();
  t.after(() => sandbox.cleanup());
  const work = join(realpathSync(sandbox.root), 'work');
  mkdirSync(work, { recursive: true });
  return { sandbox, claudeDir: join(sandbox.home, '.claude'), work };
}

function addSession(s: Store, cwd: string, id: string, body: string): string {
  const dir = join(s.claudeDir, 'projects', encodeProjectDir(cwd, process.platform));
  mkdirSync(dir, { recursive: true });
  mkdirSync(cwd, { recursive: true });
  const file = join(dir, `${id}.jsonl`);
  writeFileSync(file, body);
  return file;
}

const rowSchema = z.object({
  sessionId: z.string(),
  projectPath: z.string().optional(),
  projectDir: z.string(),
  file: z.string(),
  title: z.string().optional(),
  size: z.number(),
  lines: z.number(),
  lastActivity: z.string(),
  invalidLines: z.array(z.number()),
});
const listingSchema = z.object({ claudeDir: z.string(), sessions: z.array(rowSchema) });

function listJson(s: Store, args: string[], cwd?: string): z.infer<typeof listingSchema> {
  const r = runCli(s.sandbox, ['sessions', ...args, '--json'], {}, cwd);
  assert.equal(r.status, 0, r.stderr);
  return listingSchema.parse(JSON.parse(r.stdout));
}

const ID = (n: number): string => seededUuid(`sessions-test-${n}`);

test('scope: the current dir and below by default, PATH and below, or --all; newest first', async (t) => {
  const s = await store(t);
  const proj = join(s.work, 'proj');
  addSession(s, proj, ID(1), makeTranscript(ID(1), proj, 1, { start: '2026-01-01T00:00:00.000Z' }));
  addSession(s, join(proj, 'sub dir'), ID(2), makeTranscript(ID(2), join(proj, 'sub dir'), 1, { start: '2026-03-01T00:00:00.000Z' }));
  addSession(s, join(s.work, 'project2'), ID(3), makeTranscript(ID(3), join(s.work, 'project2'), 1, { start: '2026-02-01T00:00:00.000Z' }));

  const fromCwd = listJson(s, [], proj);
  assert.deepEqual(fromCwd.sessions.map((row) => row.sessionId), [ID(2), ID(1)], 'proj and its subdir, newest first; not project2');
  assert.deepEqual(fromCwd.sessions.map((row) => row.projectPath), [join(proj, 'sub dir'), proj]);

  assert.deepEqual(listJson(s, [join(proj, 'sub dir')]).sessions.map((row) => row.sessionId), [ID(2)]);
  assert.deepEqual(listJson(s, ['../project2'], proj).sessions.map((row) => row.sessionId), [ID(3)], 'a relative PATH is taken from the cwd');
  assert.deepEqual(listJson(s, ['--all']).sessions.map((row) => row.sessionId), [ID(2), ID(3), ID(1)]);

  const table = runCli(s.sandbox, ['sessions'], {}, proj);
  assert.equal(table.status, 0, table.stderr);
  const lines = table.stdout.trimEnd().split('\n');
  assert.match(lines[0] ?? '', /^LAST ACTIVITY\s+SESSION\s+LINES\s+SIZE\s+PROJECT\s+TITLE$/);
  assert.equal(lines.length, 3);
  assert.ok(lines[1]?.startsWith('2026-03-01 00:00Z') && lines[1].includes(ID(2)) && lines[1].includes('sub dir'), lines[1]);
  assert.ok(lines[2]?.includes(ID(1)) && lines[2].includes('prompt 1'), lines[2]);
});

test('the project path comes from the lines, not the lossy dir name', async (t) => {
  const s = await store(t);
  // '/w/proj-x' encodes like '/w/proj/x': decoding the name would put it under proj
  const lookalike = join(s.work, 'proj-x');
  addSession(s, lookalike, ID(1), makeTranscript(ID(1), lookalike, 1));
  mkdirSync(join(s.work, 'proj'), { recursive: true });
  assert.deepEqual(listJson(s, [join(s.work, 'proj')]).sessions, []);
  const all = listJson(s, ['--all']).sessions;
  assert.equal(all[0]?.projectPath, lookalike);
});

test('title: custom title, else AI title, else summary, else the first prompt; size and complete lines', async (t) => {
  const s = await store(t);
  const proj = join(s.work, 'p');
  const aiTitle = (id: string, text: string): string => `${JSON.stringify({ type: 'ai-title', aiTitle: text, sessionId: id })}\n`;
  const files = [
    addSession(s, proj, ID(1), makeTranscript(ID(1), proj, 1, { title: 'Named by me', summary: 'A summary' }) + aiTitle(ID(1), 'AI words')),
    addSession(s, proj, ID(2), makeTranscript(ID(2), proj, 1, { summary: 'A summary' }) + aiTitle(ID(2), 'AI words')),
    addSession(s, proj, ID(3), makeTranscript(ID(3), proj, 1, { summary: 'Only a summary' })),
    addSession(s, proj, ID(4), makeTranscript(ID(4), proj, [{ prompt: 'fix the\nparser' }])),
  ];
  // a line Claude is still writing is not counted
  appendFileSync(files[3] ?? '', '{"type":"user","cwd":');
  const rows = new Map(listJson(s, [proj]).sessions.map((row) => [row.sessionId, row]));
  assert.equal(rows.get(ID(1))?.title, 'Named by me');
  assert.equal(rows.get(ID(2))?.title, 'AI words');
  assert.equal(rows.get(ID(3))?.title, 'Only a summary');
  assert.equal(rows.get(ID(4))?.title, 'fix the parser');
  const four = rows.get(ID(4));
  assert.equal(four?.size, statSync(files[3] ?? '').size);
  assert.equal(four?.lines, makeTranscript(ID(4), proj, [{ prompt: 'x' }]).split('\n').length - 1);
  assert.equal(four?.lastActivity, '2026-01-01T00:00:04.000Z', 'the last of 4 lines, 1 s apart');
});

test('a corrupt line is reported on stderr and the listing goes on', async (t) => {
  const s = await store(t);
  const proj = join(s.work, 'p');
  const file = addSession(s, proj, ID(1), makeTranscript(ID(1), proj, 1));
  const goodLines = makeTranscript(ID(1), proj, 1).split('\n').length - 1;
  appendFileSync(file, '{"type":"user", broken\n');
  addSession(s, proj, ID(2), makeTranscript(ID(2), proj, 1));
  const r = runCli(s.sandbox, ['sessions', proj]);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.includes(ID(1)) && r.stdout.includes(ID(2)), r.stdout);
  assert.match(r.stderr, new RegExp(`${ID(1)}\\.jsonl: line ${goodLines + 1} is not valid JSON`));
  const row = listJson(s, [proj]).sessions.find((candidate) => candidate.sessionId === ID(1));
  assert.deepEqual(row?.invalidLines, [goodLines + 1]);
});

test('no sessions: a message and exit 0; no Claude dir: what to do and exit 1; PATH with --all: usage', async (t) => {
  const s = await store(t);
  const none = runCli(s.sandbox, ['sessions', '--all']);
  assert.equal(none.status, 1);
  assert.match(none.stderr, /Claude Code config dir not found: .*CLAUDE_CONFIG_DIR/);
  assert.equal(none.stderr.trim().split('\n').length, 1);

  mkdirSync(join(s.claudeDir, 'projects'), { recursive: true });
  const empty = runCli(s.sandbox, ['sessions'], {}, s.work);
  assert.equal(empty.status, 0, empty.stderr);
  assert.match(empty.stdout, /^no sessions for the current directory \(.*work\) or below; `ccsync sessions --all` lists every project\n$/);
  assert.deepEqual(listJson(s, ['--all']).sessions, []);

  const both = runCli(s.sandbox, ['sessions', s.work, '--all']);
  assert.equal(both.status, 2);
  assert.match(both.stderr, /either PATH or --all/);
});

test('CLAUDE_CONFIG_DIR is where the sessions are read', async (t) => {
  const s = await store(t);
  const other = join(s.sandbox.root, 'other-claude');
  const proj = join(s.work, 'p');
  const dir = join(other, 'projects', encodeProjectDir(proj, process.platform));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${ID(9)}.jsonl`), makeTranscript(ID(9), proj, 1));
  const r = runCli(s.sandbox, ['sessions', '--all', '--json'], { CLAUDE_CONFIG_DIR: other });
  assert.equal(r.status, 0, r.stderr);
  const listing = listingSchema.parse(JSON.parse(r.stdout));
  assert.equal(listing.claudeDir, other);
  assert.deepEqual(listing.sessions.map((row) => row.sessionId), [ID(9)]);
});
