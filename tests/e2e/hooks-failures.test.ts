// Hooks never break Claude (issue #12): with an unreachable remote, a broken config or a lock
// held by another run, the real Claude Code starts and exits normally with its usual output,
// and the hooks log says why. A held lock makes the hook's pull wait (queued), not fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { claudeAvailable } from '../helpers/claude-runner.js';
import { ccsync, claudeOnA, eventually, hookWorld, type HookWorld } from '../helpers/hook-world.js';
import { readHookRecords, type HookRecord } from '../../src/hooks/hook-log.js';

const skip = claudeAvailable() ? false : 'claude binary (devDependency) not available';

function find(w: HookWorld, match: (record: HookRecord) => boolean): () => Promise<HookRecord | undefined> {
  return async () => (await readHookRecords(w.cli.stateDir)).find(match);
}

async function claudeRunsNormally(w: HookWorld, prompt: string): Promise<string> {
  const started = Date.now();
  const run = await claudeOnA(w, [prompt]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, new RegExp(`ack 1: ${prompt}`));
  assert.equal(run.stderr, '', 'nothing from the hooks reaches the user');
  assert.ok(Date.now() - started < 30_000);
  return run.sessionId ?? '';
}

test('hooks with an unreachable remote, a broken config, a held lock: Claude runs normally, the log says why', { skip, timeout: 240_000 }, async (t) => {
  const w = await hookWorld(t);
  ccsync(w, ['remote', 'add', 'gone', 'ssh://nobody@127.0.0.1:1']);
  ccsync(w, ['map', 'add', 'gone', w.projA, '/srv/proj']);
  ccsync(w, ['hooks', 'install']);

  // 1. an unreachable remote: port 1 on loopback refuses
  const first = await claudeRunsNormally(w, 'unreachable remote');
  for (const event of ['session-start', 'session-end']) {
    const failed = await eventually(`a failed ${event}`, find(w, (r) => r.session === first && r.event === event && r.status === 'failed'));
    assert.equal(failed.remote, 'gone');
    assert.match(failed.message ?? '', /refused/, failed.message);
  }
  assert.match(ccsync(w, ['hooks', 'status']), /gone:\n.*failed/);

  // 2. a broken config: nothing can be known about remotes, and the log says which file is wrong
  const config = readFileSync(w.cli.configPath, 'utf8');
  writeFileSync(w.cli.configPath, 'remotes = [broken\n');
  const second = await claudeRunsNormally(w, 'broken config');
  const broken = await eventually('a config failure', find(w, (r) => r.session === second && r.status === 'failed'));
  assert.match(broken.message ?? '', /config\.toml/);
  writeFileSync(w.cli.configPath, config);

  // 3. a held lock (another run, alive: this test's pid): the pull queues behind it
  ccsync(w, ['remote', 'remove', 'gone']);
  ccsync(w, ['remote', 'add', 'b', `dir:${w.homeB}`]);
  ccsync(w, ['map', 'add', 'b', w.projA, w.projB]);
  const lock = join(w.cli.stateDir, 'lock');
  writeFileSync(lock, `${JSON.stringify({ pid: process.pid, startedAt: Date.now() })}\n`);
  const third = await claudeRunsNormally(w, 'held lock');
  const waiting = await eventually('a waiting record', find(w, (r) => r.session === third && r.event === 'session-start' && r.status === 'waiting'));
  assert.match(waiting.message ?? '', new RegExp(`pid ${process.pid}`));
  await eventually('the deadline passing', find(w, (r) => r.session === third && r.status === 'detached'));
  rmSync(lock);
  const done = await eventually('the queued pull and push done', async () => {
    const mine = (await readHookRecords(w.cli.stateDir)).filter((r) => r.session === third && r.status === 'ok');
    return mine.length === 2 ? mine : undefined;
  });
  assert.deepEqual(done.map((r) => r.event).sort(), ['session-end', 'session-start']);
});
