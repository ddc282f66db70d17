// Properties of the merge (issue #2: no line lost, idempotent, same result whichever side syncs
// first) over generated tails: uuid lines with timestamps that may run backwards, lines without
// uuid or timestamp, invalid JSON, repeats, and paths that differ per machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mergeTails } from '../../src/planner/merge.js';
import { at, keys, line, lines, restrict, same, sharedOrderAgrees, toLocalPaths, toRemotePaths } from '../helpers/merge-lines.js';

interface Spec {
  uuid: boolean;
  ms: number | undefined;
  invalid: boolean;
  text: string;
  /** 0 shared, 1 local only, 2 remote only */
  where: number;
}

const specArb: fc.Arbitrary<Spec> = fc.record({
  uuid: fc.boolean(),
  // few distinct times, so ties and children stamped before their parents are common
  ms: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
  invalid: fc.boolean(),
  text: fc.constantFrom('hi', 'ok', 'run ls', '/home/alice/p/x.ts'),
  where: fc.integer({ min: 0, max: 2 }),
});

/** Render spec i on one side: valid lines carry the side's form of the paths. */
function render(spec: Spec, index: number, side: 'local' | 'remote', seed: string): string {
  const text = side === 'remote' ? toRemotePaths(spec.text) : spec.text;
  if (spec.invalid && !spec.uuid) return `{"type":"user","broken":"${text}\n`;
  const fields: Record<string, unknown> = { type: 'user', message: text };
  if (spec.uuid) Object.assign(fields, { uuid: `${seed}-${index}`, parentUuid: index > 0 ? `${seed}-${index - 1}` : null });
  if (spec.ms !== undefined) fields.timestamp = at(spec.ms);
  fields.cwd = side === 'remote' ? '/Users/alice/p' : '/home/alice/p';
  return line(fields);
}

interface Pair {
  local: Buffer;
  remote: Buffer;
}

function sides(specs: Spec[], seed = 'id'): Pair {
  const local = specs.flatMap((spec, i) => (spec.where !== 2 ? [render(spec, i, 'local', seed)] : []));
  const remote = specs.flatMap((spec, i) => (spec.where !== 1 ? [render(spec, i, 'remote', seed)] : []));
  return { local: Buffer.from(local.join('')), remote: Buffer.from(remote.join('')) };
}

/** Shared lines in the same order on both sides, as after a one-way run. */
const transcripts = fc.array(specArb, { maxLength: 40 }).map((specs) => sides(specs));
/** The remote's lines in another order: the two copies disagree on the order of shared lines. */
const shuffled = fc
  .tuple(fc.array(specArb, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 30 }))
  .map(([specs, order]): Pair => {
    const pair = sides(specs);
    const remoteLines = lines(pair.remote).map((text, i) => ({ text, rank: order[i] ?? i }));
    remoteLines.sort((x, y) => x.rank - y.rank);
    return { local: pair.local, remote: Buffer.from(remoteLines.map((entry) => `${entry.text}\n`).join('')) };
  });
/** Both sides in local form, so that `same` converts. */
const localForm = (pair: Pair): Pair => ({ local: Buffer.from(toLocalPaths(pair.local.toString())), remote: Buffer.from(toLocalPaths(pair.remote.toString())) });
const anyPair = fc.oneof(transcripts, shuffled).map(localForm);

const RUNS = { numRuns: 400 };

test('property: no line lost, no key twice — the output holds exactly the union of keys', () => {
  fc.assert(
    fc.property(anyPair, ({ local, remote }) => {
      const merged = mergeTails(local, remote, same, same);
      const union = new Set([...keys(local), ...keys(remote)]);
      for (const out of [merged.local, merged.remote]) {
        const got = keys(out);
        assert.equal(got.length, union.size);
        assert.deepEqual(new Set(got), union);
      }
      assert.equal(merged.added.local, union.size - lines(local).length);
      assert.equal(merged.added.remote, union.size - lines(remote).length);
    }),
    RUNS,
  );
});

test('property: each side\'s own lines keep their order when the sides agree on their shared lines', () => {
  let agreeing = 0;
  fc.assert(
    fc.property(anyPair, ({ local, remote }) => {
      const merged = mergeTails(local, remote, same, same);
      if (!sharedOrderAgrees(keys(local), keys(remote))) return;
      agreeing++;
      for (const out of [merged.local, merged.remote]) {
        assert.deepEqual(restrict(keys(out), keys(local)), keys(local));
        assert.deepEqual(restrict(keys(out), keys(remote)), keys(remote));
      }
    }),
    RUNS,
  );
  assert.ok(agreeing > RUNS.numRuns / 3, `enough agreeing cases (${agreeing})`);
});

test('property: symmetric — swapping the sides gives the same key sequence', () => {
  fc.assert(
    fc.property(anyPair, ({ local, remote }) => {
      const forward = mergeTails(local, remote, same, same);
      const backward = mergeTails(remote, local, same, same);
      assert.deepEqual(keys(forward.local), keys(backward.local));
      assert.deepEqual(forward.local, backward.remote);
      assert.deepEqual(forward.remote, backward.local);
    }),
    RUNS,
  );
});

test('property: idempotent — merging the output with itself or with either input changes nothing', () => {
  fc.assert(
    fc.property(anyPair, ({ local, remote }) => {
      const merged = mergeTails(local, remote, same, same).local;
      for (const other of [merged, local, remote]) {
        const again = mergeTails(merged, other, same, same);
        assert.deepEqual(again.local, merged);
        assert.equal(again.added.local, 0);
        assert.deepEqual(mergeTails(other, merged, same, same).remote, merged);
      }
    }),
    RUNS,
  );
});

test('property: a side holding every key of the other comes out byte-identical, and is the result', () => {
  let supersets = 0;
  fc.assert(
    fc.property(fc.oneof(anyPair, anyPair.map((pair) => ({ local: mergeTails(pair.local, pair.remote, same, same).local, remote: pair.remote }))), ({ local, remote }) => {
      const merged = mergeTails(local, remote, same, same);
      const mine = new Set(keys(local));
      const theirs = new Set(keys(remote));
      if (!keys(remote).every((key) => mine.has(key))) return;
      supersets++;
      if (keys(local).every((key) => theirs.has(key)) && !merged.local.equals(local)) {
        // The same lines in another order on each side: one of the two orders is kept whole.
        assert.deepEqual(merged.remote, remote);
        assert.deepEqual(keys(merged.local), keys(remote));
        return;
      }
      assert.deepEqual(merged.local, local);
      assert.deepEqual(keys(merged.remote), keys(local));
      assert.equal(merged.added.local, 0);
    }),
    RUNS,
  );
  assert.ok(supersets > RUNS.numRuns / 3, `enough superset cases (${supersets})`);
});

test('property: with path conversion each side stays in its own form and a second sync writes nothing', () => {
  fc.assert(
    fc.property(transcripts, ({ local, remote }) => {
      const merged = mergeTails(local, remote, toLocalPaths, toRemotePaths);
      assert.ok(!merged.local.toString().includes('/Users/alice'));
      assert.ok(!merged.remote.toString().includes('/home/alice'));
      assert.deepEqual(Buffer.from(toLocalPaths(merged.remote.toString())), merged.local);
      const again = mergeTails(merged.local, merged.remote, toLocalPaths, toRemotePaths);
      assert.deepEqual(again.local, merged.local);
      assert.deepEqual(again.remote, merged.remote);
      assert.deepEqual(again.added, { local: 0, remote: 0 });
    }),
    RUNS,
  );
});

test('property: convergence — a push, more lines on either side, then syncs reach a fixed point', () => {
  const scenario = fc.tuple(transcripts, fc.array(specArb, { maxLength: 8 }), fc.boolean());
  fc.assert(
    fc.property(scenario, ([{ local, remote }, extraSpecs, localGrows]) => {
      const pushed = mergeTails(local, remote, toLocalPaths, toRemotePaths).remote; // push: the target only
      // Nothing new since the push: the sync brings the source up to the same lines.
      const plain = mergeTails(local, pushed, toLocalPaths, toRemotePaths);
      assert.deepEqual(plain.remote, pushed);
      assert.deepEqual(Buffer.from(toRemotePaths(plain.local.toString())), pushed);
      // New lines on one side after the push (fresh uuids), then two syncs.
      const extra = sides(extraSpecs.map((spec) => ({ ...spec, where: localGrows ? 1 : 2 })), 'new');
      const grownLocal = Buffer.concat([local, extra.local]);
      const grownRemote = Buffer.concat([pushed, extra.remote]);
      const first = mergeTails(grownLocal, grownRemote, toLocalPaths, toRemotePaths);
      const remoteKeys = keys(Buffer.from(toLocalPaths(grownRemote.toString())));
      if (sharedOrderAgrees(keys(grownLocal), remoteKeys)) assert.deepEqual(restrict(keys(first.local), keys(grownLocal)), keys(grownLocal));
      const second = mergeTails(first.local, first.remote, toLocalPaths, toRemotePaths);
      assert.deepEqual(second.local, first.local);
      assert.deepEqual(second.remote, first.remote);
      assert.deepEqual(second.added, { local: 0, remote: 0 });
    }),
    RUNS,
  );
});
