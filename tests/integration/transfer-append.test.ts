// Growth on one side crosses as an append of the new complete lines only (issue #2, item 4):
// the target file keeps its inode and its earlier bytes; a partial last line waits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { makeTranscript, seededUuid } from '../helpers/transcripts.js';
import { assertSameMtime, exists, makePair, put, read, swap, transcriptPath } from './transfer-harness.js';

const SID = seededUuid('append-session');

/** One more turn of the session, as later lines (other uuids, later timestamps). */
function moreTurns(cwd: string, seed: string, day = 2): string {
  return makeTranscript(SID, cwd, 1, { seed, start: `2026-01-0${day}T00:00:00.000Z` });
}

test('local growth crosses as an append of the new lines only; status goes local ahead → in sync', async () => {
  const p = await makePair();
  try {
    const localFile = transcriptPath(p.localClaude, p.L, SID);
    const remoteFile = transcriptPath(p.remoteClaude, p.R, SID);
    put(localFile, makeTranscript(SID, p.L, 2));
    assert.equal(p.json(['push', 'b']).done, 1);
    const before = read(remoteFile);
    const inode = statSync(remoteFile).ino;
    assert.deepEqual(p.status(), { [SID]: 'in-sync' });

    const added = moreTurns(p.L, 'more');
    appendFileSync(localFile, added);
    assert.deepEqual(p.status(), { [SID]: 'local-ahead' });
    const result = p.json(['push', 'b']);
    assert.deepEqual(result.actions.map((action) => [action.kind, action.status]), [['append', 'done']]);
    assert.equal(result.bytesWritten, Buffer.byteLength(swap(added, p.L, p.R)), 'only the new lines cross');
    const after = read(remoteFile);
    assert.ok(after.startsWith(before), 'earlier bytes identical');
    assert.equal(after, before + swap(added, p.L, p.R));
    assert.equal(statSync(remoteFile).ino, inode, 'appended in place, not replaced');
    assertSameMtime(statSync(remoteFile).mtimeMs, statSync(localFile).mtimeMs, 'the appended target');
    assert.deepEqual(p.status(), { [SID]: 'in-sync' });
  } finally {
    await p.cleanup();
  }
});

test('remote growth crosses back with pull: appended locally in local form', async () => {
  const p = await makePair();
  try {
    const localFile = transcriptPath(p.localClaude, p.L, SID);
    const remoteFile = transcriptPath(p.remoteClaude, p.R, SID);
    put(localFile, makeTranscript(SID, p.L, 2));
    assert.equal(p.json(['push', 'b']).done, 1);
    const before = read(localFile);
    const inode = statSync(localFile).ino;

    const added = moreTurns(p.R, 'on-remote');
    appendFileSync(remoteFile, added);
    assert.deepEqual(p.status(), { [SID]: 'remote-ahead' });
    // push does not carry remote growth
    assert.deepEqual(p.json(['push', 'b']).actions, []);
    const index = join(dirname(localFile), 'sessions-index.json');
    put(index, '{"entries":[]}');
    const result = p.json(['pull', 'b']);
    assert.deepEqual(result.actions.map((action) => [action.kind, action.status]), [['append', 'done']]);
    assert.equal(read(localFile), before + swap(added, p.R, p.L));
    assert.equal(exists(index), false, 'the local stale index is removed too');
    const [run] = readdirSync(join(p.box.stateDir, 'backups', 'local'));
    assert.equal(read(join(p.box.stateDir, 'backups', 'local', run ?? '', relative(p.localClaude, index))), '{"entries":[]}');
    assert.equal(statSync(localFile).ino, inode);
    assert.deepEqual(p.status(), { [SID]: 'in-sync' });
  } finally {
    await p.cleanup();
  }
});

test('a partial last line is not sent; once complete it is', async () => {
  const p = await makePair();
  try {
    const localFile = transcriptPath(p.localClaude, p.L, SID);
    const remoteFile = transcriptPath(p.remoteClaude, p.R, SID);
    const base = makeTranscript(SID, p.L, 1);
    const next = moreTurns(p.L, 'partial');
    const cut = next.indexOf('\n') + 20; // the first new line whole, the second one cut short
    put(localFile, base + next.slice(0, cut));
    assert.equal(p.json(['push', 'b']).done, 1);
    assert.equal(read(remoteFile), swap(base + next.slice(0, next.indexOf('\n') + 1), p.L, p.R));

    // Claude finishes the line: it crosses with the rest.
    appendFileSync(localFile, next.slice(cut));
    const result = p.json(['push', 'b']);
    assert.deepEqual(result.actions.map((action) => action.kind), ['append']);
    assert.equal(read(remoteFile), swap(base + next, p.L, p.R));
  } finally {
    await p.cleanup();
  }
});

test('a target whose last line is still being written is not appended to', async () => {
  const p = await makePair();
  try {
    const localFile = transcriptPath(p.localClaude, p.L, SID);
    const remoteFile = transcriptPath(p.remoteClaude, p.R, SID);
    put(localFile, makeTranscript(SID, p.L, 1));
    assert.equal(p.json(['push', 'b']).done, 1);
    appendFileSync(remoteFile, '{"type":"user","uuid":"half');
    appendFileSync(localFile, moreTurns(p.L, 'more'));
    const before = read(remoteFile);
    const result = p.json(['push', 'b']);
    assert.deepEqual(result.actions.map((action) => [action.kind, action.status]), [['skip', 'skipped']]);
    assert.match(result.actions[0]?.message ?? '', /incomplete line/);
    assert.equal(read(remoteFile), before, 'nothing written');
  } finally {
    await p.cleanup();
  }
});
