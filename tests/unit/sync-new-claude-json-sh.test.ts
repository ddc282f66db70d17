// The run sequence with `--project-settings` against a remote without node (the sh agent) and
// without `~/.claude.json`: the mapped project's carried fields arrive in a new file (0600),
// keyed by the remote path, holding nothing else of the local file (claude-code-format.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syncSides } from '../../src/sync/sync-session.js';
import { LocalDirTransport } from '../../src/transport/local-dir-transport.js';
import { startLocalShAgent } from '../helpers/sh-agent-local.js';

test('sh agent remote without ~/.claude.json: a push with --project-settings creates it with the mapped entry only', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ccsync-newcj-sh-'));
  const localHome = join(dir, 'local');
  const remoteHome = join(dir, 'remote');
  for (const home of [localHome, remoteHome]) mkdirSync(join(home, '.claude'), { recursive: true });
  writeFileSync(
    join(localHome, '.claude.json'),
    JSON.stringify({ oauthAccount: { emailAddress: 'a@example.com' }, projects: { '/w/p': { allowedTools: ['Bash(make)'], lastCost: 2 }, '/other': { allowedTools: ['x'] } } }),
  );
  const local = new LocalDirTransport({ claudeDir: join(localHome, '.claude'), home: localHome, backupDir: join(dir, 'backups'), runId: 'r1', platform: process.platform }, 'local');
  const remote = await startLocalShAgent({ shell: 'dash', dir, home: remoteHome });
  try {
    const result = await syncSides({
      remoteName: 'b',
      local,
      remote,
      ancestor: { version: 1, entries: {} },
      userPairs: [{ local: '/w/p', remote: '/r/p' }],
      scope: { localRoots: ['/w/p'], remoteRoots: ['/r/p'] },
      options: { direction: 'push', delete: false, force: false, now: Date.now() },
      extras: { config: false, credentials: false, projectSettings: true },
      dryRun: false,
    });
    const file = join(remoteHome, '.claude.json');
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { projects: { '/r/p': { allowedTools: ['Bash(make)'] } } }, JSON.stringify(result.extras));
    assert.equal((statSync(file).mode & 0o777).toString(8), '600');
  } finally {
    await remote.close();
    await local.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
