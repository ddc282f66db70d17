// The shape of src/ (issue #9, ARCHITECTURE.md): one layer per folder, imports point down the
// table only, and no two files import each other through any path. A new folder must be given
// a rank here before it can import or be imported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { findCycles, importSpecifiers, layerViolations, readImportGraph, type ImportGraph } from '../helpers/import-graph.js';

/** Higher imports lower. Equal ranks are siblings that do not import each other. */
export const LAYER_RANKS = new Map<string, number>([
  ['cli', 12], // argument table, argv → options, printing, progress, the picker
  ['commands', 11], // one file per verb: lock, open sides, call the engine
  ['pod', 10],
  ['watch', 10], // `ccsync watch`: local changes, the remote poll, the per-remote loop (issue #12)
  ['resolve', 10],
  ['bundle', 10],
  ['sync', 9], // the run sequence through two transports
  ['config-sync', 8],
  ['hooks', 8], // Claude Code hooks: settings.json edit, hook input, the log (issue #12)
  ['planner', 7], // pure: manifests + ancestor → plan → writes
  ['transport', 6],
  ['store', 5],
  ['fs', 4],
  ['mapping', 4],
  ['config', 4],
  ['agent', 3], // a side's file operations; shipped to remotes
  ['wire', 2],
  ['claude-format', 2],
  ['errors.ts', 1],
  ['display-text.ts', 1],
  ['timeline.ts', 1], // phase spans for the bench (issue #11)
]);

const SRC = fileURLToPath(new URL('../../../src', import.meta.url));

test('src/ has no import cycle between files', () => {
  const cycles = findCycles(readImportGraph(SRC));
  assert.deepEqual(cycles.map((cycle) => cycle.join(' <-> ')), []);
});

test('every import in src/ points down the layer table (cli > commands > engine > transport > agent)', () => {
  const violations = layerViolations(readImportGraph(SRC), LAYER_RANKS);
  assert.deepEqual(violations.map((violation) => `${violation.from} -> ${violation.to}: ${violation.reason}`), []);
});

test('the checker finds a cycle, an upward import, a sibling import and an unranked folder', () => {
  const graph: ImportGraph = new Map([
    ['low/a.ts', ['low/b.ts']],
    ['low/b.ts', ['low/c.ts', 'high/x.ts']],
    ['low/c.ts', ['low/a.ts']],
    ['high/x.ts', ['side/y.ts', 'nowhere/z.ts']],
    ['side/y.ts', []],
    ['nowhere/z.ts', []],
  ]);
  const ranks = new Map([['high', 2], ['side', 2], ['low', 1]]);
  assert.deepEqual(findCycles(graph), [['low/a.ts', 'low/b.ts', 'low/c.ts']]);
  assert.deepEqual(
    layerViolations(graph, ranks).map((violation) => `${violation.from} -> ${violation.to}`),
    ['low/b.ts -> high/x.ts', 'high/x.ts -> side/y.ts', 'high/x.ts -> nowhere/z.ts', 'nowhere/z.ts -> '],
  );
});

test('import specifiers are read from every import form, not from comments', () => {
  const text = [
    "import { a } from './a.js';",
    "import type {\n  B,\n  C,\n} from '../b.js';",
    "export { d } from './d.js';",
    "import './side-effect.js';",
    "const e = await import('./e.js');",
    "import { z } from 'zod';",
    "// import { f } from './f.js';",
    "/* import { g } from './g.js'; */",
  ].join('\n');
  assert.deepEqual(importSpecifiers(text), ['./a.js', '../b.js', './d.js', './side-effect.js', './e.js']);
});
