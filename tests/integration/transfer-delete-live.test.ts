// Deletions cross only with --delete and only when the other side did not move on; a session
// Claude is running on the target is not written unless --force (issue #2, item 4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeTranscript, seededUuid } from '../helpers/transcripts.js';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { exists, makePair, put, read, swap, transcriptPath, type Pair } from './transfer-harness.js';

const SID = seededUuid('delete-session');

function pushed(p: Pair): { localFile: string; remoteFile: string } {
  const localFile = transcriptPath(p.localClaude, p.L, SID);
  put(localFile, makeTranscript(SID, p.L, 1));
  assert.equal(p.json(['push', 'b']).done, 1);
  return { localFile, remoteFile: transcriptPath(p.remoteClaude, p.R, SID) };
}

test('a local deletion reaches the remote only with --delete, after a backup', async () => {
  const p = await makePair();
  try {
    const { localFile, remoteFile } = pushed(p);
    const remoteText = read(remoteFile);
    rmSync(localFile);
    assert.deepEqual(p.status(), { [SID]: 'deleted-local' });

    const dry = p.json(['push', 'b', '--dry-run']);
    assert.deepEqual([dry.skipped, dry.actions.map((action) => action.status)], [1, ['skipped']], 'a dry run counts its skips');
    const plain = p.json(['push', 'b']);
    assert.deepEqual(plain.actions.map((action) => [action.kind, action.status]), [['skip', 'skipped']]);
    assert.match(plain.actions[0]?.message ?? '', /pass --delete/);
    assert.equal(read(remoteFile), remoteText, 'not deleted without --delete');
    assert.equal(exists(localFile), false, 'not copied back either');

    const deleting = p.json(['push', 'b', '--delete']);
    assert.deepEqual(deleting.actions.map((action) => [action.kind, action.status]), [['delete', 'done']]);
    assert.equal(exists(remoteFile), false);
    const backups = join(p.box.stateDir, 'backups', 'b');
    const [run] = readdirSync(backups);
    const encR = encodeProjectDir(p.R, process.platform);
    assert.equal(read(join(backups, run ?? '', 'projects', encR, `${SID}.jsonl`)), remoteText, 'backed up first');
    assert.deepEqual(p.json(['push', 'b', '--delete']).actions, [], 'forgotten once gone from both');
  } finally {
    await p.cleanup();
  }
});

test('a deletion does not win over lines added on the other side', async () => {
  const p = await makePair();
  try {
    const { localFile, remoteFile } = pushed(p);
    rmSync(localFile);
    const added = makeTranscript(SID, p.R, 1, { seed: 'remote-more', start: '2026-01-02T00:00:00.000Z' });
    appendFileSync(remoteFile, added);
    const remoteText = read(remoteFile);
    const result = p.json(['push', 'b', '--delete']);
    assert.equal(result.actions.some((action) => action.kind === 'delete'), false, JSON.stringify(result));
    assert.equal(read(remoteFile), remoteText);
    // a sync carries the grown copy back instead
    const synced = p.json(['sync', 'b', '--delete']);
    assert.deepEqual(synced.actions.map((action) => [action.kind, action.status]), [['copy', 'done']], JSON.stringify(synced));
    assert.equal(read(localFile), swap(remoteText, p.R, p.L));
  } finally {
    await p.cleanup();
  }
});

/** A pid that is not running any more (a child that has exited). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function registry(p: Pair, pid: number): string {
  const file = join(p.remoteClaude, 'sessions', `${pid}.json`);
  // the fields Claude Code 2.1.197 writes (../shared/claude-code-format.md, "Live sessions")
  put(file, JSON.stringify({ pid, sessionId: SID, cwd: p.R, startedAt: Date.now(), procStart: '1', version: '2.1.197', kind: 'interactive', entrypoint: 'cli' }));
  return file;
}

test('a session live on the target is skipped and reported; --force writes it; a dead pid does not count', async () => {
  const p = await makePair();
  try {
    const { localFile, remoteFile } = pushed(p);
    const added = makeTranscript(SID, p.L, 1, { seed: 'more', start: '2026-01-02T00:00:00.000Z' });
    appendFileSync(localFile, added);
    const stale = registry(p, deadPid());
    const liveFile = registry(p, process.pid); // this test process stands for a running claude
    const before = read(remoteFile);

    const skipped = p.run(['push', 'b']);
    assert.equal(skipped.status, 0, skipped.stderr);
    assert.match(skipped.stderr, new RegExp(`warning: session ${SID} is live on remote .*--force`));
    assert.match(skipped.stdout, /skipped/);
    assert.equal(read(remoteFile), before, 'not written while live');
    const json = p.json(['push', 'b']);
    assert.deepEqual(json.actions.map((action) => [action.kind, action.status]), [['skip', 'skipped']]);

    const forced = p.json(['push', 'b', '--force']);
    assert.deepEqual(forced.actions.map((action) => [action.kind, action.status]), [['append', 'done']]);
    assert.equal(read(remoteFile), before + swap(added, p.L, p.R));
    assert.ok(exists(liveFile) && exists(stale), 'the registry is not ccsync’s to touch');

    // with only the crashed process's entry left, the session is not live
    rmSync(liveFile);
    appendFileSync(localFile, makeTranscript(SID, p.L, 1, { seed: 'later', start: '2026-01-03T00:00:00.000Z' }));
    const after = p.json(['push', 'b']);
    assert.deepEqual(after.actions.map((action) => [action.kind, action.status]), [['append', 'done']]);
  } finally {
    await p.cleanup();
  }
});
