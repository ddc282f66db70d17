// `ccsync move` checked with the real Claude Code (issue #2, item 6): a session made in a
// project folder, the folder renamed, `ccsync move OLD NEW`, and `claude -p --resume ID` from
// the new path sends the earlier turns; `--continue` (newest transcript by mtime) finds it too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { startFakeAnthropic } from '../helpers/fake-anthropic.js';
import { claudePrint, cwdsOf, historySentWith } from '../helpers/claude-e2e.js';
import { claudeAvailable } from '../helpers/claude-runner.js';
import { assertOnlyPaths, pathsSentWith } from '../helpers/request-paths.js';
import { makeSandbox, runCli } from '../integration/cli-harness.js';

const skip = claudeAvailable() ? false : 'claude binary (devDependency) not available';

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
  const sid = await claudePrint(api, sandbox.home, oldProj, ['hello before the move']);
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

  assert.equal(await claudePrint(api, sandbox.home, newProj, ['--resume', sid, 'after the move']), sid);
  assert.match(historySentWith(api, 'after the move'), /hello before the move/);
  assertOnlyPaths(pathsSentWith(api, 'after the move'), 'resumed after the move', newProj, oldProj);
  assert.equal(await claudePrint(api, sandbox.home, newProj, ['--continue', 'continued']), sid);
  assert.match(historySentWith(api, 'continued'), /after the move/);
});
