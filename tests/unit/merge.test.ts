import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeTails } from '../../src/planner/merge.js';
import { at, buf, keys, line, lines, same, toLocalPaths, toRemotePaths, uuids } from '../helpers/merge-lines.js';

const ts = (second: number): string => at(second * 1000);

const b = line({ uuid: 'b', parentUuid: 'a', timestamp: ts(2), type: 'assistant' });
const c = line({ uuid: 'c', parentUuid: 'a', timestamp: ts(3), type: 'user' });
const d = line({ uuid: 'd', parentUuid: 'b', timestamp: ts(4), type: 'assistant' });
const title = line({ type: 'custom-title', customTitle: 'x' });
const summary = line({ type: 'summary', summary: 's', leafUuid: 'd' });

test('mergeTails: a child stamped before its parent stays after it (the resume-on-both-sides repro)', () => {
  // Claude Code stamps a child ~1 ms before its parent (../shared/claude-code-format.md).
  const p = line({ uuid: 'p', parentUuid: null, timestamp: '2026-03-01T10:00:00.284Z', type: 'user' });
  const c1 = line({ uuid: 'c1', parentUuid: 'p', timestamp: '2026-03-01T10:00:00.283Z', type: 'attachment' });
  const c2 = line({ uuid: 'c2', parentUuid: 'c1', timestamp: '2026-03-01T10:00:00.283Z', type: 'attachment' });
  const last = line({ uuid: 'a', parentUuid: 'c2', timestamp: '2026-03-01T10:00:01.000Z', type: 'assistant' });
  const r = line({ uuid: 'r', parentUuid: null, timestamp: '2026-03-01T10:00:00.2835Z', type: 'user' });
  const r2 = line({ uuid: 'r2', parentUuid: 'r', timestamp: '2026-03-01T10:00:00.500Z', type: 'assistant' });
  const merged = mergeTails(buf(p, c1, c2, last), buf(r, r2), same, same);
  assert.deepEqual(uuids(merged.local), ['r', 'p', 'c1', 'c2', 'r2', 'a']);
  assert.deepEqual(merged.remote, merged.local);
  assert.deepEqual(uuids(mergeTails(buf(r, r2), buf(p, c1, c2, last), same, same).local), ['r', 'p', 'c1', 'c2', 'r2', 'a']);
});

test('mergeTails: disjoint tails interleave by timestamp, each side gains the other\'s lines', () => {
  const merged = mergeTails(buf(b, d), buf(c), same, same);
  assert.deepEqual(lines(merged.local), lines(buf(b, c, d)));
  assert.deepEqual(merged.remote, merged.local);
  assert.deepEqual(merged.added, { local: 1, remote: 2 });
});

test('mergeTails: a line older than what its side already wrote does not jump ahead (running max)', () => {
  const late = line({ uuid: 'late', timestamp: ts(1), type: 'user' });
  const merged = mergeTails(buf(d, late), buf(b, c), same, same);
  assert.deepEqual(uuids(merged.local), ['b', 'c', 'd', 'late']);
});

test('mergeTails: a line without a timestamp stays right after the line it followed', () => {
  const merged = mergeTails(buf(b, title, d), buf(c, summary), same, same);
  assert.deepEqual(lines(merged.local), lines(buf(b, title, c, summary, d)));
});

test('mergeTails: lines before any timestamped line come first', () => {
  const merged = mergeTails(buf(title, b), buf(c), same, same);
  assert.deepEqual(lines(merged.local), lines(buf(title, b, c)));
});

test('mergeTails: snapshot and queue lines (no uuid, no top-level timestamp) keep their place', () => {
  const snapshot = line({ type: 'file-history-snapshot', messageId: 'c', snapshot: { timestamp: ts(9) } });
  const queue = line({ type: 'queue-operation', operation: 'enqueue', content: 'next' });
  const merged = mergeTails(buf(snapshot, c, queue), buf(b, d), same, same);
  assert.deepEqual(lines(merged.local), lines(buf(snapshot, b, c, queue, d)));
});

test('mergeTails: equal timestamps are ordered by key, whichever side is local', () => {
  const x = line({ uuid: 'x', timestamp: ts(5) });
  const y = line({ uuid: 'y', timestamp: ts(5) });
  assert.deepEqual(uuids(mergeTails(buf(y), buf(x), same, same).local), ['x', 'y']);
  assert.deepEqual(uuids(mergeTails(buf(x), buf(y), same, same).local), ['x', 'y']);
});

test('mergeTails: a uuid on both sides appears once, each side keeping its own bytes', () => {
  const localB = line({ uuid: 'b', timestamp: ts(2), note: 'local bytes' });
  const remoteB = line({ uuid: 'b', timestamp: ts(2), note: 'remote bytes' });
  const merged = mergeTails(buf(localB, d), buf(remoteB, c), same, same);
  assert.deepEqual(lines(merged.local), lines(buf(localB, c, d)));
  assert.deepEqual(lines(merged.remote), lines(buf(remoteB, c, d)));
  assert.deepEqual(merged.added, { local: 1, remote: 1 });
});

test('mergeTails: invalid JSON lines and duplicate lines of one side are kept', () => {
  const broken = '{"type":"user","uuid":"tr\n';
  const merged = mergeTails(buf(b, broken, title, title), buf(b, title, c), same, same);
  assert.deepEqual(lines(merged.local), lines(buf(b, broken, title, title, c)));
  assert.deepEqual(merged.local, merged.remote);
  assert.deepEqual(merged.added, { local: 1, remote: 2 }); // local gains c; remote the broken line and a second title
});

test('mergeTails: an equal line without uuid on both sides is one line (its bytes are its key)', () => {
  const merged = mergeTails(buf(b, title), buf(c, title), same, same);
  assert.deepEqual(lines(merged.local), lines(buf(b, c, title)));
  assert.deepEqual(merged.added, { local: 1, remote: 1 });
});

test('mergeTails: identical inputs are returned unchanged', () => {
  const tail = buf(b, title, c, d);
  const merged = mergeTails(tail, tail, same, same);
  assert.deepEqual(merged.local, tail);
  assert.deepEqual(merged.remote, tail);
  assert.deepEqual(merged.added, { local: 0, remote: 0 });
});

test('mergeTails: empty sides', () => {
  assert.deepEqual(mergeTails(Buffer.alloc(0), Buffer.alloc(0), same, same).local, Buffer.alloc(0));
  const merged = mergeTails(Buffer.alloc(0), buf(b), same, same);
  assert.deepEqual(merged.local, buf(b));
  assert.deepEqual(merged.added, { local: 1, remote: 0 });
});

test('mergeTails: a side holding every line of the other is the result, in its order and bytes', () => {
  // After a one-way push the target holds the union; its order wins even where the other differs.
  const union = buf(c, title, b, d);
  const merged = mergeTails(buf(b, c), union, same, same);
  assert.deepEqual(merged.remote, union);
  assert.deepEqual(keys(merged.local), keys(union));
  assert.deepEqual(merged.added, { local: 2, remote: 0 });
  assert.deepEqual(mergeTails(union, buf(d, b), same, same).local, union);
});

test('mergeTails: shared lines in another order on each side — each line once, the same result both ways', () => {
  const e = line({ uuid: 'e', timestamp: ts(5) });
  const f = line({ uuid: 'f', timestamp: ts(6) });
  const forward = mergeTails(buf(b, c, e), buf(c, b, f), same, same);
  const backward = mergeTails(buf(c, b, f), buf(b, c, e), same, same);
  assert.deepEqual(uuids(forward.local), ['b', 'c', 'e', 'f']);
  assert.deepEqual(uuids(backward.local), uuids(forward.local));
});

test('mergeTails: lines crossing over are converted, own lines are untouched', () => {
  const localLine = line({ uuid: 'l', timestamp: ts(1), cwd: '/home/alice/p' });
  const remoteLine = line({ uuid: 'r', timestamp: ts(2), cwd: '/Users/alice/p' });
  const merged = mergeTails(buf(localLine), buf(remoteLine), toLocalPaths, toRemotePaths);
  assert.deepEqual(lines(merged.local), [localLine.trimEnd(), toLocalPaths(remoteLine).trimEnd()]);
  assert.deepEqual(lines(merged.remote), [toRemotePaths(localLine).trimEnd(), remoteLine.trimEnd()]);
});

test('mergeTails: a non-uuid line equal after conversion is one line', () => {
  const localLine = line({ type: 'relocated', relocatedCwd: '/home/alice/p' });
  const remoteLine = line({ type: 'relocated', relocatedCwd: '/Users/alice/p' });
  const merged = mergeTails(buf(localLine), buf(remoteLine), toLocalPaths, toRemotePaths);
  assert.deepEqual(merged.local, buf(localLine));
  assert.deepEqual(merged.remote, buf(remoteLine));
});

test('mergeTails: refuses input that does not end in a newline', () => {
  assert.throws(() => mergeTails(Buffer.from('{"a":1}'), Buffer.alloc(0), same, same), /newline/);
});
