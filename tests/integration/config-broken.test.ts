// A broken config.toml (issue #10): the error names every problem, each with its key (not "and
// 1 more"), and it stops only the commands that read the config — `sessions`, `verify`,
// `export` and `import` work on this machine's Claude dir alone and run as usual.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTranscriptLines, seededUuid, toJsonl } from '../helpers/transcripts.js';
import { makePair, put, transcriptPath } from './transfer-harness.js';

const BROKEN = `[remotes.a]
dest = 5
port = "x"
bogus = 1

[remotes.b]
dst = "host"

[[remotes.b.map]]
local = 3
`;

test('a broken config names every problem and does not stop local-only commands', async () => {
  const p = await makePair();
  try {
    const sid = seededUuid('broken-config');
    put(transcriptPath(p.localClaude, p.L, sid), toJsonl(makeTranscriptLines(sid, p.L, 2, { title: 'Still listed' })));
    writeFileSync(p.box.configPath, BROKEN);

    for (const args of [['remote', 'list'], ['push', 'b'], ['status']]) {
      const out = p.run(args);
      assert.equal(out.status, 1, args.join(' '));
      assert.doesNotMatch(out.stderr, /more problem/);
      assert.equal(
        out.stderr,
        [
          `ccsync: ${p.box.configPath}: 6 problems (fix them, then run again):`,
          '  remotes.a.bogus: unknown key; expected one of: dest, transfer, port, claude_dir, ssh_command, ssh_reuse, map',
          '  remotes.b.dst: unknown key (did you mean "dest"?)',
          '  remotes.a.dest: expected a destination: user@host, an ssh-config alias, ssh://user@host:port or dir:/path, got number 5',
          '  remotes.a.port: expected a port number 1-65535 or a string such as "${RUNPOD_PORT}", got "x"',
          '  remotes.b.map[0].local: expected an absolute path, got number 3',
          '  remotes.b.map[0].remote: is missing: expected an absolute path',
          '',
        ].join('\n'),
      );
    }

    const sessions = p.run(['sessions']);
    assert.equal(sessions.status, 0, sessions.stderr);
    assert.match(sessions.stdout, /Still listed/);
    const verify = p.run(['verify']);
    assert.equal(verify.status, 0, verify.stderr);
    const bundle = join(p.root, 'broken-config.bundle');
    const exported = p.run(['export', sid, '-o', bundle]);
    assert.equal(exported.status, 0, exported.stderr);
    const imported = p.run(['import', bundle, '--dry-run']);
    assert.equal(imported.status, 0, imported.stderr);

    writeFileSync(p.box.configPath, '[remotes.a\ndest = "x"\n');
    assert.match(p.run(['remote', 'list']).stderr, /invalid TOML/);
    assert.equal(p.run(['sessions']).status, 0, 'a TOML syntax error does not stop them either');
  } finally {
    await p.cleanup();
  }
});
