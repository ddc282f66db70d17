import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addPair, addRemote, removePair, removeRemote, setRemote } from '../../src/config/edit-config.js';
import type { ConfigFile } from '../../src/config/schema.js';
import { destinationSetting, mapPathSetting, portSetting, unsetVariables } from '../../src/config/setting-values.js';
import { ExitError, UsageError } from '../../src/errors.js';

const base: ConfigFile = { remotes: { pod: { dest: 'root@h', port: 22 }, b: { dest: 'dir:/b' } } };

test('addRemote appends; an existing name points to `remote set`', () => {
  const next = addRemote(base, 'c', { dest: 'c-host' });
  assert.deepEqual(Object.keys(next.remotes ?? {}), ['pod', 'b', 'c']);
  assert.deepEqual(Object.keys(base.remotes ?? {}), ['pod', 'b'], 'input untouched');
  assert.throws(() => addRemote(base, 'pod', { dest: 'x' }), (error: unknown) => error instanceof ExitError && /remote set pod/.test(error.message));
  assert.deepEqual(addRemote({}, 'a', { dest: 'h' }), { remotes: { a: { dest: 'h' } } });
});

test('setRemote replaces values, null removes keys, order is kept', () => {
  const next = setRemote(base, 'pod', { port: '${P}', transfer: 'proxy', claude_dir: '/c' });
  assert.deepEqual(next.remotes?.['pod'], { dest: 'root@h', port: '${P}', transfer: 'proxy', claude_dir: '/c' });
  const cleared = setRemote(next, 'pod', { port: null, transfer: null, dest: 'other' });
  assert.deepEqual(cleared.remotes?.['pod'], { dest: 'other', claude_dir: '/c' });
  assert.deepEqual(Object.keys(cleared.remotes ?? {}), ['pod', 'b']);
  assert.throws(() => setRemote(base, 'nope', { port: 1 }), /no remote named "nope"/);
});

test('removeRemote', () => {
  assert.deepEqual(removeRemote(base, 'b'), { remotes: { pod: { dest: 'root@h', port: 22 } } });
  assert.throws(() => removeRemote(base, 'pdo'), /did you mean "pod"/);
});

test('addPair refuses an unknown remote and duplicates on either side; removePair', () => {
  const one = addPair(base, 'pod', { local: '/Users/a/proj', remote: '/w/proj' });
  const two = addPair(one, 'pod', { local: '/Users/a', remote: '/home/a' });
  assert.deepEqual(two.remotes?.['pod']?.map, [
    { local: '/Users/a/proj', remote: '/w/proj' },
    { local: '/Users/a', remote: '/home/a' },
  ]);
  assert.throws(() => addPair(base, 'nope', { local: '/a', remote: '/b' }), /ccsync remote add nope DEST/);
  assert.throws(() => addPair(two, 'pod', { local: '/Users/a/proj/', remote: '/x' }), /already mapped to \/w\/proj.*ccsync map remove pod \/Users\/a\/proj/);
  assert.throws(() => addPair(two, 'pod', { local: '/x', remote: '/home/a' }), /already mapped from \/Users\/a/);
  const removed = removePair(two, 'pod', '/Users/a/proj');
  assert.deepEqual(removed.remotes?.['pod']?.map, [{ local: '/Users/a', remote: '/home/a' }]);
  assert.deepEqual(removePair(removed, 'pod', '/Users/a').remotes?.['pod'], { dest: 'root@h', port: 22 });
  assert.throws(() => removePair(removed, 'pod', '/nope'), /no mapping for \/nope/);
});

test('command-line values: literals checked now, ${VAR} only for syntax', () => {
  assert.equal(portSetting('2222'), 2222);
  assert.equal(portSetting('${RUNPOD_PORT}'), '${RUNPOD_PORT}');
  for (const bad of ['0', '65536', 'abc', '', '${oops']) assert.throws(() => portSetting(bad), UsageError, bad);
  assert.equal(destinationSetting('DEST', 'root@${IP}'), 'root@${IP}');
  assert.throws(() => destinationSetting('DEST', '-oProxyCommand=x'), UsageError);
  assert.equal(mapPathSetting('LOCAL_PATH', '/a/b/', '/cwd'), '/a/b');
  assert.throws(() => mapPathSetting('LOCAL_PATH', 'rel/x', '/cwd'), /did you mean "\/cwd\/rel\/x"/);
  assert.deepEqual(unsetVariables(['${A}', 22, '${B}x${A}', undefined], { B: '1' }), ['A']);
});
