// A fact about the real client that ccsync's hooks rely on (ARCHITECTURE.md, "Hooks"): on
// `--resume` (and `--continue`), Claude Code 2.1.197 loads the transcript BEFORE SessionStart
// runs. A hook that appends a turn to the transcript then is not in the conversation sent to
// the model, and the next prompt's parentUuid points at the leaf loaded before the hook, so
// the appended turn is left on a side branch. On a fresh start, SessionStart runs before any
// transcript exists. If a later client changes this, this test says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historySentWith } from '../helpers/claude-e2e.js';
import { claudeAvailable } from '../helpers/claude-runner.js';
import { claudeOnA, hookWorld } from '../helpers/hook-world.js';

const skip = claudeAvailable() ? false : 'claude binary (devDependency) not available';

// Appends a user turn and a reply, chained to the last line with a uuid, when source is resume.
const APPENDER = `
const fs = require('node:fs');
const crypto = require('node:crypto');
let text = '';
process.stdin.on('data', (c) => (text += c)).on('end', () => {
  const input = JSON.parse(text);
  fs.appendFileSync(process.argv[2], JSON.stringify({ source: input.source, exists: fs.existsSync(input.transcript_path) }) + '\\n');
  if (input.source !== 'resume') return;
  const lines = fs.readFileSync(input.transcript_path, 'utf8').trim().split('\\n').map((l) => JSON.parse(l));
  const last = lines.filter((l) => l.uuid).pop();
  const user = lines.find((l) => l.type === 'user');
  const reply = lines.filter((l) => l.type === 'assistant').pop();
  const u = { ...user, uuid: crypto.randomUUID(), parentUuid: last.uuid, timestamp: new Date().toISOString(), message: { role: 'user', content: 'turn appended by SessionStart' } };
  const a = { ...reply, uuid: crypto.randomUUID(), parentUuid: u.uuid, timestamp: new Date().toISOString(), message: { ...reply.message, content: [{ type: 'text', text: 'appended reply' }] } };
  fs.appendFileSync(input.transcript_path, JSON.stringify(u) + '\\n' + JSON.stringify(a) + '\\n');
});`;

test('Claude 2.1.197 loads a resumed transcript before SessionStart: lines a hook appends then are not in that conversation', { skip, timeout: 120_000 }, async (t) => {
  const w = await hookWorld(t);
  const script = join(w.cli.root, 'appender.cjs');
  const seen = join(w.cli.root, 'seen.jsonl');
  writeFileSync(script, APPENDER);
  mkdirSync(join(w.cli.home, '.claude'), { recursive: true });
  writeFileSync(w.settings, JSON.stringify({ hooks: { SessionStart: [{ hooks: [{ type: 'command', command: `'${process.execPath}' '${script}' '${seen}'` }] }] } }, null, 2));

  const first = await claudeOnA(w, ['first prompt']);
  assert.equal(first.code, 0, first.stderr);
  const sid = first.sessionId ?? '';
  const resumed = await claudeOnA(w, ['--resume', sid, 'second prompt']);
  assert.equal(resumed.code, 0, resumed.stderr);

  const runs = readFileSync(seen, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  assert.deepEqual(runs, [{ source: 'startup', exists: false }, { source: 'resume', exists: true }]);
  const history = historySentWith(w.api, 'second prompt');
  assert.match(history, /first prompt/);
  assert.doesNotMatch(history, /turn appended by SessionStart/, 'the resumed conversation was loaded before the hook appended');
  // the new prompt hangs off the leaf loaded before the hook: the appended turn is a side branch
  const transcript = readFileSync(transcriptOf(w.cli.home, sid), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  const appended = transcript.find((line) => line.message?.content === 'turn appended by SessionStart');
  const second = transcript.find((line) => line.message?.content === 'second prompt');
  assert.ok(appended && second);
  assert.equal(second.parentUuid, appended.parentUuid, 'the second prompt and the appended turn are siblings');
});

function transcriptOf(home: string, sid: string): string {
  const projects = join(home, '.claude', 'projects');
  const dirs = readdirSafe(projects);
  for (const dir of dirs) {
    const candidate = join(projects, dir, `${sid}.jsonl`);
    try {
      readFileSync(candidate);
      return candidate;
    } catch {
      // not in this dir
    }
  }
  throw new Error(`no transcript ${sid}`);
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
