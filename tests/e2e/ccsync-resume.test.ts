// The promise of ccsync, checked with the real Claude Code (issue #2, "Tests"): a session made
// on machine A, pushed to machine B where the project lives at another path, resumes there
// with its earlier turns; after both sides continue it, `sync` merges and both sides resume.
// "Machines" are two HOMEs; B is reached as a `dir:` remote.
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { startFakeAnthropic, type FakeAnthropic } from '../helpers/fake-anthropic.js';
import { claudePrint, cwdsOf, historySentWith } from '../helpers/claude-e2e.js';
import { claudeAvailable } from '../helpers/claude-runner.js';
import { assertOnlyPaths, pathsSentWith } from '../helpers/request-paths.js';
import { makeSandbox, runCli, type Sandbox } from '../integration/cli-harness.js';

const skip = claudeAvailable() ? false : 'claude binary (devDependency) not available';

interface Machines {
  cli: Sandbox;
  api: FakeAnthropic;
  homeB: string;
  projA: string;
  projB: string;
}

async function machines(t: TestContext): Promise<Machines> {
  const cli = await makeSandbox();
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'ccsync-e2e-b-')));
  const homeB = join(root, 'b home');
  const projA = join(cli.home, 'code', 'proj é');
  const projB = join(homeB, 'work', 'runs', 'code');
  mkdirSync(projA, { recursive: true });
  mkdirSync(projB, { recursive: true });
  const api = await startFakeAnthropic();
  t.after(async () => {
    await api.close();
    await cli.cleanup();
    rmSync(root, { recursive: true, force: true });
  });
  return { cli, api, homeB, projA, projB };
}

function claude(m: Machines, home: string, cwd: string, args: string[]): Promise<string> {
  return claudePrint(m.api, home, cwd, args);
}

function transcript(home: string, project: string, sid: string): string {
  return join(home, '.claude', 'projects', encodeProjectDir(project, process.platform), `${sid}.jsonl`);
}


function cli(m: Machines, args: string[], cwd: string): string {
  const result = runCli(m.cli, args, {}, cwd);
  assert.equal(result.status, 0, `ccsync ${args.join(' ')} exited ${String(result.status)}: ${result.stderr}\n${result.stdout}`);
  return result.stdout;
}

test('a session pushed to another home and path resumes there, and both sides resume after sync', { skip, timeout: 180_000 }, async (t) => {
  const m = await machines(t);
  const sid = await claude(m, m.cli.home, m.projA, ['hello from A']);

  cli(m, ['remote', 'add', 'b', `dir:${m.homeB}`], m.projA);
  cli(m, ['map', 'add', 'b', m.projA, m.projB], m.projA);
  const pushed = JSON.parse(cli(m, ['push', 'b', '--json'], m.projA));
  assert.equal(pushed.done, 1, JSON.stringify(pushed));

  // On B: found by id from the mapped path, with every cwd rewritten to B's path.
  const onB = transcript(m.homeB, m.projB, sid);
  assert.deepEqual([...new Set(cwdsOf(onB))], [m.projB]);
  assert.equal(await claude(m, m.homeB, m.projB, ['--resume', sid, 'next on B']), sid);
  assert.match(historySentWith(m.api, 'next on B'), /hello from A/);
  assertOnlyPaths(pathsSentWith(m.api, 'next on B'), 'resumed on B', m.projB, m.cli.home);

  // Both machines continue the same session, then one sync brings them together.
  await claude(m, m.cli.home, m.projA, ['--resume', sid, 'more on A']);
  const synced = JSON.parse(cli(m, ['sync', 'b', '--json'], m.projA));
  assert.equal(synced.conflicts, 0, JSON.stringify(synced));
  const onA = transcript(m.cli.home, m.projA, sid);
  for (const [file, home, project] of [
    [onA, m.cli.home, m.projA],
    [onB, m.homeB, m.projB],
  ] as const) {
    const text = readFileSync(file, 'utf8');
    assert.match(text, /next on B/, `${file} lacks B's turn`);
    assert.match(text, /more on A/, `${file} lacks A's turn`);
    assert.deepEqual([...new Set(cwdsOf(file))], [project], `${file} has a foreign cwd`);
    const prompt = `after sync in ${home === m.homeB ? 'B' : 'A'}`;
    assert.equal(await claude(m, home, project, ['--resume', sid, prompt]), sid);
    assert.match(historySentWith(m.api, prompt), /hello from A/);
    assertOnlyPaths(pathsSentWith(m.api, prompt), prompt, project, home === m.homeB ? m.cli.home : m.homeB);
  }

  // Nothing left to do: the next sync only brings the two resumes above across.
  const again = JSON.parse(cli(m, ['sync', 'b', '--json'], m.projA));
  assert.equal(again.failed, 0, JSON.stringify(again));
  const final = JSON.parse(cli(m, ['sync', 'b', '--json'], m.projA));
  assert.equal(final.actions.length, 0, `a settled pair still plans work: ${JSON.stringify(final)}`);
});
