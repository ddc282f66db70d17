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

// Issue #10 item 3: the bar moved once per side after the whole batch. A long phase now moves
// by bytes as each file is read and written; without a terminal that is a line per fifth done.
test('a large push without a terminal prints progress lines with increasing bytes, for the reads and the writes', async () => {
  const p = await makePair();
  try {
    const MiB = 1024 * 1024;
    for (let index = 0; index < 12; index++) {
      const sid = seededUuid(`progress-bytes-${index}`);
      const file = transcriptPath(p.localClaude, p.L, sid);
      put(file, makeTranscript(sid, p.L, 2));
      put(join(file.slice(0, -'.jsonl'.length), 'tool-results', 'big.bin'), Buffer.alloc(MiB, index));
    }
    const run = p.run(['push', 'b']);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stderr.trimEnd().split('\n');
    for (const verb of ['reading', 'writing']) {
      const start = lines.findIndex((line) => line.startsWith(`${verb} 24 `));
      assert.ok(start >= 0, run.stderr);
      const steps: number[] = [];
      for (const line of lines.slice(start + 1)) {
        const match = /^ {2}([0-9.]+) MiB of ([0-9.]+) MiB \(\d+%\)/.exec(line);
        if (!match) break;
        steps.push(Number(match[1]));
        assert.ok(Math.abs(Number(match[2]) - 12) < 0.5, line);
      }
      assert.ok(steps.length >= 3, `${verb}: several lines\n${run.stderr}`);
      assert.ok(steps.every((value, index) => index === 0 || value > (steps[index - 1] ?? 0)), `${verb}: bytes increase: ${steps.join(', ')}`);
      assert.ok(Math.abs((steps.at(-1) ?? 0) - 12) < 0.5, `${verb} ends at the total`);
    }
  } finally {
    await p.cleanup();
  }
});
