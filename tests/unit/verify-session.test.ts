// `ccsync verify`'s checks on one transcript (src/store/verify-session.ts): each problem kind with
// its line number, and no alarm on what Claude legitimately writes — metadata lines without a
// parent chain, a compact boundary whose logicalParentUuid names a line that is not there, a
// BOM, blank lines, a subagent file continuing from its session's transcript.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { repairedBytes, verifyTranscript } from '../../src/store/verify-session.js';
import { customTitleLine, lastPromptLine, makeTranscript, makeTranscriptLines, summaryLine } from '../helpers/transcripts.js';

const SID = '11111111-2222-4333-8444-555555555555';
const CWD = '/home/alice/proj';
const jsonl = (lines: readonly unknown[]): string => lines.map((line) => `${JSON.stringify(line)}\n`).join('');

test('a transcript as Claude writes it, with metadata lines and a compact boundary: no problems', () => {
  const lines = makeTranscriptLines(SID, CWD, 3);
  const leaf = lines.filter((line) => typeof line['uuid'] === 'string').pop()?.['uuid'];
  assert.equal(typeof leaf, 'string');
  const boundary = { parentUuid: null, logicalParentUuid: 'compacted-away-0000', isSidechain: false, type: 'system', subtype: 'compact_boundary', uuid: 'b-1', sessionId: SID, cwd: CWD };
  const after = { parentUuid: 'b-1', isSidechain: false, type: 'user', uuid: 'u-after', sessionId: SID, cwd: CWD, message: { role: 'user', content: 'go on' } };
  const text = '\uFEFF' + jsonl([
    ...lines,
    summaryLine({ summary: 'old summary', leafUuid: 'leaf-of-another-file' }),
    customTitleLine({ sessionId: SID, customTitle: 'title' }),
    lastPromptLine({ sessionId: SID, leafUuid: String(leaf), lastPrompt: 'prompt 3' }),
    { type: 'queue-operation', operation: 'enqueue', timestamp: '2026-01-01T00:00:00.000Z', sessionId: SID },
    boundary,
    after,
  ]) + '\n';
  const check = verifyTranscript('t.jsonl', Buffer.from(text));
  assert.deepEqual(check.problems, []);
  assert.equal(check.lines, lines.length + 7);
  assert.ok(check.uuids.has('u-after'));
  assert.equal(check.tail, undefined);
});

test('invalid lines, dangling parents and a partial last line, each with its line number', () => {
  const base = makeTranscript(SID, CWD, 1);
  const count = base.split('\n').length - 1;
  const orphan = { parentUuid: 'not-here', type: 'assistant', uuid: 'o-1', sessionId: SID };
  const text = `${base}{"type":"user",broken\n${JSON.stringify(orphan)}\n[1,2]\n{"type":"assistant","uuid":"half`;
  const check = verifyTranscript('t.jsonl', Buffer.from(text));
  assert.deepEqual(check.problems.map((problem) => [problem.kind, problem.line]), [
    ['invalid-json', count + 1],
    ['dangling-parent', count + 2],
    ['invalid-json', count + 3],
    ['partial-last-line', count + 4],
  ]);
  assert.match(check.problems[1]?.detail ?? '', /assistant line's parentUuid not-here/);
  assert.match(check.problems[2]?.detail ?? '', /not a JSON object/);
  assert.deepEqual(check.tail, { bytes: '{"type":"assistant","uuid":"half'.length, complete: false });
  assert.equal(repairedBytes(Buffer.from(text), check.tail ?? { bytes: 0, complete: false }).toString(), text.slice(0, text.lastIndexOf('\n') + 1));
});

test('a whole last line that only lacks its newline: repair adds the newline, nothing is dropped', () => {
  const text = makeTranscript(SID, CWD, 1).slice(0, -1);
  const check = verifyTranscript('t.jsonl', Buffer.from(text));
  assert.deepEqual(check.problems.map((problem) => problem.kind), ['partial-last-line']);
  assert.match(check.problems[0]?.detail ?? '', /without its newline/);
  assert.ok(check.tail?.complete);
  assert.equal(repairedBytes(Buffer.from(text), check.tail).toString(), `${text}\n`);
});

test('a subagent file may continue from its session transcript (outer uuids), not from anywhere', () => {
  const sub = jsonl([{ parentUuid: 'main-7', isSidechain: true, type: 'user', uuid: 's-1', agentId: 'a1' }]);
  assert.deepEqual(verifyTranscript('sub.jsonl', Buffer.from(sub), new Set(['main-7'])).problems, []);
  assert.deepEqual(verifyTranscript('sub.jsonl', Buffer.from(sub)).problems.map((problem) => problem.kind), ['dangling-parent']);
});
