// One `--json` convention for every command (issue #10; README, "--json"): exactly one JSON
// document on stdout; a dry run has the same shape as the real run, with objects (not display
// lines) and the planned byte counts filled in; on an error the document is
// {"error":{"message","kind","exitCode"}} and the exit code is the usual one; every document is
// printed the same way (two-space indent).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { z } from 'zod';
import { makeTranscriptLines, seededUuid, toJsonl } from '../helpers/transcripts.js';
import { makePair, put, transcriptPath, type Pair } from './transfer-harness.js';
import type { CliResult } from './cli-harness.js';

const errorSchema = z.strictObject({ error: z.strictObject({ message: z.string(), kind: z.enum(['error', 'usage', 'conflicts', 'internal', 'interrupted']), exitCode: z.number() }) });

/** stdout is one JSON document (an object), nothing before or after it */
function documentOf(out: CliResult, what: string): Record<string, unknown> {
  let parsed: unknown;
  assert.doesNotThrow(() => (parsed = JSON.parse(out.stdout)), `${what}: stdout is not one JSON document:\n${out.stdout}`);
  assert.ok(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed), `${what}: the document is an object`);
  // one spacing for every command's document, errors included (src/cli/output.ts, jsonDocument)
  assert.equal(out.stdout, `${JSON.stringify(parsed, null, 2)}\n`, `${what}: printed as every other --json document`);
  return z.record(z.string(), z.unknown()).parse(parsed);
}

function keysDeep(value: unknown): string[] {
  if (Array.isArray(value)) return [...new Set(value.flatMap((item) => keysDeep(item).map((key) => `[]${key}`)))].sort();
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => [key, ...keysDeep(inner).map((sub) => `${key}.${sub}`)]).sort();
}

function json(p: Pair, args: string[], status = 0): Record<string, unknown> {
  const out = p.run([...args, '--json']);
  assert.equal(out.status, status, `ccsync ${args.join(' ')} --json: ${out.stderr}`);
  return documentOf(out, args.join(' '));
}

test('a dry run and the real run print the same shape; planned bytes are filled in; config items are objects', async () => {
  const p = await makePair();
  try {
    const sid = seededUuid('json-shape');
    const body = toJsonl(makeTranscriptLines(sid, p.L, 3, { title: 'Shape' }));
    put(transcriptPath(p.localClaude, p.L, sid), body);
    put(join(p.localClaude, 'settings.json'), '{\n  "model": "opus"\n}\n');
    put(join(p.localClaude, 'CLAUDE.md'), '# notes\n');
    const dry = json(p, ['push', 'b', '--config', '--dry-run']);
    const real = json(p, ['push', 'b', '--config']);
    assert.deepEqual(keysDeep(dry).filter((key) => !key.startsWith('config.[]detail')), keysDeep(real).filter((key) => !key.startsWith('config.[]detail')));
    const actions = z.array(z.object({ key: z.string(), status: z.string(), bytes: z.number() }));
    const planned = actions.parse(dry['actions']);
    const done = actions.parse(real['actions']);
    assert.deepEqual(planned.map((action) => [action.key, action.status]), [[`${sid}.jsonl`, 'planned']]);
    assert.equal(planned[0]?.bytes, Buffer.byteLength(body), 'the planned bytes of a copy');
    assert.ok((done[0]?.bytes ?? 0) > 0, 'the bytes written (after the path rewrite, so not exactly the planned count)');
    assert.equal(dry['bytesWritten'], 0, 'a dry run writes nothing');
    assert.equal(dry['bytesPlanned'], real['bytesPlanned']);
    const config = z.array(z.object({ area: z.string(), path: z.string(), status: z.string() }));
    const view = (doc: Record<string, unknown>): string[][] => config.parse(doc['config']).filter((item) => item.area !== 'history').map((item) => [item.area, item.path, item.status]);
    assert.deepEqual(view(dry), [['config', 'CLAUDE.md', 'planned'], ['settings', 'settings.json', 'planned']]);
    assert.deepEqual(view(real), [['config', 'CLAUDE.md', 'done'], ['settings', 'settings.json', 'done']]);

    const bundle = join(p.root, 'shape.bundle');
    json(p, ['export', sid, '-o', bundle]);
    const elsewhere = join(p.root, 'a', 'elsewhere');
    const importDry = documentOf(p.run(['import', bundle, '--project', elsewhere, '--dry-run', '--json']), 'import --dry-run');
    const importReal = documentOf(p.run(['import', bundle, '--project', elsewhere, '--json']), 'import');
    assert.deepEqual(Object.keys(importDry).sort(), Object.keys(importReal).sort());

    for (const args of [['status', 'b'], ['status'], ['sessions'], ['verify'], ['remote', 'list'], ['map', 'list'], ['resolve', 'b', '--dry-run'], ['check', 'b'], ['pull', 'b'], ['sync', 'b', '--dry-run']]) {
      json(p, args);
    }
  } finally {
    await p.cleanup();
  }
});

test('with --json an error is one JSON object on stdout, with the usual exit code', async () => {
  const p = await makePair();
  try {
    const cases: Array<[string[], number, string, RegExp]> = [
      [['push', 'nosuch'], 1, 'error', /no remote named "nosuch"/],
      [['push', 'b', '--no-such-option'], 2, 'usage', /unknown option '--no-such-option'/],
      [['push', 'b', '--session', 'x'], 2, 'usage', /--session: "x" is not a session id/],
      [['export', seededUuid('none'), '-o', join(p.root, 'x.bundle')], 1, 'error', /no session/],
      [['import', p.root], 1, 'error', /is a directory/],
      [['status', 'nosuch'], 1, 'error', /no remote named/],
    ];
    for (const [args, status, kind, message] of cases) {
      const out = p.run([...args, '--json']);
      assert.equal(out.status, status, `${args.join(' ')}: ${out.stderr}`);
      const parsed = errorSchema.parse(documentOf(out, args.join(' ')));
      assert.equal(parsed.error.kind, kind, args.join(' '));
      assert.equal(parsed.error.exitCode, status);
      assert.match(parsed.error.message, message);
      assert.match(out.stderr, /^ccsync: |^error: /, 'the line for people stays on stderr');
    }
    // without --json: no document on stdout
    const plain = p.run(['push', 'nosuch']);
    assert.equal(plain.stdout, '');
  } finally {
    await p.cleanup();
  }
});
