// The planner per session: which dir a session goes to, forks and their companions, recorded
// conflicts, cleanup-period warnings, stale indexes; plus the key helpers and `classify`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileEntry } from '../../src/wire/protocol.js';
import { forkSessionId } from '../../src/planner/fork-id.js';
import { classify, classifyAll, logicalKey, sessionIdOfKey } from '../../src/planner/plan-sync.js';
import {
  ancestorFor,
  ancestorState,
  blobEntry,
  jsonlEntry,
  jsonlFile,
  manifest,
  planOf,
  project,
  rows,
  state,
  summary,
  DAY,
  LDIR,
  NOW,
  RDIR,
  SID,
  T,
} from '../helpers/plan-fixtures.js';

const SIDES: ReadonlyArray<'local' | 'remote'> = ['local', 'remote'];
const SUB = `${SID}/subagents/agent-a1.jsonl`;
const HIST = `file-history/${SID}/0123456789abcdef@v2`;

// --- keys --------------------------------------------------------------------------------------------

const KEY_CASES: Array<[string, string, string | undefined]> = [
  [`projects/${LDIR}/${SID}.jsonl`, `${SID}.jsonl`, SID],
  [`projects/${LDIR}/${SID}/subagents/agent-a1.jsonl`, `${SID}/subagents/agent-a1.jsonl`, SID],
  [`projects/${LDIR}/${SID}/tool-results/x.txt`, `${SID}/tool-results/x.txt`, SID],
  [`file-history/${SID}/0123@v1`, `file-history/${SID}/0123@v1`, SID],
  [`tasks/${SID}/1.json`, `tasks/${SID}/1.json`, SID],
  [`session-env/${SID}/env`, `session-env/${SID}/env`, SID],
  [`debug/${SID}.txt`, `debug/${SID}.txt`, SID],
  ['settings.json', 'settings.json', undefined],
  [`projects/${LDIR}`, `projects/${LDIR}`, 'projects'],
];
for (const [path, key, sid] of KEY_CASES) {
  test(`logicalKey(${path}) = ${key}; sessionIdOfKey = ${sid}`, () => {
    assert.equal(logicalKey(path), key);
    assert.equal(sessionIdOfKey(key), sid);
  });
}

// --- which dir on the target -------------------------------------------------------------------------

const OTHER = '-Users-alice-old-proj';

test('a session that already sits in another dir on the target is written there, with a warning', () => {
  const plan = planOf({
    local: [jsonlEntry('local', T, 'G'), jsonlEntry('local', SUB, 'P')],
    remote: [jsonlEntry('remote', T, 'U', OTHER)],
    ancestor: { [T]: ancestorFor(T, false, { remote: OTHER }) },
  });
  const targets = plan.actions.map((action) => (action.kind === 'append' || action.kind === 'copy' ? action.to.path : action.kind));
  assert.deepEqual(targets, [`projects/${OTHER}/${T}`, `projects/${OTHER}/${SUB}`]);
  assert.equal(plan.warnings.length, 1, plan.warnings.join('\n'));
  assert.match(plan.warnings[0] ?? '', new RegExp(`the remote copy is in projects/${OTHER}, not projects/${RDIR}`));
});

test('the same session under two dirs on one side is ambiguous, companions too', () => {
  const extra = project('-home-alice-elsewhere', [], { jsonl: [T] });
  for (const side of SIDES) {
    const plan = planOf({
      local: [jsonlEntry('local', T, 'P'), jsonlEntry('local', SUB, 'P')],
      remote: [jsonlEntry('remote', T, 'P')],
      ...(side === 'local' ? { localManifest: { projects: [extra] } } : { remoteManifest: { projects: [extra] } }),
    });
    assert.deepEqual([summary(plan, T), summary(plan, SUB)], ['skip:ambiguous', 'skip:ambiguous']);
    const [first] = plan.actions;
    assert.ok(first?.kind === 'skip');
    assert.match(first.message, new RegExp(`under 2 project dirs on ${side}`));
  }
});

test('a session the target holds in a dir outside the run\'s scope is neither copied nor deleted', () => {
  const outside = { projects: [project(OTHER, [], { inScope: false, jsonl: [T] })] };
  const copy = planOf({ local: [jsonlEntry('local', T, 'P')], remoteManifest: outside });
  assert.equal(summary(copy, T), 'skip:ambiguous');
  const del = planOf({ local: [jsonlEntry('local', T, 'U')], remoteManifest: outside, ancestor: { [T]: ancestorFor(T) }, options: { delete: true } });
  assert.equal(summary(del, T), 'skip:ambiguous');
});

test('a source dir without a pairing: no action, one warning per dir', () => {
  const dir = '-home-alice-unmapped';
  const plan = planOf({ local: [jsonlEntry('local', T, 'P', dir), jsonlEntry('local', SUB, 'P', dir)] });
  assert.deepEqual(plan.actions, []);
  assert.deepEqual(plan.warnings, [`local projects/${dir} has no paired dir on remote: 2 file(s) not carried over (map its project path with \`ccsync map add\`)`]);
});

test('a key listed under two dirs of one side is ambiguous', () => {
  const plan = planOf({ local: [jsonlEntry('local', 'memory/MEMORY.jsonl', 'P'), jsonlEntry('local', 'memory/MEMORY.jsonl', 'P', '-x')] });
  assert.equal(summary(plan, 'memory/MEMORY.jsonl'), 'skip:ambiguous');
});

test('a manifest entry without a complete length is reported, not acted on', () => {
  const broken: FileEntry = { path: `projects/${LDIR}/${T}`, kind: 'jsonl', size: 10, mtimeMs: NOW };
  const plan = planOf({ local: [broken] });
  assert.deepEqual(plan.actions, []);
  assert.match(plan.warnings[0] ?? '', /no complete-line length/);
});

// --- forks ---------------------------------------------------------------------------------------------

test('fork: the rewritten copy would become a new session beside the other side\'s own', () => {
  const plan = planOf({ local: [jsonlEntry('local', T, 'U')], remote: [jsonlEntry('remote', T, 'C')], ancestor: { [T]: ancestorFor(T) } });
  const forkId = forkSessionId(SID, 'remote-fp80');
  const [action] = plan.actions;
  assert.ok(action?.kind === 'reconcile');
  assert.deepEqual([action.local.length, action.remote.length, action.agreed, action.shrank], [100, 80, { side: 'local', len: 100 }, ['remote']]);
  assert.deepEqual([action.ifRewritten], [
    {
      kind: 'fork',
      key: T,
      from: { side: 'remote', path: `projects/${RDIR}/${T}` },
      to: { side: 'local', path: `projects/${LDIR}/${forkId}.jsonl` },
      counterpart: { side: 'local', path: `projects/${LDIR}/${T}` },
      length: 80,
      sessionId: SID,
      forkId,
      reason: 'the remote copy no longer extends the last-synced history (rewritten or shortened)',
      mtimeMs: jsonlFile('remote', T, 'C').mtimeMs,
    },
  ]);
});

test('fork: companions that would be written wait; companions in sync stay in sync', () => {
  const plan = planOf({
    local: [jsonlEntry('local', T, 'C'), jsonlEntry('local', SUB, 'P'), blobEntry('local', HIST, 'U')],
    remote: [jsonlEntry('remote', T, 'U'), blobEntry('remote', HIST, 'U')],
    ancestor: { [T]: ancestorFor(T), [HIST]: ancestorFor(HIST, true) },
  });
  // held once the comparison after the read decides on the fork (tests/unit/reconcile.test.ts)
  assert.deepEqual([summary(plan, T), summary(plan, SUB), summary(plan, HIST)], ['reconcile:local+remote:adv|fork:local>remote', 'copy:local>remote', 'in-sync']);
});

test('fork: an earlier run already made this fork → conflict, not a second fork', () => {
  const forkId = forkSessionId(SID, 'local-fp80');
  const plan = planOf({
    local: [jsonlEntry('local', T, 'C')],
    remote: [jsonlEntry('remote', T, 'U'), jsonlEntry('remote', `${forkId}.jsonl`, 'P')],
    ancestor: { [T]: ancestorFor(T) },
    direction: 'push',
  });
  assert.equal(summary(plan, T), 'reconcile:remote|skip:conflict');
});

test('fork: a companion stream that was rewritten is a conflict, left alone', () => {
  const plan = planOf({ local: [jsonlEntry('local', SUB, 'C')], remote: [jsonlEntry('remote', SUB, 'U')], ancestor: { [SUB]: ancestorFor(SUB) } });
  assert.equal(summary(plan, SUB), 'reconcile:local+remote:adv|skip:conflict');
});

const conflicted = { [T]: { ...ancestorFor(T), conflict: { forkId: 'f0', reason: 'the remote copy no longer extends …' } } };
// Untouched since the fork: the conflict stands unread. A side touched since is compared after
// the read: only equal copies clear it (planner/plan-conflict.ts), else the conflict skip stands.
const RECORDED_CONFLICT = `
  U U sync skip:conflict
  U U push skip:conflict
  U U pull skip:conflict
  G U sync reconcile:local+remote:adv|skip:conflict
  U G pull reconcile:local|skip:conflict
  G G sync reconcile:local+remote:adv|skip:conflict
  C U push reconcile:remote|skip:conflict
  U A sync copy:local>remote
  A G sync copy:remote>local
`;
for (const [l, r, direction, expected] of rows(RECORDED_CONFLICT)) {
  test(`recorded conflict: local ${l}, remote ${r}, ${direction} → ${expected}`, () => {
    const plan = planOf({ local: [jsonlEntry('local', T, state(l))], remote: [jsonlEntry('remote', T, state(r))], ancestor: conflicted, direction: direction === 'push' ? 'push' : direction === 'pull' ? 'pull' : 'sync' });
    assert.equal(summary(plan, T), expected);
  });
}

test('recorded conflict: companions of the session wait too', () => {
  const plan = planOf({ local: [jsonlEntry('local', T, 'U'), jsonlEntry('local', SUB, 'P')], remote: [jsonlEntry('remote', T, 'U')], ancestor: conflicted });
  assert.equal(summary(plan, SUB), 'skip:blob-conflict');
});

// --- cleanup period, stale indexes ------------------------------------------------------------------

const aged = (days: number): FileEntry => ({ ...jsonlFile('local', T, 'P'), mtimeMs: NOW - days * DAY - 1000 });
const CLEANUP_CASES: Array<[string, number, number | undefined, boolean]> = [
  ['40 days old, default 30', 40, undefined, true],
  ['40 days old, cleanupPeriodDays=60', 40, 60, false],
  ['20 days old, cleanupPeriodDays=10', 20, 10, true],
  ['29 days old, default 30', 29, undefined, false],
];
for (const [name, days, setting, warns] of CLEANUP_CASES) {
  test(`cleanup warning: ${name} → ${warns ? 'warns' : 'quiet'}`, () => {
    const plan = planOf({ local: [aged(days)], remoteManifest: setting === undefined ? {} : { cleanupPeriodDays: setting } });
    const expected = `session ${SID} was last active ${days} days ago; Claude Code on remote deletes sessions older than cleanupPeriodDays=${setting ?? 30} at start-up — raise it in remote's settings.json`;
    assert.deepEqual(plan.warnings, warns ? [expected] : []);
  });
}

test('cleanup warning: a pull looks at the local setting', () => {
  const plan = planOf({ remote: [{ ...jsonlFile('remote', T, 'P'), mtimeMs: NOW - 15 * DAY }], localManifest: { cleanupPeriodDays: 7 }, direction: 'pull' });
  assert.match(plan.warnings[0] ?? '', /on local deletes sessions older than cleanupPeriodDays=7/);
});

const indexed = (dir: string) => ({ projects: [project(dir, [], { hasSessionsIndex: true, jsonl: [T] })] });
test('stale sessions-index.json: removed where something is written, once per dir', () => {
  const plan = planOf({ local: [jsonlEntry('local', T, 'G'), jsonlEntry('local', SUB, 'P')], remote: [jsonlEntry('remote', T, 'U')], remoteManifest: indexed(RDIR), ancestor: { [T]: ancestorFor(T) } });
  assert.deepEqual(plan.removeIndexes, [{ side: 'remote', path: `projects/${RDIR}/sessions-index.json` }]);
});

test('stale sessions-index.json: left alone where nothing is written', () => {
  const plan = planOf({ local: [jsonlEntry('local', T, 'U')], remote: [jsonlEntry('remote', T, 'G')], remoteManifest: indexed(RDIR), ancestor: { [T]: ancestorFor(T) } });
  assert.deepEqual(plan.removeIndexes, []);
  assert.deepEqual(planOf({ local: [jsonlEntry('local', T, 'U')], remote: [jsonlEntry('remote', T, 'U')], localManifest: indexed(LDIR), ancestor: { [T]: ancestorFor(T) } }).removeIndexes, []);
});

// --- classify (for `status`) ----------------------------------------------------------------------

const CLASSIFY = `
  U U anc in-sync
  G U anc local-ahead
  U G anc remote-ahead
  G G anc diverged
  C U anc diverged
  G C anc diverged
  A U anc deleted-local
  U A anc deleted-remote
  A G anc remote-only
  C A anc deleted-remote
  P A none local-only
  A P none remote-only
  P P none diverged
`;
for (const [l, r, anc, expected] of rows(CLASSIFY)) {
  test(`classify: local ${l}, remote ${r}, ${anc === 'anc' ? 'with' : 'no'} ancestor → ${expected}`, () => {
    const ancestor = anc === 'anc' ? ancestorFor(T) : undefined;
    assert.equal(classify(jsonlEntry('local', T, state(l)), jsonlEntry('remote', T, state(r)), ancestor), expected);
  });
}

test('classify: gone from both sides is no status; classifyAll lists every key', () => {
  assert.equal(classify(undefined, undefined, ancestorFor(T)), undefined);
  const all = classifyAll(
    manifest('local', [jsonlEntry('local', T, 'G'), blobEntry('local', HIST, 'P')]),
    manifest('remote', [jsonlEntry('remote', T, 'U')]),
    ancestorState({ [T]: ancestorFor(T) }),
  );
  assert.deepEqual(all, [
    { key: T, status: 'local-ahead' },
    { key: HIST, status: 'local-only' },
  ]);
});
