import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeProjectDir, javaStringHash } from '../../src/claude-format/encode-project-dir.js';

// Independent reference for Java's String.hashCode: exact BigInt arithmetic mod 2^32, then
// read as signed 32-bit. Deliberately not the shift trick the implementation uses.
function referenceJavaHash(text: string): number {
  let hash = 0n;
  for (let i = 0; i < text.length; i++) hash = (hash * 31n + BigInt(text.charCodeAt(i))) % 2n ** 32n;
  return Number(BigInt.asIntN(32, hash));
}
const referenceSuffix = (text: string): string => Math.abs(referenceJavaHash(text)).toString(36);

const NFC_E = '\u00e9';
const NFD_E = 'e\u0301';

const vectors: Array<[string, string, string, string]> = [
  // [case, platform, input, expected]
  ['plain', 'linux', '/home/ana/proj', '-home-ana-proj'],
  ['case kept, digits kept', 'linux', '/Users/Ana/Proj2', '-Users-Ana-Proj2'],
  ['dots', 'linux', '/home/ana/.config/my.app', '-home-ana--config-my-app'],
  ['underscores', 'linux', '/srv/my_proj__x', '-srv-my-proj--x'],
  ['spaces, no collapsing', 'linux', '/a/b  c', '-a-b--c'],
  ['hyphen stays hyphen', 'linux', '/a/b-c', '-a-b-c'],
  ['trailing slash', 'linux', '/a/', '-a-'],
  ['é NFC on linux', 'linux', `/caf${NFC_E}`, '-caf-'],
  ['é NFD on linux: two code units', 'linux', `/caf${NFD_E}`, '-cafe-'],
  ['é NFC on darwin', 'darwin', `/caf${NFC_E}`, '-caf-'],
  ['é NFD on darwin: NFC first', 'darwin', `/caf${NFD_E}`, '-caf-'],
  ['é NFD on win32: not normalised', 'win32', `/caf${NFD_E}`, '-cafe-'],
  ['emoji is a surrogate pair', 'linux', '/a/\u{1F600}/b', '-a----b'],
  ['CJK one unit each', 'linux', '/日本', '---'],
  ['windows drive path', 'win32', 'C:\\Users\\x', 'C--Users-x'],
  ['windows path with dots and spaces', 'win32', 'C:\\Program Files\\a.b', 'C--Program-Files-a-b'],
  ['empty', 'linux', '', ''],
];

for (const [name, platform, input, expected] of vectors) {
  test(`encodeProjectDir: ${name}`, () => assert.equal(encodeProjectDir(input, platform), expected));
}

test('javaStringHash: values known from Java', () => {
  assert.equal(javaStringHash(''), 0);
  assert.equal(javaStringHash('a'), 97);
  assert.equal(javaStringHash('hello'), 99162322);
  assert.equal(javaStringHash('Hello World'), -862545276);
  // Famous: hashes to Integer.MIN_VALUE; JS Math.abs makes it positive (Java's would not).
  assert.equal(javaStringHash('polygenelubricants'), -2147483648);
});

test('javaStringHash agrees with the BigInt reference on arbitrary strings', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => javaStringHash(text) === referenceJavaHash(text)));
});

test('exactly 200 characters: no suffix', () => {
  const input = '/' + 'a'.repeat(199);
  assert.equal(input.length, 200);
  assert.equal(encodeProjectDir(input, 'linux'), '-' + 'a'.repeat(199));
});

test('201 characters: first 200, "-", base-36 |hash| of the raw path', () => {
  const input = '/' + 'a'.repeat(200);
  const encoded = encodeProjectDir(input, 'linux');
  assert.equal(encoded, `-${'a'.repeat(199)}-${referenceSuffix(input)}`);
});

test('long path: the hash covers the whole path, not the cut name', () => {
  const base = '/home/ana/' + 'deep/'.repeat(50);
  const one = encodeProjectDir(base + 'one', 'linux');
  const two = encodeProjectDir(base + 'two', 'linux');
  assert.equal(one.slice(0, 200), two.slice(0, 200));
  assert.notEqual(one, two);
  assert.equal(one, `${base.replace(/[^A-Za-z0-9]/g, '-').slice(0, 200)}-${referenceSuffix(base + 'one')}`);
});

test('long path whose hash is Integer.MIN_VALUE gets a positive suffix', () => {
  // 'polygenelubricants' hashes to -2^31; prefixing by a string whose hash is 0 keeps the
  // hash, since hash(a+b) = hash(a)*31^len(b) + hash(b). '\0'.repeat(n) hashes to 0.
  const input = '\0'.repeat(190) + 'polygenelubricants';
  assert.equal(referenceJavaHash(input), -2147483648);
  assert.equal(encodeProjectDir(input, 'linux'), `${'-'.repeat(190)}polygenelu-zik0zk`);
});

test('long NFD path on darwin hashes the NFC form; on linux the raw form', () => {
  const nfd = '/' + `caf${NFD_E}/`.repeat(50);
  const nfc = nfd.normalize('NFC');
  assert.equal(encodeProjectDir(nfd, 'darwin'), encodeProjectDir(nfc, 'linux'));
  assert.ok(encodeProjectDir(nfd, 'darwin').endsWith(`-${referenceSuffix(nfc)}`));
  assert.ok(encodeProjectDir(nfd, 'linux').endsWith(`-${referenceSuffix(nfd)}`));
  assert.notEqual(referenceSuffix(nfc), referenceSuffix(nfd));
});

test('property: only [A-Za-z0-9-]; short names keep their length; long ones are 200 + "-" + hash', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (input) => {
      const encoded = encodeProjectDir(input, 'linux');
      assert.match(encoded, /^[A-Za-z0-9-]*$/);
      if (input.length <= 200) assert.equal(encoded.length, input.length);
      else assert.equal(encoded, `${encoded.slice(0, 200)}-${referenceSuffix(input)}`);
    }),
  );
});
