// The merge on realistic transcripts (tests/helpers/transcripts.ts): a session resumed on both
// machines, with children stamped a millisecond before their parents as the real client does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeTails } from '../../src/planner/merge.js';
import { makeTranscriptLines, toJsonl, type TranscriptLine } from '../helpers/transcripts.js';
import { keys, lines, restrict, toLocalPaths, toRemotePaths, uuidOf } from '../helpers/merge-lines.js';

const SESSION = '5b0b2a4e-3c1d-4e6f-8a9b-0c1d2e3f4a5b';
const CWD = '/home/alice/p';

/** A continuation of `parent` with its own seed; every third line is stamped 1 ms before its parent. */
function continuation(seed: string, start: string, parent: string): TranscriptLine[] {
  const out = makeTranscriptLines(SESSION, CWD, 2, { seed, start });
  const stamps = new Map<string, string>();
  let previous = parent;
  out.forEach((entry, i) => {
    if (typeof entry.uuid !== 'string') return;
    if (entry.parentUuid === null) entry.parentUuid = previous;
    const parentStamp = typeof entry.parentUuid === 'string' ? stamps.get(entry.parentUuid) : undefined;
    if (i % 3 === 1 && parentStamp !== undefined) entry.timestamp = new Date(Date.parse(parentStamp) - 1).toISOString();
    if (typeof entry.timestamp === 'string') stamps.set(entry.uuid, entry.timestamp);
    previous = entry.uuid;
  });
  return out;
}

/** Every line whose parent is in the tail comes after it: what `--resume` needs. */
function assertChainOrder(data: Buffer): void {
  const seen = new Set<string>();
  const all = new Set(lines(data).map(uuidOf));
  for (const text of lines(data)) {
    const value: unknown = JSON.parse(text);
    const parent = typeof value === 'object' && value !== null && 'parentUuid' in value ? value.parentUuid : undefined;
    if (typeof parent === 'string' && all.has(parent)) assert.ok(seen.has(parent), `parent ${parent} before its child`);
    const uuid = uuidOf(text);
    if (uuid !== undefined) seen.add(uuid);
  }
}

function stampedBeforeParent(tail: TranscriptLine[]): number {
  const stamps = new Map(tail.map((entry) => [entry.uuid, entry.timestamp]));
  return tail.filter((entry) => {
    const parentStamp = stamps.get(entry.parentUuid);
    return typeof parentStamp === 'string' && typeof entry.timestamp === 'string' && entry.timestamp < parentStamp;
  }).length;
}

const base = makeTranscriptLines(SESSION, CWD, 1);
const leaf = String(base.filter((entry) => typeof entry.uuid === 'string').at(-1)?.uuid);
const localTail = continuation('L', '2026-02-01T00:00:00.000Z', leaf);
const remoteTail = continuation('R', '2026-02-01T00:00:00.500Z', leaf);
const local = Buffer.from(toJsonl(localTail));
const remote = Buffer.from(toRemotePaths(toJsonl(remoteTail)));

test('transcripts resumed on both sides: parent chains stay in order, each side keeps its order', () => {
  assert.ok(stampedBeforeParent(localTail) > 0 && stampedBeforeParent(remoteTail) > 0, 'the fixture has children stamped before parents');
  const merged = mergeTails(local, remote, toLocalPaths, toRemotePaths);
  assertChainOrder(merged.local);
  assertChainOrder(merged.remote);
  assert.deepEqual(restrict(keys(merged.local), keys(local)), keys(local));
  assert.deepEqual(restrict(keys(merged.remote), keys(remote)), keys(remote));
  assert.equal(merged.remote.toString(), toRemotePaths(merged.local.toString()));
  assert.deepEqual(merged.added, { local: lines(remote).length, remote: lines(local).length });
});

test('transcripts: a push, more local lines, then two syncs — converges and the second writes nothing', () => {
  const pushed = mergeTails(local, remote, toLocalPaths, toRemotePaths).remote; // push writes the union to remote only
  const more = continuation('L2', '2026-02-01T00:01:00.000Z', String(localTail.filter((e) => typeof e.uuid === 'string').at(-1)?.uuid));
  const grown = Buffer.concat([local, Buffer.from(toJsonl(more))]);
  const first = mergeTails(grown, pushed, toLocalPaths, toRemotePaths);
  assertChainOrder(first.local);
  assert.ok(first.remote.subarray(0, pushed.length).equals(pushed), 'the pushed union stays in place; the new lines append');
  assert.deepEqual(restrict(keys(first.local), keys(grown)), keys(grown));
  const second = mergeTails(first.local, first.remote, toLocalPaths, toRemotePaths);
  assert.deepEqual(second.local, first.local);
  assert.deepEqual(second.remote, first.remote);
  assert.deepEqual(second.added, { local: 0, remote: 0 });
});
