// Progress without a terminal (issue #5: "plain lines otherwise"): a push or an export past
// the threshold (cli/progress.ts: > 50 items or > 2 MiB) says what it is doing on stderr, one
// line per phase; a small one stays quiet; --json stays silent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { makeTranscript, seededUuid } from '../helpers/transcripts.js';
import { exists, makePair, put, transcriptPath } from './transfer-harness.js';

test('a large push prints plain phase lines on stderr without a terminal; a small one prints none', async () => {
  const p = await makePair();
  try {
    const first = seededUuid('progress-small');
    put(transcriptPath(p.localClaude, p.L, first), makeTranscript(first, p.L, 2));
    const small = p.run(['push', 'b']);
    assert.equal(small.status, 0, small.stderr);
    assert.equal(small.stderr, '', 'a small push is quiet');

    const many = Array.from({ length: 60 }, (_, index) => seededUuid(`progress-${index}`));
    for (const sid of many) put(transcriptPath(p.localClaude, p.L, sid), makeTranscript(sid, p.L, 2));
    const large = p.run(['push', 'b']);
    assert.equal(large.status, 0, large.stderr);
    const lines = large.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 2, large.stderr);
    assert.match(lines[0] ?? '', /^reading 60 file\(s\) \([0-9.]+ KiB\) from local…$/);
    assert.match(lines[1] ?? '', /^writing 60 change\(s\) \([0-9.]+ KiB\) to \S+…$/);
    assert.ok(many.every((sid) => exists(transcriptPath(p.remoteClaude, p.R, sid))), 'every session arrived');
    assert.match(large.stdout, /push: 60 done/);

    const bundle = join(p.root, 'all.ccsync');
    const exported = p.run(['export', '--project', p.L, '-o', bundle]);
    assert.equal(exported.status, 0, exported.stderr);
    assert.match(exported.stderr, /^collecting 61 session\(s\) from .*…\nredacting 61 file\(s\) \([0-9.]+ KiB\)…\n/);

    const again = seededUuid('progress-json');
    for (const sid of [again, ...Array.from({ length: 55 }, (_, index) => seededUuid(`progress-json-${index}`))]) {
      put(transcriptPath(p.localClaude, p.L, sid), makeTranscript(sid, p.L, 2));
    }
    const json = p.run(['push', 'b', '--json']);
    assert.equal(json.status, 0, json.stderr);
    assert.equal(json.stderr, '', '--json prints nothing on stderr, however large the run');
  } finally {
    await p.cleanup();
  }
});
