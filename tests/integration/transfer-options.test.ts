// The run options of push/pull/sync: --dry-run writes nothing, --json is one document,
// --session limits the run; and a corrupt line passes through byte for byte (issue #2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { makeTranscript, seededUuid } from '../helpers/transcripts.js';
import { exists, makePair, put, read, snapshot, summarySchema, swap, transcriptPath } from './transfer-harness.js';

const A = seededUuid('options-a');
const B = seededUuid('options-b');

test('--dry-run prints the plan and writes nothing anywhere; --json prints one document', async () => {
  const p = await makePair();
  try {
    put(transcriptPath(p.localClaude, p.L, A), makeTranscript(A, p.L, 1));
    put(transcriptPath(p.remoteClaude, p.R, B), makeTranscript(B, p.R, 1));
    const trees = (): unknown => ({ local: snapshot(p.localClaude), remote: snapshot(p.remoteClaude), state: snapshot(p.box.stateDir) });
    const before = trees();
    for (const direction of ['push', 'pull', 'sync']) {
      const text = p.run([direction, 'b', '--dry-run']);
      assert.equal(text.status, 0, text.stderr);
      if (direction !== 'pull') assert.match(text.stdout, new RegExp(`copy +${A}\\.jsonl local → remote`));
      if (direction !== 'push') assert.match(text.stdout, new RegExp(`copy +${B}\\.jsonl remote → local`));
      const json = p.json([direction, 'b', '--dry-run']);
      assert.equal(json.dryRun, true);
      assert.equal(json.done, 0);
      assert.deepEqual(json.actions.map((action) => action.status), direction === 'sync' ? ['planned', 'planned'] : ['planned']);
    }
    assert.deepEqual(trees(), before, 'a dry run wrote something');

    const run = p.run(['sync', 'b', '--json']);
    assert.equal(run.status, 0, run.stderr);
    const summary = summarySchema.parse(JSON.parse(run.stdout));
    assert.equal(run.stdout, `${JSON.stringify(JSON.parse(run.stdout), null, 2)}\n`, 'one document, nothing before or after it');
    assert.equal(summary.done, 2);
    assert.equal(summary.dryRun, false);
    assert.equal(run.stderr, '', 'no progress chatter with --json when not on a terminal');
    assert.ok(exists(transcriptPath(p.remoteClaude, p.R, A)) && exists(transcriptPath(p.localClaude, p.L, B)));
  } finally {
    await p.cleanup();
  }
});

test('--session limits the run to one session; an unknown or malformed id is an error', async () => {
  const p = await makePair();
  try {
    put(transcriptPath(p.localClaude, p.L, A), makeTranscript(A, p.L, 1));
    put(transcriptPath(p.localClaude, p.L, B), makeTranscript(B, p.L, 1));
    const only = p.json(['push', 'b', '--session', A.toUpperCase()]);
    assert.deepEqual(only.actions.map((action) => action.key), [`${A}.jsonl`]);
    assert.ok(exists(transcriptPath(p.remoteClaude, p.R, A)));
    assert.equal(exists(transcriptPath(p.remoteClaude, p.R, B)), false);

    const before = snapshot(p.remoteClaude);
    const unknown = p.run(['push', 'b', '--session', seededUuid('nobody')]);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /^ccsync: no session [0-9a-f-]{36} in this project here or on 'b'.*ccsync sessions/);
    assert.equal(unknown.stderr.trim().split('\n').length, 1);
    const malformed = p.run(['push', 'b', '--session', 'my-session']);
    assert.equal(malformed.status, 2);
    assert.match(malformed.stderr, /--session: "my-session" is not a session id/);
    assert.deepEqual(snapshot(p.remoteClaude), before, 'nothing written');
  } finally {
    await p.cleanup();
  }
});

test('a line that is not JSON crosses byte for byte and is reported', async () => {
  const p = await makePair();
  try {
    const localFile = transcriptPath(p.localClaude, p.L, A);
    const remoteFile = transcriptPath(p.remoteClaude, p.R, A);
    const corrupt = `{"type":"user","cwd":"${p.L}","message":{"content":"cut off\n`;
    const head = makeTranscript(A, p.L, 1);
    const tail = makeTranscript(A, p.L, 1, { seed: 'after', start: '2026-01-02T00:00:00.000Z' });
    put(localFile, head + corrupt + tail);
    const result = p.run(['push', 'b']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /warning: .*1 line\(s\) are not valid JSON \(line 7 of the part sent\); copied byte for byte/);
    assert.doesNotMatch(result.stderr, /ccsync verify/, 'no such command');
    assert.equal(read(remoteFile), swap(head, p.L, p.R) + corrupt + swap(tail, p.L, p.R));

    // the same on an append, in --json's warnings
    appendFileSync(localFile, `not json at all ${p.L}\n`);
    const json = p.json(['push', 'b']);
    assert.deepEqual(json.actions.map((action) => action.kind), ['append']);
    assert.ok(json.warnings.some((warning) => /not valid JSON/.test(warning)), JSON.stringify(json.warnings));
    assert.ok(read(remoteFile).endsWith(`not json at all ${p.L}\n`));
  } finally {
    await p.cleanup();
  }
});
