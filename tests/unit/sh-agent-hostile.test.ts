// A hostile or broken sh remote (issue #3: trust nothing from the wire): malformed records and
// stat lines are protocol errors, listed paths outside the synced areas never reach the
// manifest, write results must answer the ops asked, in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assembleManifest, collectFacts } from '../../src/transport/sh-agent/manifest-assemble.js';
import { parseRecords, type ShRecord } from '../../src/transport/sh-agent/records.js';
import { parseWriteResults } from '../../src/transport/sh-agent/write-results.js';
import type { WriteOp } from '../../src/wire/protocol.js';

const record = (tag: string, text: string): ShRecord => ({ tag, data: Buffer.from(text) });

test('records: a length past the end, a bad head, or garbage is a protocol error', () => {
  assert.deepEqual(parseRecords(Buffer.from('A 3\nabcB 0\n'), 'sh:x'), [record('A', 'abc'), record('B', '')]);
  for (const bad of ['A 9\nabc', 'A x\nabc', 'hello world\n', 'A 3abc', `A ${'9'.repeat(20)}\n`]) {
    assert.throws(() => parseRecords(Buffer.from(bad), 'sh:x'), /malformed record/);
  }
  assert.throws(() => collectFacts([record('L', 'not a stat line\n')], 'sh:x'), /malformed stat line/);
});

const S = '5e5e5e5e-0000-4000-8000-000000000001'; // a session file is named by a lowercase UUID

test('listed paths that escape the synced areas never reach the manifest', () => {
  const stat = (mode: string, path: string): string => `${mode} 10 1700000000.000000000 1 1 ${path}\n`;
  const facts = collectFacts(
    [
      record('H', 'home\t/h\nclaudeDir\t/h/.claude\nplatform\tlinux'),
      record('L', stat('41ed', 'projects/-w') + stat('81a4', `projects/-w/${S}.jsonl`)),
      record('N', `projects/-w/${S}.jsonl`),
      record('C', '{"cwd":"/w"}\n'),
      record('X', '-w'),
      record('T', stat('81a4', `projects/-w/${S}.jsonl`) + stat('41ed', `projects/-w/${S}`) + stat('81a4', `projects/-w/${S}/../../../../etc/passwd`) + stat('41ed', `projects/-w/${S}/..`) + stat('81a4', `projects/-w/${S}/ok.txt`)),
      record('D', `10\t${'a'.repeat(64)}\t-\t${stat('81a4', `projects/-w/${S}.jsonl`).trim()}`),
      record('D', `-\t${'b'.repeat(64)}\t-\t${stat('81a4', `projects/-w/${S}/ok.txt`).trim()}`),
    ],
    'sh:x',
  );
  const retry = { dirs: new Set<string>(), paths: new Set<string>() };
  const manifest = assembleManifest(facts, { scopeRoots: ['/w'], probes: [] }, retry);
  assert.deepEqual(manifest.files.map((file) => file.path), [`projects/-w/${S}.jsonl`, `projects/-w/${S}/ok.txt`]);
  assert.ok(manifest.warnings.some((warning) => warning.includes("'..' segment")));
  assert.equal(retry.dirs.size + retry.paths.size, 0);
});

test('write results that do not answer the ops asked are refused', () => {
  const ops: WriteOp[] = [{ kind: 'remove', path: 'projects/-w/a.jsonl', expect: { any: true }, backup: false }];
  const fp = (): string => 'x';
  assert.deepEqual(parseWriteResults([record('K', 'projects/-w/a.jsonl\t-\t-')], ops, 'sh:x', fp), [{ ok: true, path: 'projects/-w/a.jsonl' }]);
  assert.throws(() => parseWriteResults([record('K', 'projects/-w/other.jsonl\t-\t-')], ops, 'sh:x', fp), /do not match/);
  assert.throws(() => parseWriteResults([], ops, 'sh:x', fp), /0 results for 1 ops/);
  assert.throws(() => parseWriteResults([record('F', 'pwned\tx'), record('F', 'io\tx')], ops, 'sh:x', fp), /do not match/);
});
