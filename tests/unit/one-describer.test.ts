// Caught errors reach people through one describer (issue #10 item 8: no raw errno text): a
// new `error instanceof Error ? error.message : String(error)` in src/ fails here, except where
// the error is a parser's (JSON, TOML, a bundle line), whose message is about the text read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../../src', import.meta.url));
const RAW = /instanceof Error \? \w+\.message : String\(\w+\)/;
const PARSER_ERRORS = new Set(['bundle/read-bundle.ts', 'config-sync/project-settings.ts', 'config-sync/merge-documents.ts', 'store/rehome-entries.ts', 'claude-format/jsonl.ts']);

test('src/ reports caught errors through describeError, parsers aside', () => {
  const offenders = readdirSync(SRC, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(SRC, join(entry.parentPath, entry.name)))
    .filter((file) => file !== 'errors.ts' && !PARSER_ERRORS.has(file) && RAW.test(readFileSync(join(SRC, file), 'utf8')));
  assert.deepEqual(offenders, []);
});
