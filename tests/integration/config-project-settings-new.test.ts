// `--project-settings` against a side without `~/.claude.json` (a machine where Claude Code
// never ran, or whose config was removed): the mapped projects' carried entries are written
// into a new file (0600) holding nothing else — never the other side's account data
// (claude-code-format.md: never copy it whole). A rerun changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makePair, put, read } from './transfer-harness.js';

test('--project-settings creates the remote ~/.claude.json (0600) with only the mapped projects\' carried fields; a rerun writes nothing', async () => {
  const pair = await makePair();
  try {
    const localJson = join(pair.box.home, '.claude.json');
    const remoteJson = join(pair.remoteHome, '.claude.json');
    const local = {
      oauthAccount: { emailAddress: 'alice@example.com' },
      userID: 'local-user',
      projects: {
        [pair.L]: { allowedTools: ['Bash(npm test)'], mcpServers: { fs: { command: `${pair.L}/bin/mcp` } }, hasTrustDialogAccepted: true, lastCost: 1.5 },
        '/srv/private': { allowedTools: ['Bash(rm -rf /)'] },
      },
    };
    const localText = JSON.stringify(local, null, 2);
    put(localJson, localText);
    assert.equal(existsSync(remoteJson), false);
    const out = pair.run(['push', 'b', '--project-settings']);
    assert.equal(out.status, 0, out.stdout + out.stderr);
    assert.ok(existsSync(remoteJson), `no remote .claude.json written: ${out.stdout}${out.stderr}`);
    assert.deepEqual(JSON.parse(read(remoteJson)), {
      projects: { [pair.R]: { allowedTools: ['Bash(npm test)'], mcpServers: { fs: { command: `${pair.R}/bin/mcp` } }, hasTrustDialogAccepted: true } },
    });
    assert.equal((statSync(remoteJson).mode & 0o777).toString(8), '600');
    assert.equal(read(localJson), localText, 'the local file is untouched');

    const written = read(remoteJson);
    const again = pair.run(['push', 'b', '--project-settings', '--json']);
    assert.equal(again.status, 0, again.stdout + again.stderr);
    assert.equal(read(remoteJson), written);
    // and a sync back leaves the local file as it was (nothing changed on either side)
    const sync = pair.run(['sync', 'b', '--project-settings']);
    assert.equal(sync.status, 0, sync.stdout + sync.stderr);
    assert.equal(read(localJson), localText);
  } finally {
    await pair.cleanup();
  }
});
