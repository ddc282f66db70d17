// `ccsync move` refusals, each leaving the Claude dir and .claude.json exactly as they were:
// a different session under the same id at the new place, a live session (unless --force),
// nothing to move, no Claude dir; and which .claude.json follows under CLAUDE_CONFIG_DIR.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { makeTranscript } from '../helpers/transcripts.js';
import { runCli } from './cli-harness.js';
import { addSession, dirOf, ID, snapshot, store } from './move-fixtures.js';

test('the same session id already in the new dir with other content: refused, nothing changed', async (t) => {
  const s = await store(t);
  const oldProj = join(s.base, 'proj');
  const newProj = join(s.base, 'new');
  addSession(s, oldProj, ID(1));
  addSession(s, newProj, ID(1), makeTranscript(ID(1), newProj, 1, { seed: 'another conversation' }));
  writeFileSync(join(s.sandbox.home, '.claude.json'), JSON.stringify({ projects: { [oldProj]: {} } }));
  // HOME holds the Claude dir and .claude.json (the lock lives in the state dir)
  const before = snapshot(s.sandbox.home);
  const r = runCli(s.sandbox, ['move', oldProj, newProj]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`^ccsync: session ${ID(1)} .* already exists with different content: .*nothing was changed\\n$`));
  assert.deepEqual(snapshot(s.sandbox.home), before);
});

test('a live session is refused unless --force; no sessions and no Claude dir are errors', async (t) => {
  const s = await store(t);
  const noClaude = runCli(s.sandbox, ['move', join(s.base, 'a'), join(s.base, 'b')]);
  assert.equal(noClaude.status, 1);
  assert.match(noClaude.stderr, /no Claude Code config dir at .*CLAUDE_CONFIG_DIR/);

  const oldProj = join(s.base, 'proj');
  const newProj = join(s.base, 'new');
  addSession(s, oldProj, ID(1));
  const none = runCli(s.sandbox, ['move', join(s.base, 'pro'), newProj]);
  assert.equal(none.status, 1);
  assert.match(none.stderr, /no sessions found for .*pro.* or below/);

  // this test process is alive: Claude's registry entry for it marks the session live
  mkdirSync(join(s.claudeDir, 'sessions'), { recursive: true });
  writeFileSync(join(s.claudeDir, 'sessions', `${process.pid}.json`), JSON.stringify({ pid: process.pid, sessionId: ID(1), cwd: oldProj }));
  const before = snapshot(s.sandbox.home);
  const live = runCli(s.sandbox, ['move', oldProj, newProj]);
  assert.equal(live.status, 1);
  assert.match(live.stderr, new RegExp(`session ${ID(1)} is running in Claude Code right now: .*--force`));
  assert.deepEqual(snapshot(s.sandbox.home), before);
  const forced = runCli(s.sandbox, ['move', oldProj, newProj, '--force']);
  assert.equal(forced.status, 0, forced.stderr);
  assert.ok(existsSync(join(dirOf(s, newProj), `${ID(1)}.jsonl`)));
});

test('with CLAUDE_CONFIG_DIR, its .claude.json is the one that follows', async (t) => {
  const s = await store(t);
  const configDir = join(s.sandbox.root, 'claude-config');
  const oldProj = join(s.base, 'proj');
  const newProj = join(s.base, 'new');
  const dir = join(configDir, 'projects', encodeProjectDir(oldProj, process.platform));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${ID(1)}.jsonl`), makeTranscript(ID(1), oldProj, 1));
  writeFileSync(join(configDir, '.claude.json'), `${JSON.stringify({ projects: { [oldProj]: { a: 1 } } }, null, 2)}\n`);
  writeFileSync(join(s.sandbox.home, '.claude.json'), JSON.stringify({ projects: { [oldProj]: { b: 2 } } }));
  const homeBefore = readFileSync(join(s.sandbox.home, '.claude.json'), 'utf8');
  const r = runCli(s.sandbox, ['move', oldProj, newProj], { CLAUDE_CONFIG_DIR: configDir });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(join(configDir, '.claude.json'), 'utf8'), `${JSON.stringify({ projects: { [newProj]: { a: 1 } } }, null, 2)}\n`);
  assert.equal(readFileSync(join(s.sandbox.home, '.claude.json'), 'utf8'), homeBefore);
  assert.ok(existsSync(join(configDir, 'projects', encodeProjectDir(newProj, process.platform), `${ID(1)}.jsonl`)));
});
