// `ccsync move OLD NEW` as a user runs it, in a throwaway HOME: the project dirs (and the ones
// of its subdirectories) go to the new encoded names with every path rewritten, companions
// follow, history.jsonl and .claude.json follow, a look-alike project is untouched, backups,
// mtimes and modes; --dry-run writes nothing. Refusals: cli-move-refusals.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { makeTranscript, makeTranscriptLines, toJsonl } from '../helpers/transcripts.js';
import { runCli } from './cli-harness.js';
import { addSession, dirOf, historyLine, ID, OLD_MTIME, parseLines, snapshot, store } from './move-fixtures.js';

test('move: dirs renamed, every path rewritten, companions, history and .claude.json follow; backups, mtimes, modes', async (t) => {
  const s = await store(t);
  const oldProj = join(s.base, 'proj');
  const newProj = join(s.base, 'moved', 'proj');
  const sub = join(oldProj, 'sub');
  const lookalike = join(s.base, 'project2');
  const main = addSession(s, oldProj, ID(1));
  const original = readFileSync(main, 'utf8');
  const subFile = addSession(s, sub, ID(2));
  const otherFile = addSession(s, lookalike, ID(3), makeTranscript(ID(3), lookalike, 1, { summary: `see ${oldProj}/x and ${lookalike}` }));
  const otherBefore = readFileSync(otherFile);
  // companions: a subagent transcript (rewritten), a tool result (a blob: copied as is),
  // file-history (user file contents, keyed by session id: not touched), a stale index
  const companion = join(dirOf(s, oldProj), ID(1), 'subagents', 'agent-a1.jsonl');
  mkdirSync(join(dirOf(s, oldProj), ID(1), 'tool-results'), { recursive: true });
  mkdirSync(join(dirOf(s, oldProj), ID(1), 'subagents'), { recursive: true });
  writeFileSync(companion, toJsonl(makeTranscriptLines(ID(1), oldProj, 1, { seed: 'agent' })));
  writeFileSync(join(dirOf(s, oldProj), ID(1), 'tool-results', 't1.txt'), `ls ${oldProj}\n`);
  writeFileSync(join(dirOf(s, oldProj), 'sessions-index.json'), '{"entries":[]}');
  const fileHistory = join(s.claudeDir, 'file-history', ID(1), 'abcd@v1');
  mkdirSync(join(s.claudeDir, 'file-history', ID(1)), { recursive: true });
  writeFileSync(fileHistory, `import x from '${oldProj}/y'\n`);
  const history = join(s.claudeDir, 'history.jsonl');
  writeFileSync(history, historyLine(oldProj, `look at ${oldProj}`) + historyLine(sub, 'sub') + historyLine(lookalike, 'other'));
  const claudeJson = join(s.sandbox.home, '.claude.json');
  const config = { numStartups: 4, projects: { [lookalike]: { allowedTools: ['Bash'] }, [oldProj]: { hasTrustDialogAccepted: true, lastSessionId: ID(1) } }, oauthAccount: { emailAddress: 'a@b.c' } };
  writeFileSync(claudeJson, JSON.stringify(config, null, 2), { mode: 0o644 });
  chmodSync(claudeJson, 0o640);

  const r = runCli(s.sandbox, ['move', oldProj, newProj]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /moved 2 session\(s\)/);

  // the old dirs are gone; the new ones hold the sessions with every cwd rewritten
  assert.equal(existsSync(dirOf(s, oldProj)), false);
  assert.equal(existsSync(dirOf(s, sub)), false);
  const moved = join(dirOf(s, newProj), `${ID(1)}.jsonl`);
  const text = readFileSync(moved, 'utf8');
  const lines = parseLines(text);
  assert.deepEqual(lines.map((line) => line.uuid), parseLines(original).map((line) => line.uuid), 'uuids and order unchanged');
  assert.ok(lines.filter((line) => line.cwd !== undefined).every((line) => line.cwd === newProj));
  assert.equal(text.includes(`${oldProj}/`) || text.includes(`"${oldProj}"`), false, 'no old path left');
  assert.ok(text.includes(`${newProj}/src/file1.ts`), 'paths inside tool inputs rewritten');
  assert.ok(parseLines(readFileSync(join(dirOf(s, join(newProj, 'sub')), `${ID(2)}.jsonl`), 'utf8')).every((line) => line.cwd === undefined || line.cwd === join(newProj, 'sub')));
  assert.ok(readFileSync(join(dirOf(s, newProj), ID(1), 'subagents', 'agent-a1.jsonl'), 'utf8').includes(`"cwd":"${newProj}"`));
  assert.equal(readFileSync(join(dirOf(s, newProj), ID(1), 'tool-results', 't1.txt'), 'utf8'), `ls ${oldProj}\n`, 'blobs copied as they are');
  assert.equal(existsSync(join(dirOf(s, newProj), 'sessions-index.json')), false);
  assert.equal(readFileSync(fileHistory, 'utf8'), `import x from '${oldProj}/y'\n`, 'file-history untouched');
  // the look-alike project is untouched, byte for byte
  assert.deepEqual(readFileSync(otherFile), otherBefore);

  // mtimes kept (--continue picks by mtime); files 0600, dirs 0700
  assert.equal(statSync(moved).mtimeMs, OLD_MTIME.getTime());
  assert.equal(statSync(moved).mode & 0o777, 0o600);
  assert.equal(statSync(dirOf(s, newProj)).mode & 0o777, 0o700);
  assert.equal(statSync(join(dirOf(s, newProj), ID(1), 'subagents')).mode & 0o777, 0o700);

  // history.jsonl: project at or below OLD follows; what was typed does not change
  const entries = readFileSync(history, 'utf8').trimEnd().split('\n').map((line) => z.object({ project: z.string(), display: z.string() }).parse(JSON.parse(line)));
  assert.deepEqual(entries, [
    { project: newProj, display: `look at ${oldProj}` },
    { project: join(newProj, 'sub'), display: 'sub' },
    { project: lookalike, display: 'other' },
  ]);
  // .claude.json: the entry moved in place, everything else as it was, mode kept
  const after: unknown = JSON.parse(readFileSync(claudeJson, 'utf8'));
  assert.deepEqual(after, { ...config, projects: { [lookalike]: config.projects[lookalike], [newProj]: config.projects[oldProj] } });
  assert.deepEqual(Object.keys(z.record(z.string(), z.unknown()).parse(after)), ['numStartups', 'projects', 'oauthAccount']);
  assert.equal(statSync(claudeJson).mode & 0o777, 0o640);

  // backups: the originals of every rewritten file, the index, history and .claude.json
  const backupRoot = join(s.sandbox.stateDir, 'backups', 'local');
  const runs = readdirSync(backupRoot);
  assert.equal(runs.length, 1);
  const run = join(backupRoot, runs[0] ?? '');
  const oldDirName = encodeProjectDir(oldProj, process.platform);
  assert.equal(readFileSync(join(run, 'projects', oldDirName, `${ID(1)}.jsonl`), 'utf8'), original);
  assert.ok(existsSync(join(run, 'projects', oldDirName, 'sessions-index.json')));
  assert.ok(existsSync(join(run, 'projects', encodeProjectDir(sub, process.platform), `${ID(2)}.jsonl`)));
  assert.ok(readFileSync(join(run, 'history.jsonl'), 'utf8').includes(`"project":"${oldProj}"`));
  assert.deepEqual(JSON.parse(readFileSync(join(run, 'home', '.claude.json'), 'utf8')), config);
  assert.equal(statSync(join(run, 'history.jsonl')).mode & 0o777, 0o600);
  assert.equal(existsSync(subFile), false);

  // the listing agrees; a second move finds nothing left to move
  const listed = runCli(s.sandbox, ['sessions', newProj]);
  assert.ok(listed.stdout.includes(ID(1)) && listed.stdout.includes(ID(2)), listed.stdout);
  const again = runCli(s.sandbox, ['move', oldProj, newProj]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /no sessions found for .*proj/);
});

test('--dry-run prints the plan and writes nothing (not even the lock)', async (t) => {
  const s = await store(t);
  const oldProj = join(s.base, 'proj');
  addSession(s, oldProj, ID(1));
  writeFileSync(join(s.claudeDir, 'history.jsonl'), historyLine(oldProj, 'x'));
  writeFileSync(join(s.sandbox.home, '.claude.json'), JSON.stringify({ projects: { [oldProj]: {} } }));
  const before = snapshot(s.sandbox.root);
  const r = runCli(s.sandbox, ['move', oldProj, join(s.base, 'new'), '--dry-run']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`projects/${encodeProjectDir(oldProj, process.platform)} → projects/${encodeProjectDir(join(s.base, 'new'), process.platform)} \\(new dir`));
  assert.match(r.stdout, new RegExp(`${ID(1)}\\.jsonl  new \\(\\d+ lines, \\d+ with paths rewritten\\)`));
  assert.match(r.stdout, /history\.jsonl: 1 prompt\(s\)/);
  assert.match(r.stdout, /\.claude\.json: projects entry/);
  assert.match(r.stdout, /dry run: nothing was written/);
  assert.deepEqual(snapshot(s.sandbox.root), before);
});

test('a dir copied by hand to the new name (cp -r, paths not rewritten) is rewritten in place; one dir holds the id', async (t) => {
  const s = await store(t);
  const oldProj = join(s.base, 'proj');
  const newProj = join(s.base, 'new');
  const body = makeTranscript(ID(1), oldProj, 1);
  addSession(s, oldProj, ID(1), body);
  addSession(s, newProj, ID(1), body);
  writeFileSync(join(dirOf(s, newProj), 'sessions-index.json'), '{}');
  const r = runCli(s.sandbox, ['move', oldProj, newProj]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(existsSync(dirOf(s, oldProj)), false);
  assert.ok(parseLines(readFileSync(join(dirOf(s, newProj), `${ID(1)}.jsonl`), 'utf8')).every((line) => line.cwd === undefined || line.cwd === newProj));
  assert.equal(existsSync(join(dirOf(s, newProj), 'sessions-index.json')), false, 'a stale index in the target is removed');
});

test('a plain copy beside sessions started at the new path is replaced (backed up) by the rewritten one', async (t) => {
  const s = await store(t);
  const oldProj = join(s.base, 'proj');
  const newProj = join(s.base, 'new');
  const body = makeTranscript(ID(1), oldProj, 1);
  addSession(s, oldProj, ID(1), body);
  addSession(s, newProj, ID(2), makeTranscript(ID(2), newProj, 1)); // Claude already ran at the new path
  const copy = addSession(s, newProj, ID(1), body);
  const r = runCli(s.sandbox, ['move', oldProj, newProj]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /replaces a plain copy/);
  assert.equal(existsSync(dirOf(s, oldProj)), false);
  assert.ok(parseLines(readFileSync(copy, 'utf8')).every((line) => line.cwd === undefined || line.cwd === newProj));
  assert.equal(statSync(copy).mtimeMs, OLD_MTIME.getTime());
  const run = readdirSync(join(s.sandbox.stateDir, 'backups', 'local'))[0] ?? '';
  assert.equal(readFileSync(join(s.sandbox.stateDir, 'backups', 'local', run, 'projects', encodeProjectDir(newProj, process.platform), `${ID(1)}.jsonl`), 'utf8'), body);
});

test('the new path inside the old one', async (t) => {
  const s = await store(t);
  const oldProj = join(s.base, 'proj');
  const newProj = join(oldProj, 'inner');
  addSession(s, oldProj, ID(1));
  const r = runCli(s.sandbox, ['move', oldProj, newProj]);
  assert.equal(r.status, 0, r.stderr);
  const text = readFileSync(join(dirOf(s, newProj), `${ID(1)}.jsonl`), 'utf8');
  assert.ok(parseLines(text).every((line) => line.cwd === undefined || line.cwd === newProj));
  assert.ok(text.includes(`${newProj}/src/file1.ts`) && !text.includes(`${newProj}/inner`));
});

test('paths with spaces and unicode', async (t) => {
  const s = await store(t);
  const oldProj = join(s.base, 'Mein Projekt é');
  const newProj = join(s.base, 'neu ü', 'проект 🚀');
  addSession(s, oldProj, ID(1));
  writeFileSync(join(s.claudeDir, 'history.jsonl'), historyLine(oldProj, 'hi'));
  const r = runCli(s.sandbox, ['move', oldProj, newProj]);
  assert.equal(r.status, 0, r.stderr);
  const text = readFileSync(join(dirOf(s, newProj), `${ID(1)}.jsonl`), 'utf8');
  assert.ok(parseLines(text).every((line) => line.cwd === undefined || line.cwd === newProj));
  assert.equal(text.includes(oldProj), false);
  assert.ok(readFileSync(join(s.claudeDir, 'history.jsonl'), 'utf8').includes(JSON.stringify(newProj)));
});
