// The manifest as it travels agent → client (src/wire/manifest-wire.ts): what the probes
// already say is left out and put back exactly; an agent naming probes wrongly is refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { compactManifest, decodeProbes, encodeProbes, expandManifest, wireManifestSchema, wireProbeSchema } from '../../src/wire/manifest-wire.js';
import { PROTOCOL_VERSION, type Manifest, type Probe } from '../../src/wire/protocol.js';

const sid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const probes: Probe[] = [
  { path: `projects/-home-a-p/${sid(1)}.jsonl`, size: 100, mtimeMs: 1000.5, prefixLen: 100 },
  { path: `projects/-home-a-p/${sid(2)}.jsonl`, size: 200, mtimeMs: 2000, prefixLen: 200 },
  { path: `projects/-home-a-p/${sid(3)}.jsonl`, size: 300, mtimeMs: 3000, prefixLen: 300 },
  { path: `file-history/${sid(1)}/abc@v1`, size: 5, mtimeMs: 4000 },
];
const manifest: Manifest = {
  protocol: PROTOCOL_VERSION, platform: 'linux', home: '/home/a', claudeDir: '/home/a/.claude',
  projects: [
    { dir: '-home-a-p', cwd: '/home/a/p', inScope: true, jsonl: [`${sid(1)}.jsonl`, `${sid(2)}.jsonl`, `${sid(3)}.jsonl`], hasSessionsIndex: false },
    { dir: '-home-a-q', cwd: '/home/a/q', inScope: false, jsonl: [`${sid(9)}.jsonl`], hasSessionsIndex: false },
  ],
  files: [
    { path: `projects/-home-a-p/${sid(1)}.jsonl`, kind: 'jsonl', size: 100, mtimeMs: 1000.5, unchanged: true },
    { path: `projects/-home-a-p/${sid(2)}.jsonl`, kind: 'jsonl', size: 250, mtimeMs: 2500, completeLen: 250, fp: 'f2', probeFp: 'p2' },
    { path: `file-history/${sid(1)}/abc@v1`, kind: 'blob', size: 5, mtimeMs: 4000, unchanged: true },
    { path: `projects/-home-a-p/${sid(3)}.jsonl`, kind: 'jsonl', size: 300, mtimeMs: 3000, unchanged: true },
  ],
  liveSessionIds: [], warnings: [],
};

test('compact then expand gives back the same manifest, in the same order', () => {
  const wire = compactManifest(manifest, probes);
  assert.deepEqual(wire.files.map((file) => (typeof file === 'number' ? file : file.path)), [0, manifest.files[1]?.path, 3, 2]);
  assert.equal(wire.projects[0]?.jsonl, 'files');
  assert.deepEqual(wire.projects[1]?.jsonl, [`${sid(9)}.jsonl`], 'an out-of-scope list stays');
  const travelled = wireManifestSchema.parse(JSON.parse(JSON.stringify(wire)));
  assert.deepEqual(expandManifest(travelled, probes), manifest);
  assert.ok(JSON.stringify(wire).length + 3 * 50 < JSON.stringify(manifest).length, "three paths left out");
});

test('an unchanged entry that differs from its probe, or a jsonl list that differs from the files, travels whole', () => {
  const moved = { ...manifest, files: manifest.files.map((file, index) => (index === 0 ? { ...file, mtimeMs: 1 } : file)) };
  const wire = compactManifest(moved, probes);
  assert.equal(typeof wire.files[0], 'object');
  const extra = { ...manifest, projects: manifest.projects.map((p, i) => (i === 0 ? { ...p, jsonl: [...p.jsonl, `${sid(7)}.jsonl`] } : p)) };
  assert.notEqual(compactManifest(extra, probes).projects[0]?.jsonl, 'files');
  assert.deepEqual(expandManifest(compactManifest(extra, probes), probes), extra);
});

test('an index that names no probe, or one probe twice, is refused', () => {
  const wire = compactManifest(manifest, probes);
  assert.throws(() => expandManifest({ ...wire, files: [...wire.files, 99] }, probes), /no such probe/);
  assert.throws(() => expandManifest({ ...wire, files: [...wire.files, 0] }, probes), /twice/);
});

test('probes travel as arrays and come back as the same probes; objects are still taken', () => {
  const withOdd: Probe[] = [...probes, { path: `projects/-home-a-p/${sid(4)}.jsonl`, size: 90, mtimeMs: 5, prefixLen: 80 }];
  const wire = encodeProbes(withOdd);
  assert.deepEqual(wire[0], [probes[0]?.path, 100, 1000.5]);
  assert.deepEqual(wire[3], [probes[3]?.path, 5, 4000, null]);
  assert.deepEqual(wire[4], [withOdd[4]?.path, 90, 5, 80]);
  const travelled = z.array(wireProbeSchema).parse(JSON.parse(JSON.stringify(wire)));
  assert.deepEqual(decodeProbes(travelled), withOdd);
  assert.deepEqual(decodeProbes(withOdd), withOdd);
});
