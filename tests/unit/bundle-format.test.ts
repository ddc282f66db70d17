// The bundle file (src/bundle/bundle-format.ts): encode → read gives the same files back, byte
// for byte (text, a partial-free transcript, binary, an empty file, a BOM); and each kind of bad
// input is one ExitError with a clear reason — not a bundle, a newer version, truncated anywhere,
// edited, an entry path outside its session, a duplicate, a count that does not add up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUNDLE_VERSION, type BundleFile, type BundleHeader } from '../../src/bundle/bundle-format.js';
import { readBundle } from '../../src/bundle/read-bundle.js';
import { encodeBundle, trailerFor } from '../../src/bundle/write-bundle.js';
import { ExitError } from '../../src/errors.js';
import { makeTranscript } from '../helpers/transcripts.js';

const SID = '11111111-2222-4333-8444-555555555555';
const PROJECT = '/home/alice/proj';

const header: BundleHeader = {
  format: 'ccsync-bundle',
  version: BUNDLE_VERSION,
  createdAt: '2026-12-01T00:00:00.000Z',
  ccsyncVersion: '0.1.0',
  claudeCodeVersion: '2.1.197',
  originalPaths: { projectRoot: PROJECT, home: '/home/alice', claudeDir: '/home/alice/.claude' },
  sessions: [SID],
  redacted: true,
};

const files: BundleFile[] = [
  { file: `file-history/${SID}/0123456789abcdef@v1`, session: SID, mode: 0o600, mtimeMs: 1_700_000_000_123, data: Buffer.from('\uFEFFexport const x = 1;\r\nno final newline') },
  { file: `${SID}.jsonl`, project: PROJECT, session: SID, mode: 0o600, mtimeMs: 1_700_000_000_000.5, data: Buffer.from(makeTranscript(SID, PROJECT, 2)) },
  { file: `${SID}/tool-results/out.bin`, project: PROJECT, session: SID, mode: 0o600, mtimeMs: 1, data: Buffer.from([0, 1, 2, 0xff, 0xfe]) },
  { file: `tasks/${SID}/empty.json`, session: SID, mode: 0o700, mtimeMs: 2, data: Buffer.alloc(0) },
];

function expectRefused(data: Buffer | string, pattern: RegExp): void {
  assert.throws(() => readBundle(Buffer.isBuffer(data) ? data : Buffer.from(data), 'b.ccsync'), (error: unknown) => {
    assert.ok(error instanceof ExitError, String(error));
    assert.match(error.message, pattern);
    assert.ok(!error.message.includes('\n'), 'one line');
    return true;
  });
}

/** A bundle whose body is `lines` with a correct trailer (to test checks beyond the checksum). */
function sealed(lines: readonly string[], entries: number): string {
  const body = `${lines.join('\n')}\n`;
  return `${body}${JSON.stringify(trailerFor(body, entries, lines.length))}\n`;
}

test('round trip: every file comes back byte for byte, in a stable order', () => {
  const text = encodeBundle(header, files);
  assert.equal(encodeBundle(header, [...files].reverse()), text, 'order of the input does not matter');
  const bundle = readBundle(Buffer.from(text), 'b');
  assert.deepEqual(bundle.header, header);
  const byName = new Map(bundle.files.map((file) => [file.file, file]));
  for (const file of files) assert.deepEqual(byName.get(file.file), file);
  const lines = text.split('\n');
  const transcriptParts = makeTranscript(SID, PROJECT, 2).split('\n').length;
  // header; file-history entry + its 2 lines; transcript entry + its parts; binary entry; empty file entry + 1 line; trailer; ''
  assert.equal(lines.length, 1 + 3 + (1 + transcriptParts) + 1 + 2 + 1 + 1);
  for (const line of lines.slice(0, -1)) assert.doesNotThrow(() => JSON.parse(line));
});

test('not a bundle, or from a newer ccsync: refused before anything else is read', () => {
  expectRefused('', /not a ccsync bundle/);
  expectRefused('{"hello":1}\n', /not a ccsync bundle/);
  expectRefused(makeTranscript(SID, PROJECT, 1), /not a ccsync bundle/);
  const newer = encodeBundle(header, files).replace('"version":1', '"version":2');
  expectRefused(newer, /format version 2, made by a newer ccsync.*upgrade ccsync/);
});

test('truncated anywhere, or edited: refused', () => {
  const text = Buffer.from(encodeBundle(header, files));
  for (const cut of [text.length - 1, text.length - 40, Math.floor(text.length / 2), text.indexOf(0x0a) + 1, 400]) {
    expectRefused(text.subarray(0, cut), /not a complete ccsync bundle/);
  }
  const lines = text.toString('utf8').split('\n');
  expectRefused(lines.slice(0, -2).join('\n') + '\n', /end marker is missing: truncated/);
  expectRefused(text.toString('utf8').replace('prompt 1', 'prompt X'), /checksum does not match/);
});

test('entries that do not add up, or that point outside their session: refused', () => {
  const text = encodeBundle(header, files);
  const lines = text.split('\n').slice(0, -2); // without the trailer and the final ''
  const entryLine = (file: string, extra: Record<string, unknown> = {}): string =>
    JSON.stringify({ file, session: SID, mode: 384, mtimeMs: 1, encoding: 'base64', content: 'AAE=', ...extra });
  expectRefused(sealed(lines, files.length + 1), /holds 4 files, its end marker says 5/);
  expectRefused(sealed([...lines, entryLine('../../.ssh/authorized_keys')], files.length + 1), /'\.\.' segment|outside the synced areas/);
  expectRefused(sealed([...lines, entryLine('history.jsonl')], files.length + 1), /outside the synced areas|not a file of session/);
  expectRefused(sealed([...lines, entryLine(`file-history/${SID.replace('1', '9')}/x@v1`)], files.length + 1), /not a file of session/);
  expectRefused(sealed([...lines, entryLine(`other.jsonl`, { project: PROJECT })], files.length + 1), /not a file of session/);
  expectRefused(sealed([...lines, entryLine(`tasks/${SID}/empty.json`)], files.length + 1), /appears twice/);
  expectRefused(sealed([...lines, entryLine(`tasks/${SID}/a`, { mode: 'rw' })], files.length + 1), /mode/);
  expectRefused(sealed([lines[0] ?? '', ...lines.slice(1).filter((line) => !line.includes(`"${SID}.jsonl"`))], files.length), /holds|line \d+/);
  const textEntry = lines.findIndex((line) => line.includes('"encoding":"text"'));
  const fewer = lines.filter((_, index) => index !== textEntry + 1);
  expectRefused(sealed(fewer, files.length), /line \d+/);
  const noTranscript = encodeBundle(header, files.filter((file) => !file.file.endsWith('.jsonl')));
  expectRefused(noTranscript, /transcript is missing/);
});
