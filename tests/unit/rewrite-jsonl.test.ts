import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createPathMap, rewriteString, type PathMap } from '../../src/mapping/path-map.js';
import { rewriteJsonl, rewriteJsonLine } from '../../src/mapping/rewrite-jsonl.js';

const map = createPathMap([
  { local: '/Users/alice', remote: '/home/alice' },
  { local: '/Users/alice/proj', remote: '/workspace/runs/x/code' },
]);
const SID = '0b7c1a52-3f0e-4d8e-9a51-2f1e6b9d7c11';

function userLine(cwd: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ parentUuid: null, isSidechain: false, cwd, sessionId: SID, type: 'user', uuid: 'u-1', ...extra });
}

test('rewrites cwd, tool inputs and tool-result text; keeps other bytes', () => {
  const line = JSON.stringify({
    type: 'assistant',
    cwd: '/Users/alice/proj',
    message: { content: [{ type: 'tool_use', input: { file_path: '/Users/alice/proj/src/a.ts', command: 'cd /Users/alice/proj && ls ~/x' } }] },
    toolUseResult: { stdout: 'wrote /Users/alice/proj/out.txt\n/Users/alice/.claude/memory ok', n: 1.5, ok: true, none: null },
  });
  const result = rewriteJsonLine(map, line, 'toRemote');
  assert.equal(result.changed, true);
  assert.equal(result.invalid, false);
  assert.equal(result.line, line.replaceAll('/Users/alice/proj', '/workspace/runs/x/code').replaceAll('/Users/alice/.claude', '/home/alice/.claude'));
  assert.equal(rewriteJsonLine(map, result.line, 'toLocal').line, line);
});

test('a line with nothing to rewrite comes back as the original string, even with odd spacing', () => {
  const spaced = '{ "type" : "user",  "cwd":"/opt/other", "n": 1.0 }';
  assert.deepEqual(rewriteJsonLine(map, spaced, 'toRemote'), { line: spaced, changed: false, invalid: false });
  const notMapped = '{"cwd": "/Users/alice2/x", "uuid": "/Users/alice/proj"}';
  assert.deepEqual(rewriteJsonLine(map, notMapped, 'toRemote'), { line: notMapped, changed: false, invalid: false });
});

test('object keys are rewritten in place (file-history snapshot)', () => {
  const line = JSON.stringify({
    type: 'file-history-snapshot',
    messageId: 'm1',
    snapshot: { trackedFileBackups: { 'src/a.ts': { v: 1 }, '/Users/alice/proj/b.ts': { v: 2 }, '/Users/alice/notes.md': { v: 3 } } },
  });
  const result = rewriteJsonLine(map, line, 'toRemote');
  assert.equal(
    result.line,
    JSON.stringify({
      type: 'file-history-snapshot',
      messageId: 'm1',
      snapshot: { trackedFileBackups: { 'src/a.ts': { v: 1 }, '/workspace/runs/x/code/b.ts': { v: 2 }, '/home/alice/notes.md': { v: 3 } } },
    }),
  );
});

test('two keys that would become one keep both entries', () => {
  // Remote /home/alice/proj/x and /workspace/runs/x/code/x both map to /Users/alice/proj/x.
  const line = JSON.stringify({ t: { '/home/alice/proj/x': 1, '/workspace/runs/x/code/x': 2 } });
  const parsed: unknown = JSON.parse(rewriteJsonLine(map, line, 'toLocal').line);
  assert.deepEqual(parsed, { t: { '/Users/alice/proj/x': 1, '/workspace/runs/x/code/x': 2 } });
});

test('uuid, parentUuid, leafUuid and sessionId values are never rewritten, at any depth', () => {
  const p = '/Users/alice/proj';
  const line = JSON.stringify({ uuid: p, parentUuid: p, leafUuid: p, sessionId: p, cwd: p, nested: [{ uuid: p, sessionId: p, path: p }] });
  const parsed: unknown = JSON.parse(rewriteJsonLine(map, line, 'toRemote').line);
  const r = '/workspace/runs/x/code';
  assert.deepEqual(parsed, { uuid: p, parentUuid: p, leafUuid: p, sessionId: p, cwd: r, nested: [{ uuid: p, sessionId: p, path: r }] });
});

test('invalid JSON and non-object lines pass through byte for byte and are reported', () => {
  for (const line of ['{"cwd":"/Users/alice/proj"', '', '[1,2]', '42', 'null', '"/Users/alice/proj"', 'garbage /Users/alice']) {
    assert.deepEqual(rewriteJsonLine(map, line, 'toRemote'), { line, changed: false, invalid: true }, line);
  }
});

test('unknown line types pass through with only paths rewritten', () => {
  const line = JSON.stringify({ type: 'future-thing', weird: { deep: [['/Users/alice/proj/z', 7, { k: false }]] }, relocatedCwd: '/Users/alice/proj' });
  const result = rewriteJsonLine(map, line, 'toRemote');
  assert.equal(result.line, line.replaceAll('/Users/alice/proj', '/workspace/runs/x/code'));
});

test('paths written with \\u or \\/ escapes, or holding quotes and backslashes, are found', () => {
  const escaped = '{"cwd":"\\u002fUsers\\u002falice\\/proj","e":"\\u00e9"}';
  assert.equal(rewriteJsonLine(map, escaped, 'toRemote').line, '{"cwd":"/workspace/runs/x/code","e":"é"}');
  const odd = createPathMap([{ local: '/a/"q"\\b/zoë', remote: '/r' }]);
  const line = JSON.stringify({ cwd: '/a/"q"\\b/zoë/x' });
  assert.equal(rewriteJsonLine(odd, line, 'toRemote').line, '{"cwd":"/r/x"}');
  const asciiOnly = '{"cwd":"/a/\\"q\\"\\\\b/zo\\u00eb/x"}';
  assert.equal(rewriteJsonLine(odd, asciiOnly, 'toRemote').line, '{"cwd":"/r/x"}');
});

test('whitespace around the object (CRLF files) is kept; "__proto__" keys stay data', () => {
  const crlf = `${userLine('/Users/alice/proj')}\r`;
  assert.equal(rewriteJsonLine(map, crlf, 'toRemote').line, `${userLine('/workspace/runs/x/code')}\r`);
  const proto = '{"__proto__":{"cwd":"/Users/alice/proj"},"a":"/Users/alice/proj"}';
  assert.equal(rewriteJsonLine(map, proto, 'toRemote').line, '{"__proto__":{"cwd":"/workspace/runs/x/code"},"a":"/workspace/runs/x/code"}');
  const protoKey = '{"/Users/alice/proj":1,"__proto__":2}';
  assert.equal(rewriteJsonLine(map, protoKey, 'toRemote').line, '{"/workspace/runs/x/code":1,"__proto__":2}');
});

test('renameSessionId renames only a top-level sessionId equal to `from`', () => {
  const rename = { renameSessionId: { from: SID, to: 'fork-1' } };
  const line = userLine('/opt/unmapped', { data: { sessionId: SID } });
  const renamed = rewriteJsonLine(map, line, 'toRemote', rename);
  assert.equal(renamed.changed, true);
  assert.equal(renamed.line, line.replace(`"sessionId":"${SID}"`, '"sessionId":"fork-1"'));
  assert.ok(renamed.line.includes(`"data":{"sessionId":"${SID}"}`));
  const other = userLine('/Users/alice/proj').replace(SID, 'someone-else');
  const otherOut = rewriteJsonLine(map, other, 'toRemote', rename);
  assert.ok(otherOut.line.includes('"sessionId":"someone-else"') && otherOut.line.includes('/workspace/runs/x/code'));
  const summary = '{"type":"summary","summary":"s","leafUuid":"u"}';
  assert.deepEqual(rewriteJsonLine(map, summary, 'toRemote', rename), { line: summary, changed: false, invalid: false });
});

test('rewriteJsonl: per-line rewrite, unchanged bytes kept, invalid lines reported 1-based', () => {
  const invalidUtf8 = Buffer.from([0x7b, 0x22, 0x78, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]); // {"x":"\xff\xfe"}
  const data = Buffer.concat([
    Buffer.from(`${userLine('/Users/alice/proj')}\n`),
    invalidUtf8,
    Buffer.from('\n{broken\n{"type":"summary","summary":"x"}\n\n'),
  ]);
  const result = rewriteJsonl(map, data, 'toRemote');
  assert.deepEqual(result.invalidLines, [3, 5]);
  const expected = Buffer.concat([
    Buffer.from(`${userLine('/workspace/runs/x/code')}\n`),
    invalidUtf8,
    Buffer.from('\n{broken\n{"type":"summary","summary":"x"}\n\n'),
  ]);
  assert.ok(result.data.equals(expected));
  const back = rewriteJsonl(map, result.data, 'toLocal');
  assert.ok(back.data.equals(data));
  const untouched = Buffer.from('{"a":1}\n{"cwd":"/opt"}\n');
  assert.equal(rewriteJsonl(map, untouched, 'toRemote').data, untouched);
  assert.deepEqual(rewriteJsonl(map, Buffer.alloc(0), 'toRemote'), { data: Buffer.alloc(0), invalidLines: [] });
});

test('rewriteJsonl: renameSessionId applies to every line', () => {
  const data = Buffer.from(`${userLine('/Users/alice/proj')}\n${userLine('/Users/alice')}\n`);
  const out = rewriteJsonl(map, data, 'toRemote', { renameSessionId: { from: SID, to: 'F' } }).data.toString();
  assert.equal(out, `${userLine('/workspace/runs/x/code').replace(SID, 'F')}\n${userLine('/home/alice').replace(SID, 'F')}\n`);
});

// ---- property: JSON lines round-trip ----

function pathText(prefixes: readonly string[]): fc.Arbitrary<string> {
  const segment = fc.oneof(fc.stringMatching(/^[a-z0-9_-]{1,6}$/), fc.constantFrom('src', 'proj', 'proj2', 'my dir', 'zoë', '.claude'));
  const path = fc
    .tuple(fc.constantFrom(...prefixes), fc.array(segment, { maxLength: 3 }))
    .map(([prefix, segments]) => [prefix, ...segments].join('/'));
  const filler = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(' ', '\n', '"', 'cd ', '=', ':', '\\', '\u001b[0m'));
  return fc.array(fc.oneof(path, filler), { minLength: 1, maxLength: 5 }).map((parts) => parts.join(''));
}

function jsonObjects(prefixes: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const text = pathText(prefixes);
  const key = fc.oneof(fc.string({ maxLength: 6 }), text, fc.constantFrom('uuid', 'parentUuid', 'sessionId', 'leafUuid', 'cwd', '__proto__', '0'));
  const leaf = fc.oneof(fc.jsonValue({ maxDepth: 1 }), text, fc.string({ unit: 'binary', maxLength: 6 }));
  const { tree } = fc.letrec<{ tree: unknown; object: Record<string, unknown>; array: unknown[] }>((tie) => ({
    tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('object'), tie('array')),
    object: fc.dictionary(key, tie('tree'), { maxKeys: 5 }),
    array: fc.array(tie('tree'), { maxLength: 4 }),
  }));
  return fc.dictionary(key, tree, { minKeys: 1, maxKeys: 8 });
}

function checkRoundTrip(pathMap: PathMap, prefixes: readonly string[], there: 'toRemote' | 'toLocal'): void {
  const back = there === 'toRemote' ? 'toLocal' : 'toRemote';
  // Precondition: the other side's prefixes do not occur (a line already in this side's form).
  const lines = jsonObjects(prefixes)
    .map((object) => JSON.stringify(object))
    .filter((line) => !rewriteJsonLine(pathMap, line, back).changed);
  fc.assert(
    fc.property(lines, (line) => {
      const out = rewriteJsonLine(pathMap, line, there);
      assert.equal(out.invalid, false);
      const returned = rewriteJsonLine(pathMap, out.line, back).line;
      assert.deepEqual(JSON.parse(returned), JSON.parse(line));
      assert.equal(returned, line); // produced by JSON.stringify, so byte for byte too
    }),
    { numRuns: 400 },
  );
}

test('rewriteJsonLine round trip on generated objects, local form (home + project map)', () => {
  checkRoundTrip(map, ['/Users/alice', '/Users/alice/proj'], 'toRemote');
});

test('rewriteJsonLine round trip on generated objects, both forms (disjoint map)', () => {
  const disjoint = createPathMap([
    { local: '/Users/alice/proj', remote: '/workspace/runs/x/code' },
    { local: '/Users/alice/My Data', remote: '/mnt/dätä' },
  ]);
  checkRoundTrip(disjoint, ['/Users/alice/proj', '/Users/alice/My Data'], 'toRemote');
  checkRoundTrip(disjoint, ['/workspace/runs/x/code', '/mnt/dätä'], 'toLocal');
});

// ---- property: the raw-line route gives the bytes of parse → walk → stringify ----

const IDENTIFIERS = new Set(['uuid', 'parentUuid', 'leafUuid', 'sessionId']);

/** The brief's model, written plainly: every string and key rewritten, identifiers kept. */
function referenceRewrite(pathMap: PathMap, line: string, direction: 'toRemote' | 'toLocal'): string {
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return rewriteString(pathMap, value, direction);
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value !== 'object' || value === null) return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const mapped = rewriteString(pathMap, key, direction);
      const target = Object.hasOwn(out, mapped) ? key : mapped;
      Object.defineProperty(out, target, { value: IDENTIFIERS.has(key) ? item : walk(item), enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  return JSON.stringify(walk(JSON.parse(line)));
}

test('rewriteJsonLine equals the plain parse → walk → stringify model on JSON.stringify lines', () => {
  const tricky = fc.constantFrom('\n', '\t', '\b', '\f', '\r', '\u001b[1m', '\\', '\\n', '"', 'file://', '\u0000', '\ud800', '😀', '𠀀', 'é', ' ', '.', '-');
  const prefixes = ['/Users/alice', '/Users/alice/proj', '/home/alice', '/workspace/runs/x/code', '/home/alice/proj'];
  const text = fc
    .array(fc.oneof(fc.constantFrom(...prefixes), tricky, fc.stringMatching(/^[a-z/]{1,5}$/)), { minLength: 1, maxLength: 8 })
    .map((parts) => parts.join(''));
  const key = fc.oneof(text, fc.constantFrom('uuid', 'sessionId', 'leafUuid', 'parentUuid', 'cwd', '__proto__'));
  const { value } = fc.letrec<{ value: unknown; object: Record<string, unknown> }>((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.constant(null), fc.array(tie('value'), { maxLength: 3 }), tie('object')),
    object: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  }));
  const lines = fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 }).map((object) => JSON.stringify(object));
  fc.assert(
    fc.property(lines, fc.constantFrom<'toRemote' | 'toLocal'>('toRemote', 'toLocal'), (line, direction) => {
      assert.equal(rewriteJsonLine(map, line, direction).line, referenceRewrite(map, line, direction));
    }),
    { numRuns: 1500 },
  );
});

test('raw-line route: escaped control chars before a path, literal backslashes, spacing kept', () => {
  const out = (value: string): string => rewriteJsonLine(map, JSON.stringify({ t: value }), 'toRemote').line;
  assert.equal(out('a\n/Users/alice/proj/x'), JSON.stringify({ t: 'a\n/workspace/runs/x/code/x' }));
  assert.equal(out('\u001b/Users/alice/proj'), JSON.stringify({ t: '\u001b/workspace/runs/x/code' }));
  assert.equal(out('\u001b[0m/Users/alice/proj'), JSON.stringify({ t: '\u001b[0m/Users/alice/proj' })); // "m" is a path char
  assert.equal(out('\\n/Users/alice/proj'), JSON.stringify({ t: '\\n/Users/alice/proj' })); // "n/…" is inside a path
  assert.equal(out('C:\\/Users/alice/proj'), JSON.stringify({ t: 'C:\\/workspace/runs/x/code' }));
  const spaced = '{ "cwd" : "/Users/alice/proj" , "n" : 1.50 }';
  assert.equal(rewriteJsonLine(map, spaced, 'toRemote').line, '{ "cwd" : "/workspace/runs/x/code" , "n" : 1.50 }');
});

// issue #13, defect 5: invalid UTF-8 must not come back as U+FFFD
test('a line with invalid UTF-8 keeps every byte outside the mapped paths (raw route and walk)', () => {
  const odd = Buffer.from([0x61, 0xff, 0xfe, 0xe2, 0x82, 0x62]);
  const build = (cwd: string, key: string): Buffer => {
    const [before = '', middle = '', end = ''] = JSON.stringify({ type: 'user', cwd, text: 'ODD', snapshot: { [key]: 'ODD' } }).split('ODD');
    return Buffer.concat([Buffer.from(before), odd, Buffer.from(middle), odd, Buffer.from(`${end}\n`)]);
  };
  for (const key of ['plain-key', '/Users/alice/proj/a.ts']) {
    const local = build('/Users/alice/proj', key);
    const remote = build('/workspace/runs/x/code', key.replace('/Users/alice/proj', '/workspace/runs/x/code'));
    const sent = rewriteJsonl(map, Buffer.concat([local, local]), 'toRemote');
    assert.deepEqual(sent.invalidLines, []);
    assert.deepEqual(sent.data, Buffer.concat([remote, remote]), `key ${key}`);
    assert.deepEqual(rewriteJsonl(map, remote, 'toLocal').data, local, `back, key ${key}`);
  }
});
