// Run from the remote side of a mapping (a dir: remote on this machine: README "Quick start"
// step 3 leaves the user there): the error says which local project to cd to, not "map add".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { makePair } from './transfer-harness.js';

test('a run from the remote side of a mapping names the local project to cd to', async () => {
  const p = await makePair();
  try {
    mkdirSync(`${p.R}/sub`, { recursive: true });
    const out = p.run(['pull', 'b'], `${p.R}/sub`);
    assert.equal(out.status, 1);
    assert.equal(out.stderr, `ccsync: ${p.R}/sub is the remote side of a path mapping of 'b': run ccsync from the local project it maps from, \`cd ${p.L}/sub\` (or name it after the remote: \`b ${p.L}/sub\`)\n`);
  } finally {
    await p.cleanup();
  }
});
