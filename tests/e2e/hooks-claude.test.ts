// Hands-free sync with the real Claude Code (issue #12, "Tests"): `ccsync hooks install` in a
// HOME whose settings.json already has the user's hooks; a session ended on A reaches the
// remote with no ccsync command typed; a turn added on the remote reaches A when Claude starts
// there again, and A resumes with everything; the user's hooks still run; `hooks remove` gives
// the file back byte for byte. B is a `dir:` remote (another HOME on this machine).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { historySentWith } from '../helpers/claude-e2e.js';
import { claudeAvailable, runClaude } from '../helpers/claude-runner.js';
import { ccsync, claudeOnA, eventually, hookWorld } from '../helpers/hook-world.js';

const skip = claudeAvailable() ? false : 'claude binary (devDependency) not available';

function transcript(home: string, project: string, sid: string): string {
  return join(home, '.claude', 'projects', encodeProjectDir(project, process.platform), `${sid}.jsonl`);
}

test('hooks: a session ended on A reaches B, a turn made on B reaches A on the next start, A resumes with it', { skip, timeout: 240_000 }, async (t) => {
  const w = await hookWorld(t);
  ccsync(w, ['remote', 'add', 'b', `dir:${w.homeB}`]);
  ccsync(w, ['map', 'add', 'b', w.projA, w.projB]);
  assert.match(ccsync(w, ['hooks', 'install']), /installed/);
  assert.match(ccsync(w, ['hooks', 'install']), /already installed/, 'a second install changes nothing');
  const installed = readFileSync(w.settings, 'utf8');
  assert.ok(installed.startsWith('{\n  "includeCoAuthoredBy": false,\n  "hooks": {\n'), 'the user keys stay first, as written');
  assert.ok(installed.endsWith('  },\n  "cleanupPeriodDays": 365\n}\n'));

  // 1. A session on A: nothing typed but the prompt; SessionEnd pushes it after Claude exits.
  const first = await claudeOnA(w, ['hello from A']);
  assert.equal(first.code, 0, first.stderr);
  const sid = first.sessionId ?? '';
  assert.ok(sid);
  const onB = transcript(w.homeB, w.projB, sid);
  const pushedAfter = Date.now();
  await eventually('the session on B', () => (existsSync(onB) && readFileSync(onB, 'utf8').includes('hello from A') ? true : undefined));
  t.diagnostic(`session on B ${Date.now() - pushedAfter} ms after Claude exited on A`);

  // 2. A turn on B (no hooks there), then Claude starts again on A: the SessionStart pull brings it.
  const onBTurn = await runClaude({ home: w.homeB, cwd: w.projB, args: ['-p', '--output-format', 'json', '--resume', sid, 'turn on B'], baseUrl: w.api.url });
  assert.equal(onBTurn.code, 0, onBTurn.stderr);
  const started = Date.now();
  const other = await claudeOnA(w, ['another task on A']);
  assert.equal(other.code, 0, other.stderr);
  t.diagnostic(`claude -p with the hooks took ${Date.now() - started} ms`);
  const onA = transcript(w.cli.home, w.projA, sid);
  assert.match(readFileSync(onA, 'utf8'), /turn on B/, 'the SessionStart pull ran before Claude exited');

  // 3. A resumes with everything.
  const resumed = await claudeOnA(w, ['--resume', sid, 'again on A']);
  assert.equal(resumed.code, 0, resumed.stderr);
  const history = historySentWith(w.api, 'again on A');
  assert.match(history, /hello from A/);
  assert.match(history, /turn on B/);

  // The user's own hooks ran every time, next to ccsync's.
  const userRuns = readFileSync(w.userLog, 'utf8').trim().split('\n');
  assert.deepEqual(userRuns.filter((line) => line === 'user-start').length, 3);
  await eventually('three user-end lines', () => (readFileSync(w.userLog, 'utf8').match(/user-end/g)?.length === 3 ? true : undefined), 10_000);

  // status: installed, and the last runs for b say what moved
  const status = JSON.parse(ccsync(w, ['hooks', 'status', '--json']));
  assert.equal(status.installed, true);
  const runs: Array<{ event: string; status: string; action: string }> = status.runs.b;
  assert.ok(runs.some((run) => run.event === 'session-end' && run.action === 'push' && run.status === 'ok'), JSON.stringify(runs));
  assert.ok(runs.some((run) => run.event === 'session-start' && run.action === 'pull' && run.status === 'ok'), JSON.stringify(runs));
  assert.match(ccsync(w, ['hooks', 'status']), /installed in .*settings\.json \(SessionStart, SessionEnd\)/);

  // remove gives back the user's file byte for byte
  await eventually('the last push', () => (readFileSync(onB, 'utf8').includes('again on A') ? true : undefined));
  assert.match(ccsync(w, ['hooks', 'remove']), /back as it was/);
  assert.equal(readFileSync(w.settings, 'utf8'), w.original);
});
