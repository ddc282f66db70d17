// `ccsync push` of new sessions to a `dir:` remote: where they land, what is rewritten, what is
// copied verbatim, modes and mtimes, and the checks around the target dir (issue #2, item 4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makeTranscript, toJsonl, userLine, seededUuid } from '../helpers/transcripts.js';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { cwdsOf, daysAgo, exists, makePair, put, read, snapshot, swap, transcriptPath } from './transfer-harness.js';

const SID = seededUuid('push-session');

test('push copies a new session and its companions: paths rewritten, blobs verbatim, 0600/0700, source mtimes', async () => {
  const p = await makePair();
  try {
    const encL = encodeProjectDir(p.L, process.platform);
    const encR = encodeProjectDir(p.R, process.platform);
    const neighbour = `${p.L}ect2/x.ts`; // `/a/proj` must not touch `/a/project2`
    const homeFile = `${p.box.home}/notes.md`;
    const extra = userLine({
      uuid: seededUuid('extra'), parentUuid: null, sessionId: SID, cwd: p.L, timestamp: '2026-01-01T01:00:00.000Z',
      text: `compare ${p.L}/src/a.ts with ${neighbour} and ${homeFile}`,
    });
    const transcript = makeTranscript(SID, p.L, 2) + toJsonl([extra]);
    const blobText = `edited ${p.L}/src/a.ts\n`;
    const local: Array<[string, string]> = [
      [`projects/${encL}/${SID}.jsonl`, transcript],
      [`projects/${encL}/${SID}/subagents/agent-a1.jsonl`, makeTranscript(SID, p.L, 1, { seed: 'agent' })],
      [`projects/${encL}/${SID}/subagents/agent-a1.meta.json`, '{"agentType":"general-purpose"}'],
      [`projects/${encL}/${SID}/tool-results/toolu_1.txt`, blobText],
      [`file-history/${SID}/0123456789abcdef@v1`, blobText],
      [`tasks/${SID}/1.json`, '{"id":"1","subject":"x"}'],
      [`session-env/${SID}/sessionstart-hook-0.sh`, `export P=${p.L}\n`],
    ];
    local.forEach(([rel, content], index) => put(join(p.localClaude, rel), content, daysAgo(index + 1)));

    const result = p.json(['push', 'b']);
    assert.equal(result.done, local.length, JSON.stringify(result));
    assert.deepEqual(new Set(result.actions.map((action) => action.kind)), new Set(['copy']));
    assert.equal(result.failed + result.conflicts + result.skipped, 0);

    const remoteRel = (rel: string): string => rel.replace(`projects/${encL}/`, `projects/${encR}/`);
    const rewrite = (text: string): string =>
      swap(swap(swap(swap(text, neighbour, '\u0000'), p.L, p.R), p.box.home, p.remoteHome), '\u0000', neighbour);
    for (const [rel, content] of local) {
      const there = join(p.remoteClaude, remoteRel(rel));
      const expected = rel.endsWith('.jsonl') ? rewrite(content) : content;
      assert.equal(read(there), expected, `${rel} on the remote`);
      assert.equal(statSync(there).mtimeMs, statSync(join(p.localClaude, rel)).mtimeMs, `${rel}: mtime`);
    }
    const remoteText = read(transcriptPath(p.remoteClaude, p.R, SID));
    assert.deepEqual(cwdsOf(remoteText), [p.R]);
    assert.ok(remoteText.includes(neighbour), 'the neighbouring project path is left alone');
    assert.ok(remoteText.includes(`${p.remoteHome}/notes.md`), 'the home is mapped automatically');
    assert.ok(!remoteText.includes(`${p.L}/`), 'no local project path left');

    for (const [rel, mode] of Object.entries(snapshot(p.remoteClaude))) {
      const want = rel.endsWith('/') ? '700' : '600';
      assert.equal(mode.split(' ')[0], want, `${rel} has mode ${mode}`);
    }
    assert.deepEqual(p.status(), { [SID]: 'in-sync' });

    // A second push finds nothing to do and touches nothing.
    const before = snapshot(p.remoteClaude);
    const again = p.json(['push', 'b']);
    assert.deepEqual(again.actions, []);
    assert.deepEqual(snapshot(p.remoteClaude), before);
  } finally {
    await p.cleanup();
  }
});

test('a session started in a subdir of the project lands in the mapped subdir on the remote', async () => {
  const p = await makePair();
  try {
    const sub = join(p.L, 'pkg', 'sub');
    put(transcriptPath(p.localClaude, sub, SID), makeTranscript(SID, sub, 1));
    const result = p.json(['push', 'b']);
    assert.equal(result.done, 1, JSON.stringify(result));
    const there = transcriptPath(p.remoteClaude, join(p.R, 'pkg', 'sub'), SID);
    assert.deepEqual(cwdsOf(read(there)), [join(p.R, 'pkg', 'sub')]);
    assert.deepEqual(readdirSync(join(p.remoteClaude, 'projects')), [encodeProjectDir(join(p.R, 'pkg', 'sub'), process.platform)]);
  } finally {
    await p.cleanup();
  }
});

test('a sessions-index.json beside a written session is removed, and backed up first', async () => {
  const p = await makePair();
  try {
    put(transcriptPath(p.localClaude, p.L, SID), makeTranscript(SID, p.L, 1));
    const other = seededUuid('remote-own');
    const encR = encodeProjectDir(p.R, process.platform);
    put(transcriptPath(p.remoteClaude, p.R, other), makeTranscript(other, p.R, 1));
    const index = join(p.remoteClaude, 'projects', encR, 'sessions-index.json');
    put(index, '{"version":1,"entries":[]}');
    const result = p.json(['push', 'b']);
    assert.equal(result.done, 1, JSON.stringify(result));
    assert.equal(exists(index), false, 'stale index left behind');
    const backups = join(p.box.stateDir, 'backups', 'b');
    const runs = readdirSync(backups);
    assert.equal(runs.length, 1);
    assert.equal(read(join(backups, runs[0] ?? '', 'projects', encR, 'sessions-index.json')), '{"version":1,"entries":[]}');
    assert.ok(exists(transcriptPath(p.remoteClaude, p.R, other)), "the remote's own session stays");
  } finally {
    await p.cleanup();
  }
});

test("a pushed session older than the target's cleanupPeriodDays is written with a warning", async () => {
  const p = await makePair();
  try {
    const old = seededUuid('old');
    const recent = seededUuid('recent');
    put(transcriptPath(p.localClaude, p.L, old), makeTranscript(old, p.L, 1), daysAgo(10));
    put(transcriptPath(p.localClaude, p.L, recent), makeTranscript(recent, p.L, 1), daysAgo(2));
    put(join(p.remoteClaude, 'settings.json'), '{"cleanupPeriodDays": 7}');
    const result = p.json(['push', 'b']);
    assert.equal(result.done, 2, JSON.stringify(result));
    const cleanup = result.warnings.filter((warning) => warning.includes('cleanupPeriodDays'));
    assert.equal(cleanup.length, 1, JSON.stringify(result.warnings));
    assert.match(cleanup[0] ?? '', new RegExp(`session ${old} .*cleanupPeriodDays=7`));
    // the default (30 days) applies when the target does not set it
    put(join(p.remoteClaude, 'settings.json'), '{}');
    const older = seededUuid('older');
    put(transcriptPath(p.localClaude, p.L, older), makeTranscript(older, p.L, 1), daysAgo(40));
    const second = p.run(['push', 'b']);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stderr, new RegExp(`warning: session ${older} .*cleanupPeriodDays=30`));
  } finally {
    await p.cleanup();
  }
});

test('one session id never lands under a second project dir on the target', async () => {
  const p = await makePair();
  try {
    const text = makeTranscript(SID, p.L, 1);
    put(transcriptPath(p.localClaude, p.L, SID), text);
    // The remote copy sits in a dir of its own name (copied by hand before ccsync): it is the
    // counterpart, written in place with a warning.
    const wrongDir = join(p.remoteClaude, 'projects', encodeProjectDir(join(p.R, 'old-name'), process.platform));
    put(join(wrongDir, `${SID}.jsonl`), swap(text, p.L, p.R));
    let result = p.json(['push', 'b']);
    assert.equal(result.failed, 0, JSON.stringify(result));
    put(transcriptPath(p.localClaude, p.L, SID), text + makeTranscript(SID, p.L, 1, { seed: 'more', start: '2026-01-02T00:00:00.000Z' }));
    result = p.json(['push', 'b']);
    assert.equal(result.done, 1, JSON.stringify(result));
    assert.equal(exists(transcriptPath(p.remoteClaude, p.R, SID)), false, 'a second copy under the mapped dir');
    assert.equal(read(join(wrongDir, `${SID}.jsonl`)), swap(read(transcriptPath(p.localClaude, p.L, SID)), p.L, p.R));

    // A remote copy outside the run's scope (its lines name another project): left alone.
    const elsewhere = seededUuid('elsewhere');
    put(transcriptPath(p.localClaude, p.L, elsewhere), makeTranscript(elsewhere, p.L, 1));
    put(transcriptPath(p.remoteClaude, '/srv/other', elsewhere), makeTranscript(elsewhere, '/srv/other', 1));
    result = p.json(['push', 'b']);
    const skipped = result.actions.find((action) => action.key === `${elsewhere}.jsonl`);
    assert.equal(skipped?.status, 'skipped', JSON.stringify(result));
    assert.match(skipped?.message ?? '', /outside this run's scope/);
    assert.equal(exists(transcriptPath(p.remoteClaude, p.R, elsewhere)), false);
  } finally {
    await p.cleanup();
  }
});
