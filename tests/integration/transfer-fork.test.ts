// A copy whose history was really rewritten (a line changed, or lines removed while others were
// added) is never written over the other: it becomes a new session beside it, exit code 3,
// reported until a side changes (issue #2, item 4: "keep both"; issue #13 for what counts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makeTranscript, seededUuid, toJsonl } from '../helpers/transcripts.js';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { cwdsOf, makePair, pushedOnce, put, read, swap, uuidsOf } from './transfer-harness.js';

const SID = seededUuid('fork-session');

function sessionIdsOf(text: string): string[] {
  const ids = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const value: unknown = JSON.parse(line);
    if (typeof value === 'object' && value !== null && 'sessionId' in value && typeof value.sessionId === 'string') ids.add(value.sessionId);
  }
  return [...ids];
}

/** Files of the newest backup run of a side, as rel paths. */
function backedUp(stateDir: string, side: string): string[] {
  const dir = join(stateDir, 'backups', side);
  const runs = readdirSync(dir).sort();
  const run = runs[runs.length - 1];
  if (run === undefined) return [];
  return readdirSync(join(dir, run), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(join(dir, run).length + 1));
}

test('a local copy that was rewritten is pushed as a new session; the remote copy is untouched and backed up; exit 3 until resolved', async () => {
  const p = await makePair();
  try {
    const { localFile, remoteFile, lines } = pushedOnce(p, SID);
    const remoteBefore = read(remoteFile);
    const remoteMtime = statSync(remoteFile).mtimeMs;

    // Rewound locally: the last turns are gone and another answer follows the first one.
    const rewritten = toJsonl(lines.slice(0, 5)) + makeTranscript(SID, p.L, 1, { seed: 'rewound', start: '2026-01-05T00:00:00.000Z' });
    put(localFile, rewritten);
    assert.deepEqual(p.status(), { [SID]: 'conflict' });

    // a dry run foresees the conflict (counts and exit code) and writes nothing
    const dry = p.json(['push', 'b', '--dry-run'], 3);
    assert.deepEqual([dry.conflicts, dry.actions.map((action) => [action.kind, action.status])], [1, [['fork', 'planned']]]);
    assert.equal(read(remoteFile), remoteBefore);

    const result = p.json(['push', 'b'], 3);
    assert.deepEqual(result.actions.map((action) => [action.kind, action.status]), [['fork', 'conflict']], JSON.stringify(result));
    assert.equal(result.conflicts, 1);
    assert.equal(read(remoteFile), remoteBefore, "the remote's own copy is untouched");
    assert.equal(statSync(remoteFile).mtimeMs, remoteMtime);

    const encR = encodeProjectDir(p.R, process.platform);
    const names = readdirSync(join(p.remoteClaude, 'projects', encR)).filter((name) => name.endsWith('.jsonl'));
    assert.equal(names.length, 2, names.join(', '));
    const forkName = names.find((name) => name !== `${SID}.jsonl`) ?? '';
    const forkId = forkName.replace(/\.jsonl$/, '');
    assert.match(forkId, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const forkText = read(join(p.remoteClaude, 'projects', encR, forkName));
    assert.deepEqual(sessionIdsOf(forkText), [forkId], 'sessionId rewritten in every line');
    assert.deepEqual(cwdsOf(forkText), [p.R]);
    assert.deepEqual(uuidsOf(forkText), uuidsOf(rewritten), 'uuids are kept');
    assert.equal(swap(forkText, forkId, SID), swap(rewritten, p.L, p.R));
    assert.ok(
      backedUp(p.box.stateDir, 'b').includes(`projects/${encR}/${SID}.jsonl`),
      `the remote copy is backed up: ${JSON.stringify(backedUp(p.box.stateDir, 'b'))}`,
    );

    // Later runs keep reporting it and fork nothing more.
    const again = p.json(['push', 'b'], 3);
    assert.deepEqual(again.actions.map((action) => [action.kind, action.status]), [['skip', 'conflict']], JSON.stringify(again));
    assert.match(again.actions[0]?.message ?? '', new RegExp(forkId));
    assert.deepEqual(p.json(['push', 'b', '--dry-run'], 3).actions.map((action) => action.status), ['conflict']);
    const text = p.run(['push', 'b']);
    assert.equal(text.status, 3);
    assert.match(text.stdout, /conflict/);
    assert.equal(readdirSync(join(p.remoteClaude, 'projects', encR)).filter((name) => name.endsWith('.jsonl')).length, 2);
    assert.equal(p.status()[SID], 'conflict');
  } finally {
    await p.cleanup();
  }
});

// A transcript is a grow-only set of lines (issue #13): a copy that only lost lines is
// completed from the other, whatever the recorded state says; no fork.
test('a remote copy that only lost lines gets them back by sync; no fork, exit 0', async () => {
  const p = await makePair();
  try {
    const { localFile, remoteFile, lines } = pushedOnce(p, SID);
    const localBefore = read(localFile);
    put(remoteFile, swap(toJsonl(lines.slice(0, 6)), p.L, p.R));
    assert.deepEqual(p.status(), { [SID]: 'local-ahead' });

    const result = p.json(['sync', 'b']);
    assert.equal(result.conflicts, 0, JSON.stringify(result));
    assert.equal(read(localFile), localBefore);
    assert.equal(read(remoteFile), swap(localBefore, p.L, p.R));
    const encL = encodeProjectDir(p.L, process.platform);
    assert.deepEqual(readdirSync(join(p.localClaude, 'projects', encL)), [`${SID}.jsonl`]);
    assert.deepEqual(p.status(), { [SID]: 'in-sync' });
  } finally {
    await p.cleanup();
  }
});

test('a remote copy that lost lines and added others comes back by sync as a new local session', async () => {
  const p = await makePair();
  try {
    const { localFile, remoteFile, lines } = pushedOnce(p, SID);
    const localBefore = read(localFile);
    const rewound = swap(toJsonl(lines.slice(0, 6)) + makeTranscript(SID, p.L, 1, { seed: 'rewound', start: '2026-01-05T00:00:00.000Z' }), p.L, p.R);
    put(remoteFile, rewound);
    assert.deepEqual(p.status(), { [SID]: 'conflict' });

    const result = p.json(['sync', 'b'], 3);
    const fork = result.actions.find((action) => action.kind === 'fork');
    assert.equal(fork?.status, 'conflict', JSON.stringify(result));
    assert.equal(read(localFile), localBefore);
    assert.equal(read(remoteFile), rewound, 'sync does not push the longer copy over the rewritten one either');
    const encL = encodeProjectDir(p.L, process.platform);
    const forks = readdirSync(join(p.localClaude, 'projects', encL)).filter((name) => name !== `${SID}.jsonl`);
    assert.equal(forks.length, 1, forks.join(', '));
    const forkText = read(join(p.localClaude, 'projects', encL, forks[0] ?? ''));
    assert.deepEqual(uuidsOf(forkText), uuidsOf(rewound));
    assert.deepEqual(cwdsOf(forkText), [p.L]);
    assert.equal(p.run(['sync', 'b']).status, 3, 'still reported');
  } finally {
    await p.cleanup();
  }
});

// A recorded conflict pairs two different histories: the rewritten copy's new lines must
// not be appended to the other side's old history, whose parentUuid chain lacks them.
test('after a fork, continuing one copy does not append its lines into the other history', async () => {
  const p = await makePair();
  try {
    const { localFile, remoteFile, lines } = pushedOnce(p, SID);
    put(localFile, toJsonl(lines.slice(0, 5)) + makeTranscript(SID, p.L, 1, { seed: 'rewound', start: '2026-01-05T00:00:00.000Z' }));
    p.json(['push', 'b'], 3);
    const remoteOld = read(remoteFile);
    appendFileSync(localFile, makeTranscript(SID, p.L, 1, { seed: 'continued', start: '2026-01-06T00:00:00.000Z' }));
    assert.equal(p.run(['push', 'b']).status, 3, 'the conflict is still reported');
    assert.equal(read(remoteFile), remoteOld, "the remote's own history got lines of the other one");
    // Keeping the local copy: delete the remote's, and the next push carries the local one over.
    rmSync(remoteFile);
    assert.equal(p.run(['push', 'b']).status, 0);
    assert.deepEqual(uuidsOf(read(remoteFile)), uuidsOf(read(localFile)));
    assert.equal(p.run(['push', 'b']).status, 0, 'the conflict is gone');
  } finally {
    await p.cleanup();
  }
});
