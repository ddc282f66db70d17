// `ccsync export` → `ccsync import` checked with the real Claude Code (issue #5, "Done when"): a
// session made in HOME A at one path, exported (redacted), imported into HOME B at another path,
// and `claude -p --resume ID` there sends the earlier turns; the session then continues in B.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { startFakeAnthropic } from '../helpers/fake-anthropic.js';
import { claudePrint, cwdsOf, historySentWith } from '../helpers/claude-e2e.js';
import { claudeAvailable } from '../helpers/claude-runner.js';
import { assertOnlyPaths, pathsSentWith } from '../helpers/request-paths.js';
import { makeSandbox, runCli } from '../integration/cli-harness.js';

const skip = claudeAvailable() ? false : 'claude binary (devDependency) not available';

test('export from HOME A, import into HOME B at another path: the real Claude resumes it there', { skip, timeout: 240_000 }, async (t) => {
  const a = await makeSandbox();
  const b = await makeSandbox();
  const api = await startFakeAnthropic();
  t.after(async () => {
    await api.close();
    await a.cleanup();
    await b.cleanup();
  });
  const projectA = join(a.home, 'code', 'proj on A');
  const projectB = join(b.home, 'work', 'checkout-b');
  mkdirSync(projectA, { recursive: true });
  mkdirSync(projectB, { recursive: true });
  const sid = await claudePrint(api, a.home, projectA, ['hello from machine A']);

  const bundle = join(a.root, 'shared', 'session.ccsync');
  mkdirSync(join(a.root, 'shared'));
  const exported = runCli(a, ['export', sid, '-o', bundle], {}, projectA);
  assert.equal(exported.status, 0, exported.stderr);
  assert.match(exported.stderr, /no secrets found to redact/, 'a real transcript (system prompt, tool list) gives no false positive');
  assert.ok(readFileSync(bundle, 'utf8').startsWith('{"format":"ccsync-bundle","version":1'));

  const imported = runCli(b, ['import', bundle], {}, projectB);
  assert.equal(imported.status, 0, `${imported.stderr}\n${imported.stdout}`);
  const transcript = join(b.home, '.claude', 'projects', encodeProjectDir(projectB, process.platform), `${sid}.jsonl`);
  assert.ok(existsSync(transcript));
  assert.deepEqual([...new Set(cwdsOf(transcript))], [projectB]);
  assert.ok(!readFileSync(transcript, 'utf8').includes(a.home), 'no path of HOME A is left');

  assert.equal(await claudePrint(api, b.home, projectB, ['--resume', sid, 'continued on machine B']), sid);
  assert.match(historySentWith(api, 'continued on machine B'), /hello from machine A/);
  assertOnlyPaths(pathsSentWith(api, 'continued on machine B'), 'imported on B', projectB, a.home);
  const verified = runCli(b, ['verify', projectB], {}, projectB);
  assert.equal(verified.status, 0, `verify after Claude resumed: ${verified.stdout}`);
});
