// README `export` / `import` (the Commands table's rows) as one flow (issue #10), on a realistic
// Claude dir: export one session by the 8 characters `status` prints into a dir, and a whole
// project into a file; import the project into another HOME at another path (dry run first);
// the real Claude Code resumes there; the same bundle again changes nothing; the session
// continued at home, exported again, is appended there.
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { claudeAvailable } from '../helpers/claude-runner.js';
import { claudePrint, cwdsOf, historySentWith } from '../helpers/claude-e2e.js';
import { startFakeAnthropic } from '../helpers/fake-anthropic.js';
import { makeRealisticState } from '../helpers/realistic-state.js';
import { makeSandbox, runCli, type CliResult, type Sandbox } from '../integration/cli-harness.js';

const skip = claudeAvailable() ? false : 'claude binary (devDependency) not available';

async function machine(t: TestContext): Promise<Sandbox> {
  const box = await makeSandbox();
  t.after(() => box.cleanup());
  box.home = join(realpathSync(box.root), 'home');
  box.env['HOME'] = box.home;
  return box;
}

function ccsync(box: Sandbox, args: string[], cwd: string): CliResult {
  const out = runCli(box, args, {}, cwd);
  assert.equal(out.status, 0, `ccsync ${args.join(' ')}\n${out.stderr}\n${out.stdout}`);
  return out;
}

test('README export / import, in order: a session by its short id, a project into another HOME and path, resumed there', { skip, timeout: 300_000 }, async (t) => {
  const api = await startFakeAnthropic();
  t.after(() => api.close());
  const a = await machine(t);
  const b = await machine(t);
  const projectA = join(a.home, 'code', 'proj');
  const projectB = join(b.home, 'work', 'checkout of proj');
  mkdirSync(projectA, { recursive: true });
  mkdirSync(projectB, { recursive: true });
  const state = await makeRealisticState(api, a.home, projectA, 'export');
  const newest = state.sessions[state.sessions.length - 1] ?? '';

  const bundles = join(a.root, 'bundles');
  mkdirSync(bundles);
  const one = ccsync(a, ['export', newest.slice(0, 8), '-o', bundles], projectA);
  assert.match(one.stderr, /exported 1 session\(s\)/);
  assert.deepEqual(readdirSync(bundles), [`ccsync-${newest}.jsonl`]);
  const bundle = join(a.root, 'proj.ccsync.jsonl');
  const all = ccsync(a, ['export', '--project', projectA, '-o', bundle], projectA);
  assert.match(all.stderr, /exported 3 session\(s\)/);

  const dry = ccsync(b, ['import', bundle, '--dry-run'], projectB);
  assert.match(dry.stdout, /dry run: nothing was written/);
  assert.equal(readdirSync(join(b.home)).includes('.claude'), false, 'the dry run made no Claude dir');
  const imported = ccsync(b, ['import', bundle], projectB);
  assert.match(imported.stdout, new RegExp(`claude --resume ${newest}`));
  const dirB = join(b.home, '.claude', 'projects', encodeProjectDir(projectB, process.platform));
  for (const sid of state.sessions) assert.ok(cwdsOf(join(dirB, `${sid}.jsonl`)).every((cwd) => cwd === projectB), `${sid} at B's path`);
  assert.ok(readdirSync(join(dirB, state.withCompanions, 'subagents')).includes('agent-a1.jsonl'), 'the subagent came along');
  await claudePrint(api, b.home, projectB, ['--resume', newest, 'resumed on B']);
  assert.match(historySentWith(api, 'resumed on B'), new RegExp(state.firstPrompt));

  const again = ccsync(b, ['import', bundle], projectB);
  assert.match(again.stdout, /nothing to do: the bundle is already imported/);

  await claudePrint(api, a.home, projectA, ['--resume', state.sessions[1] ?? '', 'more at home']);
  ccsync(a, ['export', '--project', projectA, '-o', bundle], projectA);
  const appended = ccsync(b, ['import', bundle], projectB);
  assert.match(appended.stdout, new RegExp(`${state.sessions[1]}  projects/\\S+  newer in the bundle: appended`));
  assert.match(readFileSync(join(dirB, `${state.sessions[1]}.jsonl`), 'utf8'), /more at home/);
});
