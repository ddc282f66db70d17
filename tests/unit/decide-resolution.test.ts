// The pure step of `ccsync resolve`: a conflict's facts and a choice → write ops and records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPathMap } from '../../src/mapping/path-map.js';
import { decideResolution } from '../../src/resolve/decide-resolution.js';
import { recordResolutions } from '../../src/resolve/record-resolution.js';
import type { Choice, ConflictFacts, TranscriptCopy } from '../../src/resolve/resolve-types.js';
import type { WriteResult } from '../../src/wire/protocol.js';
import { z } from 'zod';

const lineSchema = z.looseObject({ uuid: z.string(), cwd: z.string(), sessionId: z.string() });

const S = '11111111-1111-4111-8111-111111111111';
const F = '22222222-2222-5222-8222-222222222222';
const K = '33333333-3333-5333-8333-333333333333';
const MAP = createPathMap([{ local: '/a/proj', remote: '/b/proj' }]);

function line(uuid: string, sid: string, cwd: string, at: number): string {
  return `${JSON.stringify({ type: 'user', uuid, parentUuid: null, sessionId: sid, cwd, timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, at)).toISOString(), message: { role: 'user', content: uuid } })}\n`;
}
function history(uuids: string[], sid: string, cwd: string): Buffer {
  return Buffer.from(uuids.map((uuid, index) => line(uuid, sid, cwd, index)).join(''));
}
function copy(path: string, data: Buffer, extra: Partial<TranscriptCopy> = {}): TranscriptCopy {
  return { path, size: data.length, mtimeMs: 1000, data, live: false, dirHasIndex: false, ...extra };
}

const LOCAL = ['u1', 'u2', 'l3', 'l4'];
const REMOTE = ['u1', 'u2', 'r3'];

/** S diverged; F (the local history, as forked) sits on both sides; nothing live. */
function facts(change: (f: ConflictFacts) => void = () => undefined): ConflictFacts {
  const f: ConflictFacts = {
    sessionId: S,
    reason: 'the local copy no longer extends the last-synced history',
    recorded: true,
    forkId: F,
    local: copy(`projects/-a-proj/${S}.jsonl`, history(LOCAL, S, '/a/proj')),
    remote: copy(`projects/-b-proj/${S}.jsonl`, history(REMOTE, S, '/b/proj')),
    fork: {
      local: copy(`projects/-a-proj/${F}.jsonl`, history(LOCAL, F, '/a/proj')),
      remote: copy(`projects/-b-proj/${F}.jsonl`, history(LOCAL, F, '/b/proj')),
    },
    keepBothId: K,
    keepBoth: {},
    ancestorKeys: { fork: true, keepBoth: false },
  };
  change(f);
  return f;
}

interface Row {
  name: string;
  choice: Choice;
  facts?: (f: ConflictFacts) => void;
  force?: boolean;
  /** `phase side kind id` of every op, in order */
  ops?: string[];
  blocked?: RegExp;
  forget?: string[];
  note?: RegExp;
}

const ROWS: Row[] = [
  { name: 'keep local: replace the remote S; F is all in S, removed on both sides', choice: 'local', ops: ['2 remote put S', '2 local remove F', '2 remote remove F'], forget: [`${F}.jsonl`] },
  { name: 'keep remote: replace the local S; F holds lines S lacks, stays', choice: 'remote', ops: ['2 local put S'], forget: [], note: /fork copy .* stays \(2 line\(s\) of it on local/ },
  { name: 'keep both: the remote history as K first, then S; F removed', choice: 'both', ops: ['1 local put K', '1 remote put K', '2 remote put S', '2 local remove F', '2 remote remove F'], forget: [`${F}.jsonl`] },
  {
    name: 'keep both where F is the remote history: F is the second session, copied where missing',
    choice: 'both',
    facts: (f) => {
      f.keepBothId = F;
      f.fork = { local: copy(`projects/-a-proj/${F}.jsonl`, history(REMOTE, F, '/a/proj')) };
      f.keepBoth = f.fork;
    },
    ops: ['1 remote put F', '2 remote put S'],
    forget: [],
    note: /holds the remote history/,
  },
  { name: 'merge: the union on both sides; F removed', choice: 'merge', ops: ['2 local put S', '2 remote put S', '2 local remove F', '2 remote remove F'], forget: [`${F}.jsonl`] },
  { name: 'keep local into a live remote session: blocked', choice: 'local', facts: (f) => void (f.remote.live = true), blocked: /live on remote.*--force/ },
  { name: 'keep local into a live remote session with --force', choice: 'local', force: true, facts: (f) => void (f.remote.live = true), ops: ['2 remote put S', '2 local remove F', '2 remote remove F'] },
  { name: 'a live session on the side that is not written does not block', choice: 'local', facts: (f) => void (f.local.live = true), ops: ['2 remote put S', '2 local remove F', '2 remote remove F'] },
  { name: 'keep remote over a local copy with a line still being written: blocked', choice: 'remote', facts: (f) => void (f.local.size += 5), blocked: /incomplete line/ },
  {
    name: 'copies that already hold the same history: nothing written, the conflict is recorded away',
    choice: 'merge',
    facts: (f) => {
      f.remote = copy(f.remote.path, history(LOCAL, S, '/b/proj'));
    },
    ops: ['2 local remove F', '2 remote remove F'],
  },
  { name: 'a sessions-index.json beside a written S is removed', choice: 'local', facts: (f) => void (f.remote.dirHasIndex = true), ops: ['2 remote put S', '2 remote remove sessions-index.json', '2 local remove F', '2 remote remove F'] },
  { name: 'F live on one side: it stays', choice: 'local', facts: (f) => void ((f.fork.remote ?? f.remote).live = true), ops: ['2 remote put S'], forget: [], note: /live on remote/ },
  { name: 'no recorded fork (the next sync would fork): only S', choice: 'merge', facts: (f) => { delete f.forkId; f.fork = {}; f.recorded = false; }, ops: ['2 local put S', '2 remote put S'], forget: [] },
];

function opName(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name === 'sessions-index.json' ? name : ({ [`${S}.jsonl`]: 'S', [`${F}.jsonl`]: 'F', [`${K}.jsonl`]: 'K' }[name] ?? name);
}

for (const row of ROWS) {
  test(`decideResolution: ${row.name}`, () => {
    const resolution = decideResolution(facts(row.facts), row.choice, MAP, { force: row.force ?? false });
    if (row.blocked) {
      assert.match(resolution.blocked ?? '', row.blocked);
      assert.deepEqual(resolution.ops, []);
      return;
    }
    assert.equal(resolution.blocked, undefined);
    if (row.ops) assert.deepEqual(resolution.ops.map(({ phase, side, op }) => `${phase} ${side} ${op.kind} ${opName(op.path)}`), row.ops);
    if (row.forget) assert.deepEqual(resolution.forget.map((item) => item.key), row.forget);
    if (row.note) assert.match(resolution.notes.join('\n'), row.note);
    for (const { op } of resolution.ops) {
      if (op.kind === 'put' && 'size' in op.expect) assert.equal(op.backup, true, 'a replaced S is backed up');
      if (op.kind === 'remove') assert.equal(op.backup, true);
    }
  });
}

function uuidsAndCwds(data: Buffer): { uuids: string[]; cwds: string[]; sids: string[] } {
  const values = data.toString('utf8').split('\n').filter((text) => text !== '').map((text) => lineSchema.parse(JSON.parse(text)));
  return { uuids: values.map((value) => value.uuid), cwds: [...new Set(values.map((value) => value.cwd))], sids: [...new Set(values.map((value) => value.sessionId))] };
}

function dataOf(resolution: ReturnType<typeof decideResolution>, side: string, name: string): Buffer {
  const found = resolution.ops.find(({ side: opSide, op }) => opSide === side && op.kind === 'put' && opName(op.path) === name);
  assert.ok(found && found.op.kind === 'put', `${side} ${name} is written`);
  return found.op.data;
}

test('decideResolution writes each side in its own paths, with each history whole', () => {
  const local = decideResolution(facts(), 'local', MAP);
  assert.deepEqual(uuidsAndCwds(dataOf(local, 'remote', 'S')), { uuids: LOCAL, cwds: ['/b/proj'], sids: [S] });
  const both = decideResolution(facts(), 'both', MAP);
  assert.deepEqual(uuidsAndCwds(dataOf(both, 'local', 'K')), { uuids: REMOTE, cwds: ['/a/proj'], sids: [K] });
  assert.deepEqual(uuidsAndCwds(dataOf(both, 'remote', 'K')), { uuids: REMOTE, cwds: ['/b/proj'], sids: [K] });
  const merged = decideResolution(facts(), 'merge', MAP);
  const localMerged = uuidsAndCwds(dataOf(merged, 'local', 'S'));
  assert.deepEqual([...localMerged.uuids].sort(), ['l3', 'l4', 'r3', 'u1', 'u2']);
  assert.deepEqual(localMerged.cwds, ['/a/proj']);
  assert.deepEqual(uuidsAndCwds(dataOf(merged, 'remote', 'S')).uuids, localMerged.uuids);
});

const ok = (path: string): WriteResult => ({ ok: true, path, size: 10, mtimeMs: 5, fp: 'fp' });
const bad = (path: string): WriteResult => ({ ok: false, path, code: 'changed', message: `${path} changed` });

test('recordResolutions clears the conflict only when the new content reached disk', () => {
  const resolution = decideResolution(facts(), 'local', MAP);
  const ancestor = {
    version: 1 as const,
    entries: {
      [`${S}.jsonl`]: { local: { path: 'l', size: 1, mtimeMs: 1, len: 1, fp: 'a' }, remote: { path: 'r', size: 1, mtimeMs: 1, len: 1, fp: 'b' }, conflict: { forkId: F, reason: 'x' } },
      [`${F}.jsonl`]: { local: { path: 'lf', size: 1, mtimeMs: 1, len: 1, fp: 'c' }, remote: { path: 'rf', size: 1, mtimeMs: 1, len: 1, fp: 'd' } },
    },
  };
  const allOk = recordResolutions(ancestor, [resolution], [resolution.ops.map((planned) => ok(planned.op.path))]);
  assert.equal(allOk.outcomes[0]?.status, 'resolved');
  const entry = allOk.ancestor.entries[`${S}.jsonl`];
  assert.equal(entry?.conflict, undefined);
  assert.deepEqual([entry?.remote.fp, entry?.remote.len, entry?.local.len], ['fp', 10, facts().local.data.length]);
  assert.equal(allOk.ancestor.entries[`${F}.jsonl`], undefined, 'the removed fork copy is forgotten');

  const sFailed = recordResolutions(ancestor, [resolution], [resolution.ops.map((planned, index) => (index === 0 ? bad(planned.op.path) : ok(planned.op.path)))]);
  assert.equal(sFailed.outcomes[0]?.status, 'failed');
  assert.deepEqual(sFailed.ancestor.entries[`${S}.jsonl`]?.conflict, { forkId: F, reason: 'x' });

  const removalFailed = recordResolutions(ancestor, [resolution], [resolution.ops.map((planned, index) => (index === 2 ? bad(planned.op.path) : ok(planned.op.path)))]);
  assert.equal(removalFailed.outcomes[0]?.status, 'resolved');
  assert.ok(removalFailed.ancestor.entries[`${F}.jsonl`], 'a fork copy not removed everywhere stays recorded');

  const both = decideResolution(facts(), 'both', MAP);
  const phaseOneFailed = recordResolutions(ancestor, [both], [both.ops.map((planned) => (planned.phase === 1 ? bad(planned.op.path) : undefined))]);
  assert.equal(phaseOneFailed.outcomes[0]?.status, 'failed');
  assert.deepEqual(phaseOneFailed.outcomes[0]?.ops.filter((op) => op.status === 'not run').length, 3);
});
