// A dry run ends with one line that sums it up (issue #10): "would copy 2 sessions, append to
// 3, 27 KiB" — sessions by their transcripts, their companions and config files as other files,
// the bytes the plan would write. Nothing to do is said the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { formatBytes } from '../../src/display-text.js';
import { makeTranscript, makeTranscriptLines, seededUuid, toJsonl } from '../helpers/transcripts.js';
import { makePair, put, transcriptPath } from './transfer-harness.js';

test('a dry run ends with a one-line summary: sessions copied, appended to, other files, bytes', async () => {
  const p = await makePair();
  try {
    const old = [1, 2, 3].map((n) => seededUuid(`summary-old-${n}`));
    for (const sid of old) put(transcriptPath(p.localClaude, p.L, sid), toJsonl(makeTranscriptLines(sid, p.L, 2)));
    assert.equal(p.json(['push', 'b']).done, 3);
    let last = p.run(['push', 'b', '--dry-run']);
    assert.equal(last.stdout, 'dry run: nothing to push (3 files in sync); nothing was written\n');
    for (const sid of old) appendFileSync(transcriptPath(p.localClaude, p.L, sid), makeTranscript(sid, p.L, [{ prompt: 'more', reply: 'ok' }], { seed: `more-${sid}`, start: '2026-02-01T00:00:00.000Z' }));
    const fresh = [1, 2].map((n) => seededUuid(`summary-new-${n}`));
    for (const sid of fresh) put(transcriptPath(p.localClaude, p.L, sid), toJsonl(makeTranscriptLines(sid, p.L, 2)));
    const subagent = join(dirname(transcriptPath(p.localClaude, p.L, fresh[0] ?? '')), fresh[0] ?? '', 'subagents', 'agent-a1.jsonl');
    mkdirSync(dirname(subagent), { recursive: true });
    writeFileSync(subagent, toJsonl(makeTranscriptLines(fresh[0] ?? '', p.L, 1)));

    const planned = p.json(['push', 'b', '--dry-run']);
    last = p.run(['push', 'b', '--dry-run']);
    assert.equal(last.status, 0, last.stderr);
    const lines = last.stdout.trimEnd().split('\n');
    assert.equal(lines.at(-1), `dry run: would copy 2 sessions, append to 3, 1 other file, ${formatBytes(planned.actions.reduce((sum, action) => sum + action.bytes, 0))}; nothing was written`);
    assert.equal(lines.length, 7, 'one line per action, then the summary');
  } finally {
    await p.cleanup();
  }
});
