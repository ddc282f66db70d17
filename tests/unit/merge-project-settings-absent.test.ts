// mergeProjectSettings with a side that has no `.claude.json`: it counts as holding the last
// synced value (removing the file is no wish to drop the other side's settings), and gets a new
// file holding only the carried `projects` entries when this run may write it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPathMap } from '../../src/mapping/path-map.js';
import { mergeProjectSettings } from '../../src/config-sync/merge-documents.js';

const map = createPathMap([{ local: '/w/p', remote: '/r/p' }]);
const localFile = (fields: Record<string, unknown>): Buffer => Buffer.from(JSON.stringify({ oauthAccount: { id: 1 }, projects: { '/w/p': { ...fields, lastCost: 3 } } }, null, 2));

function merge(local: Buffer | undefined, base: Record<string, unknown> | undefined, write: { local: boolean; remote: boolean }): ReturnType<typeof mergeProjectSettings> {
  return mergeProjectSettings({
    ...(local ? { local } : {}),
    base,
    contentMap: map,
    projectMap: map,
    roots: { local: ['/w/p'], remote: ['/r/p'] },
    write,
    where: { local: 'local .claude.json', remote: 'remote .claude.json' },
  });
}

test('remote file removed since the last sync: a sync gives it a new file with the entries, and changes nothing locally', () => {
  const result = merge(localFile({ allowedTools: ['a'] }), { '/w/p': { allowedTools: ['a'] } }, { local: true, remote: true });
  assert.equal(result.text.local, undefined);
  assert.deepEqual(JSON.parse(result.text.remote ?? 'null'), { projects: { '/r/p': { allowedTools: ['a'] } } });
});

test('a pull from a side without the file writes nothing: no entry is dropped locally', () => {
  const result = merge(localFile({ allowedTools: ['a'] }), { '/w/p': { allowedTools: ['a'] } }, { local: true, remote: false });
  assert.deepEqual(result.text, {});
});

test('neither the file nor anything to carry: nothing is created', () => {
  const result = merge(Buffer.from('{"projects":{}}'), undefined, { local: true, remote: true });
  assert.deepEqual(result.text, {});
});
