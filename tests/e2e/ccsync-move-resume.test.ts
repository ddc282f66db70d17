// `ccsync move` checked with the real Claude Code (issue #2, item 6): a session made in a
// project folder, the folder renamed, `ccsync move OLD NEW`, and `claude -p --resume ID` from
// the new path sends the earlier turns; `--continue` (newest transcript by mtime) finds it too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { encodeProjectDir } from '../../src/store/encode-project-dir.js';
import { startFakeAnthropic, userTexts, type FakeAnthropic } from '../helpers/fake-anthropic.js';
import { claudeAvailable, runClaude } from '../helpers/claude-runner.js';
import { makeSandbox, runCli } from '../integration/cli-harness.js';

const skip = claudeAvailable() ? false : 'claude binary (devDependency) not available';

async function claude(api: FakeAnthropic, home: string, cwd: string, args: string[]): Promise<string> {
  const r = await runClaude({ home, cwd, args: ['-p', '--output-format', 'json', ...args], baseUrl: api.url });
  assert.equal(r.code, 0, `claude exited ${String(r.code)} in ${cwd}: ${r.stderr}\n${r.stdout}`);
  assert.ok(r.sessionId, `no session id: ${r.stdout}`);
  return r.sessionId;
}

/** The user turns Claude sent with the last request that carried `prompt`. */
function historySentWith(api: FakeAnthropic, prompt: string): string {
  const requests = api.conversationRequests(prompt);
  const last = requests[requests.length - 1];
  assert.ok(last, `no request carried ${JSON.stringify(prompt)}`);
  return userTexts(last).join('\n');
}

function cwdsOf(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line): unknown => JSON.parse(line))
    .flatMap((value) => (typeof value === 'object' && value !== null && 'cwd' in value && typeof value.cwd === 'string' ? [value.cwd] : []));
}

test('after the folder moved, `ccsync move` makes the session resume from the new path', { skip, timeout: 180_000 }, async (t) => {
  const sandbox = await makeSandbox();
  const api = await startFakeAnthropic();
  t.after(async () => {
    await api.close();
    await sandbox.cleanup();
  });
  const oldProj = join(sandbox.home, 'code', 'old proj é');
  const newProj = join(sandbox.home, 'code', 'renamed', 'proj');
  mkdirSync(oldProj, { recursive: true });
  const sid = await claude(api, sandbox.home, oldProj, ['hello before the move']);
  const transcript = (project: string): string => join(sandbox.home, '.claude', 'projects', encodeProjectDir(project, process.platform), `${sid}.jsonl`);
  assert.ok(existsSync(transcript(oldProj)));

  mkdirSync(join(sandbox.home, 'code', 'renamed'));
  renameSync(oldProj, newProj);
  const moved = runCli(sandbox, ['move', oldProj, newProj], {}, newProj);
  assert.equal(moved.status, 0, `${moved.stderr}\n${moved.stdout}`);
  assert.equal(existsSync(transcript(oldProj)), false);
  assert.deepEqual([...new Set(cwdsOf(transcript(newProj)))], [newProj]);
  // (`claude -p` writes neither history.jsonl nor a .claude.json project entry: those are
  // covered by tests/integration/cli-move.test.ts)

  assert.equal(await claude(api, sandbox.home, newProj, ['--resume', sid, 'after the move']), sid);
  assert.match(historySentWith(api, 'after the move'), /hello before the move/);
  assert.equal(await claude(api, sandbox.home, newProj, ['--continue', 'continued']), sid);
  assert.match(historySentWith(api, 'continued'), /after the move/);
});
