// Checks ccsync's model of Claude Code's store against the real client (the pinned
// devDependency), run offline against a fake API in throwaway HOMEs. If Claude Code changes
// where or how it writes sessions, these tests are the ones that should fail first.
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { startFakeAnthropic, userTexts } from '../helpers/fake-anthropic.js';
import type { FakeAnthropic } from '../helpers/fake-anthropic.js';
import { claudeAvailable, runClaude } from '../helpers/claude-runner.js';
import type { RunClaudeResult } from '../helpers/claude-runner.js';
import { makeTranscript, seededUuid } from '../helpers/transcripts.js';

const skip = claudeAvailable() ? false : 'claude binary (devDependency) not available';

interface Sandbox { root: string; home: string; api: FakeAnthropic }

/** A fresh HOME and fake API per test, removed / closed when the test ends. */
async function sandbox(t: TestContext): Promise<Sandbox> {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'ccsync-e2e-')));
  const home = join(root, 'home');
  mkdirSync(home);
  const api = await startFakeAnthropic();
  t.after(async () => {
    await api.close();
    rmSync(root, { recursive: true, force: true });
  });
  return { root, home, api };
}

async function claude(s: Sandbox, cwd: string, args: string[]): Promise<RunClaudeResult> {
  const r = await runClaude({ home: s.home, cwd, args: ['-p', '--output-format', 'json', ...args], baseUrl: s.api.url });
  assert.equal(r.timedOut, false, 'claude timed out');
  assert.equal(r.code, 0, `claude exited ${String(r.code)}: ${r.stderr}\n${r.stdout}`);
  assert.ok(r.sessionId !== undefined, `no session_id in output: ${r.stdout}`);
  return r;
}

/** Where ccsync expects the transcript: the encoded realpath of the start dir. */
function transcriptPath(home: string, cwd: string, sessionId: string): string {
  const dir = encodeProjectDir(realpathSync(cwd), process.platform);
  return join(home, '.claude', 'projects', dir, `${sessionId}.jsonl`);
}

function readLines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => {
    const value: unknown = JSON.parse(l);
    assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value), `not an object: ${l}`);
    return Object.fromEntries(Object.entries(value));
  });
}

/** The user texts of the last main-loop request sent for `prompt`. */
function lastHistory(api: FakeAnthropic, prompt: string): string[] {
  const reqs = api.conversationRequests(prompt);
  const last = reqs[reqs.length - 1];
  assert.ok(last !== undefined, `no request carried ${JSON.stringify(prompt)}`);
  return userTexts(last);
}

/** First run + resume in `cwd`: checks the file location, cwd/sessionId fields and history. */
async function checkCreateAndResume(s: Sandbox, cwd: string): Promise<string> {
  const first = await claude(s, cwd, ['hello']);
  const sid = first.sessionId ?? '';
  const file = transcriptPath(s.home, cwd, sid);
  const projects = readdirSync(join(s.home, '.claude', 'projects'));
  assert.deepEqual(projects, [encodeProjectDir(realpathSync(cwd), process.platform)]);
  const lines = readLines(file);
  for (const line of lines) {
    if ('cwd' in line) assert.equal(line['cwd'], realpathSync(cwd));
    if ('sessionId' in line) assert.equal(line['sessionId'], sid);
  }
  assert.ok(lines.some((l) => l['type'] === 'user' && 'cwd' in l), 'no user line');
  assert.ok(lines.some((l) => l['type'] === 'assistant'), 'no assistant line');

  const second = await claude(s, cwd, ['--resume', sid, 'next']);
  assert.equal(second.sessionId, sid, '-p --resume keeps the session id');
  assert.deepEqual(lastHistory(s.api, 'next'), ['hello', 'next'], 'earlier turn sent again');
  const sent = JSON.stringify(s.api.conversationRequests('next').at(-1)?.messages);
  assert.ok(sent.includes('ack 1: hello'), 'first reply sent again');
  assert.ok(readLines(file).length > lines.length, 'resume appends to the same file');
  return sid;
}

test('claude -p writes <HOME>/.claude/projects/<encoded realpath>/<sid>.jsonl and resumes it', { skip }, async (t) => {
  const s = await sandbox(t);
  const proj = join(s.root, 'proj');
  mkdirSync(proj);
  const sid = await checkCreateAndResume(s, proj);
  const r = s.api.conversationRequests('hello');
  assert.equal(r.length, 1, 'one main-loop request for the first prompt');
  assert.deepEqual(userTexts(r[0] ?? { messages: [] }), ['hello']);
  // The registry of live processes is removed on exit (../shared/claude-code-format.md).
  assert.deepEqual(readdirSync(join(s.home, '.claude', 'sessions')), []);
  assert.ok(readLines(transcriptPath(s.home, proj, sid)).some((l) => l['type'] === 'last-prompt'));
});

test('the start dir is resolved: a symlinked cwd is stored under its realpath', { skip: skip || process.platform === 'win32' }, async (t) => {
  const s = await sandbox(t);
  const real = join(s.root, 'real dir');
  mkdirSync(real);
  const link = join(s.root, 'link');
  symlinkSync(real, link);
  const r = await claude(s, link, ['hello']);
  const lines = readLines(join(s.home, '.claude', 'projects', encodeProjectDir(real, process.platform), `${r.sessionId ?? ''}.jsonl`));
  assert.ok(lines.filter((l) => 'cwd' in l).every((l) => l['cwd'] === real));
});

test('a project path with spaces and non-ASCII characters', { skip }, async (t) => {
  const s = await sandbox(t);
  const proj = join(s.root, 'my proj é', 'naïve Ünïcode 😀');
  mkdirSync(proj, { recursive: true });
  await checkCreateAndResume(s, proj);
});

test('a project path over 200 characters gets the hash suffix', { skip }, async (t) => {
  const s = await sandbox(t);
  // Emoji are two UTF-16 code units each: the encoding counts units, not characters.
  const segment = 'deep dir é😀 '.repeat(6).trim();
  const proj = join(s.root, segment, segment, segment);
  mkdirSync(proj, { recursive: true });
  const encoded = encodeProjectDir(realpathSync(proj), process.platform);
  assert.ok(realpathSync(proj).length > 200);
  assert.match(encoded, /^.{200}-[0-9a-z]+$/);
  await checkCreateAndResume(s, proj);
});

test('a synthetic transcript from tests/helpers/transcripts.ts resumes in the real client', { skip }, async (t) => {
  const s = await sandbox(t);
  const proj = join(s.root, 'synthetic');
  mkdirSync(proj);
  const sid = seededUuid('synthetic-session');
  const file = transcriptPath(s.home, proj, sid);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, makeTranscript(sid, realpathSync(proj), 3, { title: 'Synthetic' }), { mode: 0o600 });
  const r = await claude(s, proj, ['--resume', sid, 'continue']);
  assert.equal(r.sessionId, sid);
  assert.deepEqual(lastHistory(s.api, 'continue'), ['prompt 1', 'prompt 2', 'prompt 3', 'continue']);
  const sent = JSON.stringify(s.api.conversationRequests('continue').at(-1)?.messages);
  // The tool calls survive: Read's file_path and the Bash result's absolute paths.
  assert.ok(sent.includes(join(realpathSync(proj), 'src', 'file2.ts')));
  assert.ok(sent.includes('"tool_result"') && sent.includes('"tool_use"'));
});

test('runClaude kills a run that outlives its timeout', { skip }, async (t) => {
  const s = await sandbox(t);
  // An API that accepts requests and never answers.
  const hang = createServer(() => undefined);
  await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
  t.after(() => { hang.closeAllConnections(); hang.close(); });
  const address = hang.address();
  assert.ok(address !== null && typeof address === 'object');
  const proj = join(s.root, 'p');
  mkdirSync(proj);
  const r = await runClaude({
    home: s.home, cwd: proj, args: ['-p', 'hello'],
    baseUrl: `http://127.0.0.1:${address.port}`, timeoutMs: 3000,
  });
  assert.equal(r.timedOut, true);
  assert.equal(r.signal, 'SIGKILL');
  assert.ok(r.durationMs < 15_000);
});
