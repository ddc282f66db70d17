// The import graph of src/**/*.ts read from the sources (type-only imports count: they are
// design dependencies too), its cycles, and the imports that point up the layer table.
// tests/unit/layers.test.ts holds the rule; `node dist/tests/helpers/import-graph.js [srcDir]`
// prints the counts.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** file (relative to src, posix, `.ts`) → the files it imports (same form) */
export type ImportGraph = Map<string, string[]>;

const SPECIFIER = /(?:^|[\s;])(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Relative specifiers of one file's text, comments removed first. */
export function importSpecifiers(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const found: string[] = [];
  for (const match of code.matchAll(SPECIFIER)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (specifier !== undefined && specifier.startsWith('.')) found.push(specifier);
  }
  return found;
}

function listTs(dir: string, base = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(dir, base), { withFileTypes: true })) {
    const rel = base === '' ? entry.name : `${base}/${entry.name}`;
    if (entry.isDirectory()) out.push(...listTs(dir, rel));
    else if (entry.name.endsWith('.ts')) out.push(rel);
  }
  return out;
}

export function readImportGraph(srcDir: string): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of listTs(srcDir).sort()) {
    const targets = importSpecifiers(readFileSync(path.join(srcDir, file), 'utf8')).map((specifier) =>
      path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).replace(/\.js$/, '.ts'),
    );
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
export function findCycles(graph: ImportGraph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

/** The layer a file belongs to: the longest table key that is its folder (or the file) or a parent of it. */
export function layerOf(file: string, ranks: ReadonlyMap<string, number>): string | undefined {
  let best: string | undefined;
  for (const key of ranks.keys()) {
    if ((file === key || file.startsWith(`${key}/`)) && (best === undefined || key.length > best.length)) best = key;
  }
  return best;
}

export interface LayerViolation {
  from: string;
  to: string;
  reason: string;
}

/**
 * Imports that break the table: into a higher layer, between two different layers of the same
 * rank (siblings stay independent), or from/to a file no layer claims.
 */
export function layerViolations(graph: ImportGraph, ranks: ReadonlyMap<string, number>): LayerViolation[] {
  const violations: LayerViolation[] = [];
  for (const [from, targets] of graph) {
    const fromLayer = layerOf(from, ranks);
    if (fromLayer === undefined) {
      violations.push({ from, to: '', reason: `${from} is in no layer of the table` });
      continue;
    }
    for (const to of targets) {
      const toLayer = layerOf(to, ranks);
      if (toLayer === undefined) {
        violations.push({ from, to, reason: `${to} is in no layer of the table` });
        continue;
      }
      if (toLayer === fromLayer) continue;
      const fromRank = ranks.get(fromLayer) ?? 0;
      const toRank = ranks.get(toLayer) ?? 0;
      if (toRank > fromRank) violations.push({ from, to, reason: `${fromLayer} (rank ${fromRank}) imports the higher ${toLayer} (rank ${toRank})` });
      else if (toRank === fromRank) violations.push({ from, to, reason: `${fromLayer} and ${toLayer} share rank ${fromRank}: siblings do not import each other` });
    }
  }
  return violations;
}

function importCount(graph: ImportGraph): number {
  let count = 0;
  for (const targets of graph.values()) count += targets.length;
  return count;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const srcDir = process.argv[2] ?? fileURLToPath(new URL('../../../src', import.meta.url));
  const graph = readImportGraph(srcDir);
  const cycles = findCycles(graph);
  const intoCli = [...graph].flatMap(([from, targets]) => (from.startsWith('cli/') ? [] : targets.filter((to) => to.startsWith('cli/')).map((to) => `${from} -> ${to}`)));
  console.log(`files ${graph.size}, imports ${importCount(graph)}, cycles ${cycles.length}, imports into cli/ from below ${intoCli.length}`);
  for (const cycle of cycles) console.log(`  cycle: ${cycle.join(' <-> ')}`);
  for (const edge of intoCli) console.log(`  into cli: ${edge}`);
}
