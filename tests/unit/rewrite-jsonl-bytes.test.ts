// The byte route of rewriteJsonl (src/mapping/rewrite-jsonl-bytes.ts, issue #11) gives the same
// bytes as rewriting each line with rewriteJsonLine, and the same invalid lines; checked on
// generated transcripts full of the cases where the two could part: prefixes next to non-ASCII
// letters and dots, in keys and identifier fields, after escapes, in invalid lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createPathMap, type MapDirection } from '../../src/mapping/path-map.js';
import { rewriteJsonl, rewriteJsonlInSteps, rewriteJsonLine } from '../../src/mapping/rewrite-jsonl.js';

const map = createPathMap([
  { local: '/Users/alice', remote: '/home/alice' },
  { local: '/Users/alice/proj', remote: '/workspace/runs/x/code' },
  { local: '/Users/zoë/gpu', remote: '/wörk' },
]);

/** The reference: each line through rewriteJsonLine, joined as the old rewriteJsonl did. */
function perLine(data: Buffer, direction: MapDirection): { data: Buffer; invalidLines: number[] } {
  const text = data.toString('utf8');
  const lines = text.split('\n');
  const invalidLines: number[] = [];
  const out = lines.map((line, index) => {
    if (index === lines.length - 1 && line === '') return line;
    const result = rewriteJsonLine(map, line, direction);
    if (result.invalid) invalidLines.push(index + 1);
    return result.line;
  });
  return { data: Buffer.from(out.join('\n'), 'utf8'), invalidLines };
}

const paths = ['/Users/alice', '/Users/alice/proj', '/Users/alice/proj/src/a.ts', '/Users/alice2/x', '/Users/alice/proj.bak', '/Users/alice/proj.', '/Users/zoë/gpu/run', '/home/alice/x', '/workspace/runs/x/code/b', '/wörk/é'];
const glue = ['', ' ', 'é', 'ö', '日', '→', '.', '.é', 'x', '/', ':', 'file://', '\n', '\t', '"', '\\', '\u0001', '😀'];
const fragment = fc.oneof(fc.constantFrom(...paths), fc.constantFrom(...glue), fc.string({ maxLength: 4 }));
const textValue = fc.array(fragment, { maxLength: 6 }).map((parts) => parts.join(''));
const key = fc.oneof(fc.constantFrom('cwd', 'text', 'uuid', 'parentUuid', 'sessionId', 'leafUuid', 'path'), textValue);
const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, textValue, fc.integer(), fc.constant(null), fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(key, tie('value'), { maxKeys: 3 })),
})).value;
const line = fc.oneof(
  { weight: 6, arbitrary: fc.dictionary(key, jsonValue, { maxKeys: 5 }).map((object) => JSON.stringify(object)) },
  { weight: 1, arbitrary: textValue }, // not JSON, or not an object
  { weight: 1, arbitrary: fc.dictionary(key, jsonValue, { maxKeys: 3 }).map((object) => JSON.stringify(object).slice(0, -1)) }, // cut
  { weight: 1, arbitrary: fc.dictionary(key, jsonValue, { maxKeys: 3 }).map((object) => ` ${JSON.stringify(object, null, 1).replace(/\n/g, ' ')}\r`) },
  { weight: 1, arbitrary: fc.constantFrom('{"a":"\\/Users/alice/proj"}', '{"a":"\\u002fUsers/alice"}', '{"a":"x\\n/Users/alice/proj"}', '{"a":"\\\\u0041 /Users/alice"}') },
);

test('rewriteJsonl on bytes = rewriteJsonLine line by line, both directions', () => {
  fc.assert(
    fc.property(fc.array(line, { maxLength: 8 }), fc.boolean(), fc.constantFrom<MapDirection>('toRemote', 'toLocal'), (lines, endsWithNewline, direction) => {
      const data = Buffer.from(lines.join('\n') + (endsWithNewline && lines.length > 0 ? '\n' : ''), 'utf8');
      const expected = perLine(data, direction);
      const actual = rewriteJsonl(map, data, direction);
      assert.deepEqual(actual.invalidLines, expected.invalidLines);
      assert.equal(actual.data.toString('utf8'), expected.data.toString('utf8'));
      assert.ok(actual.data.equals(expected.data));
    }),
    { numRuns: 3000 },
  );
});

test('bytes that are not UTF-8 outside the mapped paths arrive unchanged', () => {
  const data = Buffer.concat([Buffer.from('{"cwd":"/Users/alice/proj","t":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(' /Users/alice/x"}\n')]);
  const result = rewriteJsonl(map, data, 'toRemote');
  const expected = Buffer.concat([Buffer.from('{"cwd":"/workspace/runs/x/code","t":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(' /home/alice/x"}\n')]);
  assert.ok(result.data.equals(expected), result.data.toString('latin1'));
  assert.deepEqual(result.invalidLines, []);
});

// grouped-writes.ts rewrites a first sync's transcripts in steps of whole lines (issue #11):
// the same bytes and the same invalid line numbers as in one go, wherever the steps fall.
test('rewriteJsonlInSteps = rewriteJsonl, for any step size', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(line, { maxLength: 12 }), fc.boolean(), fc.constantFrom<MapDirection>('toRemote', 'toLocal'), fc.integer({ min: 1, max: 300 }), async (lines, endsWithNewline, direction, step) => {
      const data = Buffer.from(lines.join('\n') + (endsWithNewline && lines.length > 0 ? '\n' : ''), 'utf8');
      const whole = rewriteJsonl(map, data, direction);
      const stepped = await rewriteJsonlInSteps(map, data, direction, step);
      assert.deepEqual(stepped.invalidLines, whole.invalidLines);
      assert.ok(stepped.data.equals(whole.data), `${stepped.data.toString('utf8')}\n≠\n${whole.data.toString('utf8')}`);
      // nothing to rewrite: the input itself comes back, not a copy
      if (whole.data === data) assert.equal(stepped.data, data);
    }),
    { numRuns: 1500 },
  );
});

test('rewriteJsonlInSteps numbers invalid lines across steps and keeps an unchanged input as it is', async () => {
  const good = '{"cwd":"/Users/alice/proj","n":1}';
  const data = Buffer.from([good, '{"cut":', good, 'not json', good, ''].join('\n'));
  const stepped = await rewriteJsonlInSteps(map, data, 'toRemote', 10);
  assert.deepEqual(stepped.invalidLines, [2, 4]);
  assert.equal(stepped.data.toString(), [good, '{"cut":', good, 'not json', good, ''].join('\n').replaceAll('/Users/alice/proj', '/workspace/runs/x/code'));
  const untouched = Buffer.from('{"a":1}\n{"b":2}\n{"c":3}\n');
  assert.equal((await rewriteJsonlInSteps(map, untouched, 'toRemote', 4)).data, untouched);
});
