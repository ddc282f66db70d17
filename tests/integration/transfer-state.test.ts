// What a run keeps for itself and where: the lock, the backups (newest 20 runs), the ancestor
// under $XDG_STATE_HOME/ccsync — and nothing of ccsync's inside either Claude dir (issue #2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { acquireLock } from '../../src/fs/lock.js';
import { remoteLockPath } from '../../src/config/paths.js';
import { runCli } from './cli-harness.js';
import { makeTranscript, seededUuid } from '../helpers/transcripts.js';
import { exists, makePair, put, read, snapshot, transcriptPath } from './transfer-harness.js';

const SID = seededUuid('state-session');

test('a run while another run for the same remote holds its lock waits, then gives up clearly and writes nothing', async () => {
  const p = await makePair();
  try {
    put(transcriptPath(p.localClaude, p.L, SID), makeTranscript(SID, p.L, 1));
    const lock = await acquireLock(remoteLockPath(p.box.stateDir, 'b'));
    try {
      const before = snapshot(p.remoteHome);
      for (const direction of ['push', 'pull', 'sync']) {
        const run = runCli(p.box, [direction, 'b'], { CCSYNC_LOCK_WAIT: '0.3' }, p.L);
        assert.equal(run.status, 1, run.stderr);
        const lines = run.stderr.trim().split('\n');
        assert.equal(lines[0], `waiting for another ccsync run for 'b' (pid ${process.pid}) to finish…`);
        assert.match(lines[1] ?? '', new RegExp(`^ccsync: another ccsync run \\(pid ${process.pid}\\) holds .*lock-b; wait for it`));
        assert.equal(lines.length, 2);
      }
      assert.deepEqual(snapshot(p.remoteHome), before);
      assert.equal(exists(join(p.box.stateDir, 'remotes', 'b.json')), false);
    } finally {
      await lock.release();
    }
    assert.equal(p.json(['push', 'b']).done, 1, 'works once the lock is released');
    assert.equal(exists(remoteLockPath(p.box.stateDir, 'b')), false, 'the run releases its lock');
  } finally {
    await p.cleanup();
  }
});

test('a replaced companion is backed up under the run; only the newest 20 runs are kept', async () => {
  const p = await makePair();
  try {
    const task = join(p.localClaude, 'tasks', SID, '1.json');
    put(transcriptPath(p.localClaude, p.L, SID), makeTranscript(SID, p.L, 1));
    put(task, '{"status":"pending"}');
    assert.equal(p.json(['push', 'b']).done, 2);
    const backups = join(p.box.stateDir, 'backups', 'b');
    const old = Array.from({ length: 25 }, (_, index) => `20200101T0000${String(index).padStart(2, '0')}-1-abc`);
    for (const run of old) put(join(backups, run, 'tasks', 'x'), run);
    mkdirSync(join(backups, 'not-a-run'), { recursive: true });

    put(task, '{"status":"completed"}');
    const result = p.json(['push', 'b']);
    assert.deepEqual(result.actions.map((action) => [action.kind, action.status]), [['replace', 'done']], JSON.stringify(result));
    assert.equal(read(join(p.remoteClaude, 'tasks', SID, '1.json')), '{"status":"completed"}');
    const runs = readdirSync(backups).filter((name) => name !== 'not-a-run').sort();
    assert.equal(runs.length, 20, runs.join(' '));
    const current = runs[runs.length - 1] ?? '';
    assert.ok(!old.includes(current), 'this run is kept');
    assert.equal(read(join(backups, current, 'tasks', SID, '1.json')), '{"status":"pending"}');
    assert.deepEqual(runs.slice(0, 19), old.slice(-19), 'the oldest go first');
    assert.ok(exists(join(backups, 'not-a-run')), 'only run dirs are pruned');
  } finally {
    await p.cleanup();
  }
});

/** Everything below a Claude dir that is not a session file Claude Code itself keeps. */
function foreign(claudeDir: string): string[] {
  return Object.keys(snapshot(claudeDir)).filter((rel) => {
    if (rel.endsWith('/')) return false;
    // temp files (`.<name>.ccsync-<run>.tmp`), or anything named after the tool
    if (rel.split('/').some((name) => /^\.?ccsync|\.ccsync-/i.test(name))) return true;
    return !/^(projects|file-history|tasks|session-env)\//.test(rel) && rel !== 'settings.json';
  });
}

test('the ancestor lives under $XDG_STATE_HOME/ccsync; ccsync writes nothing of its own into a Claude dir', async () => {
  const p = await makePair();
  try {
    const localFile = transcriptPath(p.localClaude, p.L, SID);
    const remoteOwn = seededUuid('remote-own');
    put(localFile, makeTranscript(SID, p.L, 1));
    put(join(p.localClaude, 'file-history', SID, 'aaaa@v1'), 'x');
    put(transcriptPath(p.remoteClaude, p.R, remoteOwn), makeTranscript(remoteOwn, p.R, 1));
    const localBefore = snapshot(p.localClaude);
    assert.equal(p.json(['push', 'b']).done, 2);
    assert.deepEqual(snapshot(p.localClaude), localBefore, 'push does not write the local side');

    appendFileSync(localFile, makeTranscript(SID, p.L, 1, { seed: 'more', start: '2026-01-02T00:00:00.000Z' }));
    const synced = p.json(['sync', 'b']);
    assert.equal(synced.failed + synced.conflicts, 0, JSON.stringify(synced));
    assert.ok(exists(transcriptPath(p.localClaude, p.L, remoteOwn)));

    const ancestor: unknown = JSON.parse(readFileSync(join(p.box.stateDir, 'remotes', 'b.json'), 'utf8'));
    assert.ok(typeof ancestor === 'object' && ancestor !== null && 'entries' in ancestor);
    assert.deepEqual(Object.keys(ancestor.entries ?? {}).sort(), [`${remoteOwn}.jsonl`, `${SID}.jsonl`, `file-history/${SID}/aaaa@v1`].sort());
    assert.deepEqual(foreign(p.localClaude), []);
    assert.deepEqual(foreign(p.remoteClaude), []);
    assert.deepEqual(readdirSync(p.remoteHome), ['.claude'], 'nothing beside the remote Claude dir');
  } finally {
    await p.cleanup();
  }
});
