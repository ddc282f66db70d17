// `ccsync resolve b --keep …|--merge` over a `dir:` remote (issue #5): after each choice the
// session is in sync, a sync writes nothing, no line of a kept history is missing, and what
// was replaced or removed is in the backups.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { cwdsOf, exists, put, read, snapshot, uuidsOf } from './transfer-harness.js';
import { backups, makeForked, resolveJson, SID } from './resolve-fixture.js';
import { makeTranscript } from '../helpers/transcripts.js';

const stateSchema = z.object({ entries: z.record(z.string(), z.looseObject({ conflict: z.unknown().optional() })) });

function conflictsRecorded(stateDir: string): string[] {
  const state = stateSchema.parse(JSON.parse(readFileSync(join(stateDir, 'remotes', 'b.json'), 'utf8')));
  return Object.entries(state.entries).filter(([, entry]) => entry.conflict !== undefined).map(([key]) => key);
}

function assertSettled(f: Awaited<ReturnType<typeof makeForked>>, expected: Record<string, string>): void {
  assert.deepEqual(f.p.status(), expected);
  const again = f.p.json(['sync', 'b']);
  assert.deepEqual([again.done, again.conflicts, again.bytesWritten], [0, 0, 0], JSON.stringify(again));
  assert.deepEqual(conflictsRecorded(f.p.box.stateDir), []);
}

const sorted = (list: string[]): string[] => [...new Set(list)].sort();

test('keep local: the remote S becomes the local history (converted), its old copy is backed up, F goes', async () => {
  const f = await makeForked();
  try {
    const report = resolveJson(f.p, ['b', '--keep', 'local'], 0);
    assert.deepEqual([report.resolved, report.remaining, report.conflicts[0]?.outcome?.status], [1, 0, 'resolved']);
    assert.equal(read(f.localFile), f.localBefore, 'the local copy is untouched');
    assert.deepEqual(uuidsOf(read(f.remoteFile)), uuidsOf(f.localBefore));
    assert.deepEqual(cwdsOf(read(f.remoteFile)), [f.p.R]);
    // F held the local history as of the fork: every line of it is in S now, so it was removed.
    assert.equal(exists(f.forkFile.local) || exists(f.forkFile.remote), false);
    const encR = encodeProjectDir(f.p.R, process.platform);
    const remoteBackups = backups(f.p.box.stateDir, 'b');
    assert.equal(remoteBackups.get(`projects/${encR}/${SID}.jsonl`), f.remoteBefore, "the remote's own history is in the backup");
    assert.ok(remoteBackups.has(`projects/${encR}/${f.forkId}.jsonl`), 'the removed fork copy is backed up');
    assertSettled(f, { [SID]: 'in-sync' });
  } finally {
    await f.p.cleanup();
  }
});

test('keep remote: the local S becomes the remote history; F holds lines S lacks, so it stays on both sides', async () => {
  const f = await makeForked();
  try {
    const forkBefore = read(f.forkFile.local);
    const report = resolveJson(f.p, ['b', SID, '--keep', 'remote'], 0);
    assert.equal(report.resolved, 1);
    assert.match(report.conflicts[0]?.outcome?.notes.join('\n') ?? '', /stays/);
    assert.equal(read(f.remoteFile), f.remoteBefore);
    assert.deepEqual(uuidsOf(read(f.localFile)), uuidsOf(f.remoteBefore));
    assert.deepEqual(cwdsOf(read(f.localFile)), [f.p.L]);
    assert.equal(read(f.forkFile.local), forkBefore);
    const encL = encodeProjectDir(f.p.L, process.platform);
    assert.equal(backups(f.p.box.stateDir, 'local').get(`projects/${encL}/${SID}.jsonl`), f.localBefore);
    assertSettled(f, { [SID]: 'in-sync', [f.forkId]: 'in-sync' });
  } finally {
    await f.p.cleanup();
  }
});

test('keep both: S holds the local history on both sides, the remote history lives on as a second session on both', async () => {
  const f = await makeForked();
  try {
    const report = resolveJson(f.p, ['b', '--keep', 'both'], 0);
    assert.equal(report.resolved, 1);
    assert.deepEqual(uuidsOf(read(f.remoteFile)), uuidsOf(f.localBefore));
    assert.equal(read(f.localFile), f.localBefore);
    const encL = encodeProjectDir(f.p.L, process.platform);
    const encR = encodeProjectDir(f.p.R, process.platform);
    const status = f.p.status();
    const second = Object.keys(status).find((id) => id !== SID && id !== f.forkId) ?? '';
    assert.ok(second !== '', JSON.stringify(status));
    for (const [claude, enc] of [[f.p.localClaude, encL], [f.p.remoteClaude, encR]] as const) {
      const text = read(join(claude, 'projects', enc, `${second}.jsonl`));
      assert.deepEqual(uuidsOf(text), uuidsOf(f.remoteBefore), 'the remote history, whole');
      assert.ok(text.split('\n').filter((line) => line !== '').every((line) => line.includes(`"sessionId":"${second}"`) || !line.includes('sessionId')));
    }
    assert.equal(exists(f.forkFile.local) || exists(f.forkFile.remote), false, 'F held only lines of S');
    assertSettled(f, { [SID]: 'in-sync', [second]: 'in-sync' });
  } finally {
    await f.p.cleanup();
  }
});

test('merge: S holds the union of both histories by uuid on both sides; F goes', async () => {
  const f = await makeForked();
  try {
    const report = resolveJson(f.p, ['b', '--merge'], 0);
    assert.equal(report.resolved, 1);
    const union = sorted([...uuidsOf(f.localBefore), ...uuidsOf(f.remoteBefore)]);
    const localUuids = uuidsOf(read(f.localFile));
    assert.deepEqual(sorted(localUuids), union);
    assert.equal(localUuids.length, union.length, 'no line twice');
    assert.deepEqual(uuidsOf(read(f.remoteFile)), localUuids, 'the same order on both sides');
    assert.deepEqual(cwdsOf(read(f.localFile)), [f.p.L]);
    assert.deepEqual(cwdsOf(read(f.remoteFile)), [f.p.R]);
    assert.equal(exists(f.forkFile.local) || exists(f.forkFile.remote), false);
    assert.equal(backups(f.p.box.stateDir, 'local').size > 0 && backups(f.p.box.stateDir, 'b').size > 0, true);
    assertSettled(f, { [SID]: 'in-sync' });
  } finally {
    await f.p.cleanup();
  }
});

test('--dry-run lists the conflict with its preview and says what each choice would do, writing nothing', async () => {
  const f = await makeForked();
  try {
    const before = [snapshot(f.p.localClaude), snapshot(f.p.remoteClaude), snapshot(f.p.box.stateDir)];
    const listing = resolveJson(f.p, ['b', '--dry-run'], 3);
    const conflict = listing.conflicts[0];
    assert.equal(listing.conflicts.length, 1);
    assert.deepEqual([conflict?.sessionId, conflict?.forkId, conflict?.newer, conflict?.outcome], [SID, f.forkId, 'remote', undefined]);
    assert.deepEqual([conflict?.local.title, conflict?.remote.title], ['prompt 1', 'Fix the parser'], 'the rewound copy lost its title line');
    assert.deepEqual(conflict?.remote.lastMessages.slice(-2), [{ role: 'user', text: 'continue on the pod' }, { role: 'assistant', text: 'Pod answer.' }]);
    assert.deepEqual(conflict?.local.lastMessages.slice(-2), [{ role: 'user', text: 'try the other approach' }, { role: 'assistant', text: 'Rewound answer.' }]);
    const merge = resolveJson(f.p, ['b', '--merge', '--dry-run'], 0);
    assert.deepEqual([merge.dryRun, merge.resolved, merge.conflicts[0]?.outcome?.ops.map((op) => op.status)], [true, 1, ['planned', 'planned', 'planned', 'planned']]);
    const text = f.p.run(['resolve', 'b', '--keep', 'local', '--dry-run']);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /would resolve/);
    assert.match(text.stdout, /continue on the pod/);
    assert.deepEqual([snapshot(f.p.localClaude), snapshot(f.p.remoteClaude), snapshot(f.p.box.stateDir)], before);
    assert.equal(f.p.status()[SID], 'conflict');
  } finally {
    await f.p.cleanup();
  }
});

test('without a terminal and without --keep/--merge: a usage error naming the flags, nothing written', async () => {
  const f = await makeForked();
  try {
    const before = [snapshot(f.p.localClaude), snapshot(f.p.remoteClaude)];
    const out = f.p.run(['resolve', 'b']);
    assert.equal(out.status, 2);
    assert.match(out.stderr, /--keep local, --keep remote, --keep both or --merge/);
    assert.equal(f.p.run(['resolve', 'b', '--keep', 'theirs']).status, 2);
    assert.equal(f.p.run(['resolve', 'b', '--keep', 'local', '--merge']).status, 2);
    assert.deepEqual([snapshot(f.p.localClaude), snapshot(f.p.remoteClaude)], before);
    // the remote may be left out: b is the only one (and the only one with conflicts)
    assert.equal(resolveJson(f.p, [SID, '--keep', 'local'], 0).remote, 'b');
    assert.equal(resolveJson(f.p, ['b', '--merge'], 0).conflicts.length, 0, 'nothing left to resolve');
  } finally {
    await f.p.cleanup();
  }
});

test('a rewrite no run has forked yet is listed too; keep both gives the remote history its own id on both sides', async () => {
  const f = await makeForked();
  try {
    // settle the recorded conflict first, then rewrite the local copy again: lines removed, one added
    resolveJson(f.p, ['b', '--keep', 'local'], 0);
    const rewritten = f.localBefore.split('\n').slice(0, 3).join('\n') + '\n' + makeTranscript(SID, f.p.L, 1, { seed: 'rewritten again', start: '2026-02-01T00:00:00.000Z' });
    put(f.localFile, rewritten);
    const remoteNow = read(f.remoteFile);
    assert.equal(f.p.status()[SID], 'conflict');
    const listing = resolveJson(f.p, ['b', '--dry-run'], 3);
    assert.deepEqual([listing.conflicts[0]?.sessionId, listing.conflicts[0]?.forkId], [SID, undefined]);
    const report = resolveJson(f.p, ['b', '--keep', 'both'], 0);
    assert.equal(report.resolved, 1);
    const status = f.p.status();
    const second = Object.keys(status).find((id) => id !== SID) ?? '';
    assert.deepEqual(status, { [SID]: 'in-sync', [second]: 'in-sync' });
    assert.deepEqual(uuidsOf(read(f.remoteFile)), uuidsOf(rewritten));
    const encR = encodeProjectDir(f.p.R, process.platform);
    assert.deepEqual(uuidsOf(read(join(f.p.remoteClaude, 'projects', encR, `${second}.jsonl`))), uuidsOf(remoteNow));
    assertSettled(f, { [SID]: 'in-sync', [second]: 'in-sync' });
  } finally {
    await f.p.cleanup();
  }
});

test('with two remotes the remote must be named unless only one has recorded conflicts', async () => {
  const f = await makeForked();
  try {
    mkdirSync(join(f.p.root, 'c-home'));
    assert.equal(f.p.run(['remote', 'add', 'c', `dir:${join(f.p.root, 'c-home')}`]).status, 0);
    assert.equal(resolveJson(f.p, [SID, '--dry-run'], 3).remote, 'b', 'b is the only remote with a recorded conflict');
    resolveJson(f.p, ['b', '--merge'], 0);
    const out = f.p.run(['resolve', SID, '--merge']);
    assert.equal(out.status, 2);
    assert.match(out.stderr, /name the remote: `ccsync resolve REMOTE .*configured: b, c/);
  } finally {
    await f.p.cleanup();
  }
});
