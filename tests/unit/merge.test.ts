import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mergeTails } from '../../src/sync/merge.js';

const same = (line: string): string => line;
const toRemotePaths = (line: string): string => line.replaceAll('/home/alice', '/Users/alice');
const toLocalPaths = (line: string): string => line.replaceAll('/Users/alice', '/home/alice');

function ts(second: number): string {
  return `2026-03-01T10:00:${String(second).padStart(2, '0')}.000Z`;
}
function line(fields: Record<string, unknown>): string {
  return `${JSON.stringify(fields)}\n`;
}
function buf(...lines: string[]): Buffer {
  return Buffer.from(lines.join(''));
}
function lines(data: Buffer): string[] {
  return data.toString('utf8').split('\n').slice(0, -1);
}
/** A line's uuid, else its bytes: for comparing sequences across sides. */
function keyOf(text: string): string {
  const value = parse(text);
  return typeof value?.uuid === 'string' && value.uuid !== '' ? `u:${value.uuid}` : `b:${text}`;
}
function parse(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : undefined;
  } catch {
    return undefined;
  }
}
function keys(data: Buffer): string[] {
  return lines(data).map(keyOf);
}
function counts(items: string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const item of items) map.set(item, (map.get(item) ?? 0) + 1);
  return map;
}
/** Known by key (uuid or timestamp) rather than by bytes and place. */
function keyed(text: string): boolean {
  const value = parse(text);
  return (typeof value?.uuid === 'string' && value.uuid !== '') || (typeof value?.timestamp === 'string' && value.timestamp !== '');
}

// --- examples -------------------------------------------------------------------------------

const a = line({ uuid: 'a', parentUuid: null, timestamp: ts(1), type: 'user', cwd: '/home/alice/p' });
const b = line({ uuid: 'b', parentUuid: 'a', timestamp: ts(2), type: 'assistant' });
const c = line({ uuid: 'c', parentUuid: 'a', timestamp: ts(3), type: 'user' });
const d = line({ uuid: 'd', parentUuid: 'b', timestamp: ts(4), type: 'assistant' });
const title = line({ type: 'custom-title', customTitle: 'x' });
const summary = line({ type: 'summary', summary: 's', leafUuid: 'd' });

test('mergeTails: disjoint tails interleave by timestamp, each side gains the other\'s lines', () => {
  const merged = mergeTails(buf(b, d), buf(c), same, same);
  assert.deepEqual(lines(merged.local), lines(buf(b, c, d)));
  assert.deepEqual(merged.remote, merged.local);
  assert.deepEqual(merged.added, { local: 1, remote: 2 });
});

test('mergeTails: a line without a timestamp stays right after the line it followed', () => {
  const merged = mergeTails(buf(b, title, d), buf(c, summary), same, same);
  assert.deepEqual(lines(merged.local), lines(buf(b, title, c, summary, d)));
});

test('mergeTails: lines before any timestamped line come first', () => {
  const merged = mergeTails(buf(title, b), buf(c), same, same);
  assert.deepEqual(lines(merged.local), lines(buf(title, b, c)));
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
  const out = lines(merged.local);
  assert.equal(out.filter((text) => text === broken.trimEnd()).length, 1);
  assert.equal(out.filter((text) => text === title.trimEnd()).length, 2);
  assert.deepEqual(merged.local, merged.remote);
  assert.deepEqual(merged.added, { local: 1, remote: 2 }); // local gains c; remote the broken line and a second title
});

test('mergeTails: equal lines without uuid or timestamp after different lines are both kept', () => {
  // Which of them is "the same line" cannot be told; keeping both loses nothing.
  const merged = mergeTails(buf(b, title), buf(c, title), same, same);
  assert.deepEqual(lines(merged.local), lines(buf(b, title, c, title)));
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

// --- properties ------------------------------------------------------------------------------

interface Spec {
  uuid: boolean;
  second: number | undefined;
  invalid: boolean;
  text: string;
  /** 0 shared, 1 local only, 2 remote only */
  where: number;
}

const specArb: fc.Arbitrary<Spec> = fc.record({
  uuid: fc.boolean(),
  second: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }),
  invalid: fc.boolean(),
  text: fc.constantFrom('hi', 'ok', 'run ls', '/home/alice/p/x.ts'),
  where: fc.integer({ min: 0, max: 2 }),
});

/** Render spec i on one side: valid lines carry the side's form of the paths. */
function render(spec: Spec, index: number, side: 'local' | 'remote'): string {
  const text = side === 'remote' ? toRemotePaths(spec.text) : spec.text;
  if (spec.invalid && !spec.uuid) return `{"type":"user","broken":"${text}\n`;
  const fields: Record<string, unknown> = { type: 'user', message: text };
  if (spec.uuid) Object.assign(fields, { uuid: `id-${index}`, parentUuid: index > 0 ? `id-${index - 1}` : null });
  if (spec.second !== undefined) fields.timestamp = ts(spec.second);
  fields.cwd = side === 'remote' ? '/Users/alice/p' : '/home/alice/p';
  return line(fields);
}

function sides(specs: Spec[]): { local: Buffer; remote: Buffer } {
  const local = specs.flatMap((spec, i) => (spec.where !== 2 ? [render(spec, i, 'local')] : []));
  const remote = specs.flatMap((spec, i) => (spec.where !== 1 ? [render(spec, i, 'remote')] : []));
  return { local: Buffer.from(local.join('')), remote: Buffer.from(remote.join('')) };
}

const transcripts = fc.array(specArb, { maxLength: 40 }).map(sides);
const shuffled = fc
  .tuple(fc.array(specArb, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 30 }))
  .map(([specs, order]) => {
    const pair = sides(specs);
    // The remote's lines in another order: the two copies disagree on order.
    const remoteLines = lines(pair.remote).map((text, i) => ({ text, rank: order[i] ?? i }));
    remoteLines.sort((x, y) => x.rank - y.rank);
    return { local: pair.local, remote: Buffer.from(remoteLines.map((entry) => `${entry.text}\n`).join('')) };
  });

const identityCase = (pair: { local: Buffer; remote: Buffer }) => ({ local: Buffer.from(toLocalPaths(pair.local.toString())), remote: Buffer.from(toLocalPaths(pair.remote.toString())) });

test('property: no line lost, no key duplicated (a key appears as often as on the side with more)', () => {
  fc.assert(
    fc.property(fc.oneof(transcripts, shuffled).map(identityCase), ({ local, remote }) => {
      const merged = mergeTails(local, remote, same, same);
      const fromLocal = counts(lines(local));
      const fromRemote = counts(lines(remote));
      for (const out of [merged.local, merged.remote]) {
        const got = counts(lines(out));
        for (const [text, n] of [...fromLocal, ...fromRemote]) assert.ok((got.get(text) ?? 0) >= n, `kept: ${text}`);
        for (const [text, n] of got) {
          const most = Math.max(fromLocal.get(text) ?? 0, fromRemote.get(text) ?? 0);
          if (keyed(text)) assert.equal(n, most, `a keyed line as often as on the side with more: ${text}`);
          else assert.ok(n <= (fromLocal.get(text) ?? 0) + (fromRemote.get(text) ?? 0));
        }
        const uuids = keys(out).filter((key) => key.startsWith('u:'));
        assert.equal(new Set(uuids).size, uuids.length, 'a uuid appears once');
      }
    }),
    { numRuns: 300 },
  );
});

test('property: symmetric — swapping the sides gives the same key sequence', () => {
  fc.assert(
    fc.property(fc.oneof(transcripts, shuffled).map(identityCase), ({ local, remote }) => {
      const forward = mergeTails(local, remote, same, same);
      const backward = mergeTails(remote, local, same, same);
      assert.deepEqual(keys(forward.local), keys(backward.local));
      assert.deepEqual(forward.local, backward.remote);
      assert.deepEqual(forward.remote, backward.local);
    }),
    { numRuns: 300 },
  );
});

test('property: idempotent — merging the output with itself or with either input changes nothing', () => {
  fc.assert(
    fc.property(transcripts.map(identityCase), ({ local, remote }) => {
      const merged = mergeTails(local, remote, same, same).local;
      for (const other of [merged, local, remote]) {
        const again = mergeTails(merged, other, same, same);
        assert.deepEqual(again.local, merged);
        assert.equal(again.added.local, 0);
        assert.deepEqual(mergeTails(other, merged, same, same).remote, merged);
      }
    }),
    { numRuns: 300 },
  );
});

test('property: a side already holding every line in canonical order comes out byte-identical', () => {
  fc.assert(
    fc.property(transcripts.map(identityCase), ({ local, remote }) => {
      const merged = mergeTails(local, remote, same, same);
      if (keys(merged.local).join('\n') === keys(local).join('\n')) {
        assert.deepEqual(merged.local, local);
        assert.equal(merged.added.local, 0);
      }
      // The canonical output itself is such a side.
      assert.deepEqual(mergeTails(merged.local, remote, same, same).local, merged.local);
    }),
    { numRuns: 300 },
  );
});

test('property: with path conversion each side stays in its own form and both hold the same lines', () => {
  fc.assert(
    fc.property(transcripts, ({ local, remote }) => {
      const merged = mergeTails(local, remote, toLocalPaths, toRemotePaths);
      assert.ok(!merged.local.toString().includes('/Users/alice'));
      assert.ok(!merged.remote.toString().includes('/home/alice'));
      assert.deepEqual(Buffer.from(toLocalPaths(merged.remote.toString())), merged.local);
      // converging: a second merge of the two outputs writes nothing
      const again = mergeTails(merged.local, merged.remote, toLocalPaths, toRemotePaths);
      assert.deepEqual(again.local, merged.local);
      assert.deepEqual(again.remote, merged.remote);
      assert.deepEqual(again.added, { local: 0, remote: 0 });
    }),
    { numRuns: 300 },
  );
});
