// `remote list` says which port ssh will use when both DEST (`ssh://u@h:2222`) and `--port`
// carry one (issue #10): the `port` setting wins (resolve-remote.ts), and the list says so;
// `--json` has it as `portUsed`. A port in one place only is shown as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { makeSandbox, runCli } from './cli-harness.js';

const listSchema = z.object({ remotes: z.array(z.looseObject({ name: z.string(), portUsed: z.union([z.number(), z.string()]).optional() })) });

test('remote list names the port used when DEST and --port both carry one', async () => {
  const box = await makeSandbox();
  try {
    const added = runCli(box, ['remote', 'add', 'both', 'ssh://u@h.example:2222', '--port', '3333']);
    assert.equal(added.status, 0, added.stderr);
    assert.match(added.stdout, /^added remote both \(ssh:\/\/u@h\.example:2222, port 3333 \(used; it overrides the 2222 in the destination\)\)\n$/);
    for (const args of [
      ['remote', 'add', 'dest-only', 'ssh://u@h.example:2222'],
      ['remote', 'add', 'flag-only', 'u@h.example', '--port', '4444'],
      ['remote', 'add', 'var', 'ssh://u@h.example:2222', '--port', '${POD_PORT}'],
      ['remote', 'add', 'same', 'ssh://u@h.example:5555', '--port', '5555'],
    ]) assert.equal(runCli(box, args).status, 0, args.join(' '));
    const list = runCli(box, ['remote', 'list']);
    assert.equal(list.status, 0, list.stderr);
    assert.equal(
      list.stdout,
      [
        'both  ssh://u@h.example:2222, port 3333 (used; it overrides the 2222 in the destination)',
        'dest-only  ssh://u@h.example:2222',
        'flag-only  u@h.example, port 4444',
        'var  ssh://u@h.example:2222, port ${POD_PORT} (used; it overrides the 2222 in the destination)',
        'same  ssh://u@h.example:5555, port 5555',
        '',
      ].join('\n'),
    );
    const json = listSchema.parse(JSON.parse(runCli(box, ['remote', 'list', '--json']).stdout));
    assert.deepEqual(json.remotes.map((remote) => [remote.name, remote.portUsed]), [['both', 3333], ['dest-only', 2222], ['flag-only', 4444], ['var', '${POD_PORT}'], ['same', 5555]]);
  } finally {
    await box.cleanup();
  }
});
