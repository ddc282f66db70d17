// Issue #10 item 4 over a real sshd, for both agents (node, and the sh agent of a remote
// without node): the remote's Claude dir on a read-only file system. `check` says it is not
// writable and why; a push stops at the first write with one line naming the side, writes
// nothing and counts nothing. The file system is a real tmpfs remounted read-only (root
// ignores mode bits); skipped with the reason where mounting is not permitted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SSHD, startSshd } from '../helpers/sshd.js';
import { sshClient } from '../helpers/ssh-cli.js';
import { mountTmpfs } from '../helpers/tmpfs-mount.js';
import { seededUuid } from '../helpers/transcripts.js';

for (const withoutNode of [false, true]) {
  test(`${withoutNode ? 'sh agent' : 'node agent'}: a read-only remote Claude dir — check says so, a push stops with one line`, { skip: SSHD ? false : 'sshd not installed', timeout: 180_000 }, async (t) => {
    const sshd = await startSshd({ withoutNode });
    const client = await sshClient(sshd, { name: 'pod' });
    const claudeDir = join(sshd.remoteHome, '.claude');
    mkdirSync(claudeDir, { recursive: true });
    const mount = mountTmpfs(claudeDir, 1024 * 1024);
    try {
      if ('skip' in mount) return t.skip(mount.skip);
      mkdirSync(join(claudeDir, 'projects'));
      mount.readOnly();
      const check = await client.run(['check', 'pod']);
      assert.match(check.stdout, new RegExp(`claude dir +${claudeDir}: exists, [0-9.]+ (KiB|MiB) free, NOT writable \\(Read-only file system\\)`), check.stdout);
      assert.match(check.stdout + check.stderr, /cannot write to .*\(Read-only file system\): pulls work, but pushes and syncs will fail there/);
      const json = await client.run(['check', 'pod', '--json']);
      assert.match(json.stdout, /"writable": false,\s*"notWritable": "Read-only file system"/);

      for (let index = 0; index < 3; index++) client.writeLocal(seededUuid(`ro-${index}`), 2);
      const push = await client.run(['push', 'pod']);
      assert.equal(push.code, 1, push.stdout + push.stderr);
      const lines = push.stderr.split('\n').filter((line) => line.startsWith('ccsync: '));
      assert.deepEqual(lines.length, 1, `${push.stderr}\n${push.stdout}`);
      assert.match(lines[0] ?? '', new RegExp(`^ccsync: ssh:pod stopped writing: the file system is read-only \\(${claudeDir}, [0-9.]+ (KiB|MiB) free\\); 3 of 3 write\\(s\\) not done — make it writable`));
      assert.match(push.stdout, /^push: 0 done, .* 3 failed, .* 0 B written$/m);
      assert.doesNotMatch(push.stdout, /^failed/m);
    } finally {
      if (!('skip' in mount)) mount.unmount();
      await client.cleanup();
      await sshd.stop();
    }
  });
}
