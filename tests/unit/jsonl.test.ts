import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  completeLength,
  firstCwd,
  isAbsoluteCwd,
  parseJsonLine,
  splitCompleteLines,
} from '../../src/claude-format/jsonl.js';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

const completeLengthCases: Array<[string, string, number]> = [
  ['empty', '', 0],
  ['one partial line', '{"a":1}', 0],
  ['one complete line', '{"a":1}\n', 8],
  ['two lines, trailing newline', 'a\nb\n', 4],
  ['complete then partial', 'a\nbc', 2],
  ['only a newline', '\n', 1],
  ['multi-byte before the cut', '{"t":"é"}\n{"t":"é', 11],
];
for (const [name, text, expected] of completeLengthCases) {
  test(`completeLength: ${name}`, () => assert.equal(completeLength(bytes(text)), expected));
}

const splitCases: Array<[string, string, string[]]> = [
  ['empty', '', []],
  ['partial only', 'abc', []],
  ['two complete', 'a\nb\n', ['a', 'b']],
  ['partial tail dropped', 'a\nb', ['a']],
  ['blank line kept as empty', 'a\n\nb\n', ['a', '', 'b']],
  ['CR stays in the line', 'a\r\nb\r\n', ['a\r', 'b\r']],
  ['utf-8 intact', '{"t":"日本"}\n', ['{"t":"日本"}']],
];
for (const [name, text, expected] of splitCases) {
  test(`splitCompleteLines: ${name}`, () => {
    assert.deepEqual(splitCompleteLines(bytes(text)).map((line) => line.toString('utf8')), expected);
  });
}

test('splitCompleteLines returns views whose total matches completeLength', () => {
  const data = bytes('one\ntwo\nthr');
  const lines = splitCompleteLines(data);
  assert.equal(lines.reduce((sum, line) => sum + line.length + 1, 0), completeLength(data));
});

const parseCases: Array<[string, string, boolean]> = [
  ['object', '{"type":"user","uuid":"u1"}', true],
  ['object with surrounding spaces', '  {"a":1}  ', true],
  ['empty object', '{}', true],
  ['array', '[1,2]', false],
  ['number', '42', false],
  ['string', '"text"', false],
  ['null', 'null', false],
  ['boolean', 'true', false],
  ['empty line', '', false],
  ['truncated object', '{"type":"assistant","message":{"id"', false],
  ['two objects on one line', '{"a":1}{"b":2}', false],
  ['garbage', 'not json at all', false],
];
for (const [name, line, ok] of parseCases) {
  test(`parseJsonLine: ${name} → ${ok ? 'ok' : 'reported'}`, () => {
    const parsed = parseJsonLine(line);
    assert.equal(parsed.ok, ok);
    if (!parsed.ok) assert.ok(parsed.error.length > 0);
  });
}

test('parseJsonLine returns the parsed object', () => {
  assert.deepEqual(parseJsonLine('{"type":"summary","summary":"x"}'), {
    ok: true,
    value: { type: 'summary', summary: 'x' },
  });
});

const userLine = (cwd: string): string =>
  JSON.stringify({ parentUuid: null, cwd, sessionId: 's1', type: 'user', message: { role: 'user', content: 'hi' } });

const firstCwdCases: Array<[string, string, string | undefined]> = [
  ['complete line', `${userLine('/home/ana/proj')}\n`, '/home/ana/proj'],
  ['head cut after the cwd, mid-line', userLine('/home/ana/proj').slice(0, 60), '/home/ana/proj'],
  ['head cut inside the cwd value', '{"parentUuid":null,"cwd":"/home/an', undefined],
  ['head cut inside the second line', `{"type":"summary","summary":"s"}\n${userLine('/p/q').slice(0, 40)}`, '/p/q'],
  ['escaped quote in cwd', `${userLine('/tmp/say "hi"')}\n`, '/tmp/say "hi"'],
  ['escaped quote, cut line', userLine('/tmp/a"b').slice(0, 45), '/tmp/a"b'],
  ['\\u escape in cwd', '{"cwd":"/home/caf\\u00e9"}\n', '/home/café'],
  ['raw unicode in cwd', `${userLine('/home/日本/\u{1F600}')}\n`, '/home/日本/\u{1F600}'],
  ['no cwd at all', '{"type":"summary","summary":"s","leafUuid":"u"}\n{"type":"file-history-snapshot"}\n', undefined],
  ['empty head', '', undefined],
  ['relative cwd only', `${userLine('proj')}\n`, undefined],
  ['relative first, absolute later', `${userLine('proj')}\n${userLine('/abs')}\n`, '/abs'],
  ['windows cwd', `${userLine('C:\\Users\\ana\\proj')}\n`, 'C:\\Users\\ana\\proj'],
  ['nested cwd before the line field', '{"message":{"input":{"cwd":"/nested"}},"cwd":"/top"}\n', '/top'],
  ['corrupt first line skipped', `{"cwd":"/bad",\n${userLine('/good')}\n`, '/good'],
  ['cwd in text is not a field', `{"message":"the \\"cwd\\": \\"/fake\\" bit"}\n`, undefined],
  ['cwd in text of a cut line is not a field', `{"message":"the \\"cwd\\": \\"/fake\\" bit`, undefined],
];
for (const [name, head, expected] of firstCwdCases) {
  test(`firstCwd: ${name}`, () => assert.equal(firstCwd(head), expected));
}

const absoluteCases: Array<[string, boolean]> = [
  ['/home/a', true],
  ['C:\\Users\\a', true],
  ['d:/work', true],
  ['\\\\server\\share', true],
  ['proj', false],
  ['./proj', false],
  ['C:proj', false],
  ['', false],
];
for (const [value, expected] of absoluteCases) {
  test(`isAbsoluteCwd(${JSON.stringify(value)}) = ${expected}`, () => assert.equal(isAbsoluteCwd(value), expected));
}
