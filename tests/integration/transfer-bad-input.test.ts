// Bad input to push/pull/sync: one clear line that says what to do, a non-zero exit, and
// nothing written (issue #2, "Bad input"); and odd but valid paths that must just work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTranscript, seededUuid } from '../helpers/transcripts.js';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { cwdsOf, exists, makePair, put, read, snapshot, swap, transcriptPath, type Pair } from './transfer-harness.js';

const SID = seededUuid('bad-input');

function assertOneLineError(run: { status: number | null; stderr: string; stdout: string }, status: number, pattern: RegExp): void {
  assert.equal(run.status, status, `${run.stderr}${run.stdout}`);
  assert.match(run.stderr, pattern);
  assert.equal(run.stderr.trim().split('\n').length, 1, `one line: ${run.stderr}`);
  assert.equal(run.stdout, '');
}

function trees(p: Pair): unknown {
  return { local: snapshot(p.localClaude), remote: snapshot(p.remoteHome), ancestor: exists(join(p.box.stateDir, 'remotes', 'b.json')) };
}

test('a missing Claude dir on either side, an unmapped project: one line, non-zero, nothing written', async () => {
  const p = await makePair();
  try {
    put(transcriptPath(p.localClaude, p.L, SID), makeTranscript(SID, p.L, 1));
    const before = trees(p);
    const elsewhere = join(p.root, 'other');
    put(join(elsewhere, 'README'), 'x');
    assertOneLineError(p.run(['push', 'b'], elsewhere), 1, new RegExp(`^ccsync: ${elsewhere} is not under any path mapping of remote 'b': run \`ccsync map add b ${elsewhere} /REMOTE/PATH\``));
    assertOneLineError(p.run(['push', 'b', elsewhere]), 1, /ccsync map add b/);

    const gone = join(p.root, 'unmounted');
    assert.equal(p.run(['remote', 'add', 'disk', `dir:${gone}`]).status, 0);
    assert.equal(p.run(['map', 'add', 'disk', p.L, '/x']).status, 0);
    assertOneLineError(p.run(['push', 'disk']), 1, new RegExp(`^ccsync: remote 'disk': ${gone} does not exist or is not a directory`));
    assert.equal(exists(gone), false);
    assert.equal(p.run(['remote', 'add', 'bare', `dir:${p.remoteHome}`]).status, 0);
    assertOneLineError(p.run(['sync', 'bare']), 1, /remote 'bare' has no path mappings: run `ccsync map add bare /);
    assert.deepEqual(trees(p), before);

    rmSync(p.localClaude, { recursive: true });
    assertOneLineError(p.run(['push', 'b']), 1, /^ccsync: no Claude Code config dir at .*\.claude: run Claude Code once on this machine, or set CLAUDE_CONFIG_DIR/);
    assert.equal(exists(p.remoteClaude), false, 'nothing made on the remote');
    assert.equal(exists(join(p.box.stateDir, 'remotes', 'b.json')), false);
  } finally {
    await p.cleanup();
  }
});

test('a config typo names the file and the key; nothing is written', async () => {
  const p = await makePair();
  try {
    put(transcriptPath(p.localClaude, p.L, SID), makeTranscript(SID, p.L, 1));
    const config = read(p.box.configPath);
    writeFileSync(p.box.configPath, config.replace('dest =', 'dset ='));
    const before = trees(p);
    const run = p.run(['push', 'b']);
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, new RegExp(`^ccsync: ${p.box.configPath.replace(/[.]/g, '\\.')}.*dset`));
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.deepEqual(trees(p), before);
  } finally {
    await p.cleanup();
  }
});

for (const [name, local, remote] of [
  ['spaces and unicode', 'a/my proj é ☃', 'b/wörk dir/プロジェクト'],
  ['a long path (encoded name > 200 chars, hash suffix)', `a/${'deep-dir/'.repeat(18)}proj`, `b/${'x'.repeat(230)}/proj`],
] as const) {
  test(`a project path with ${name} pushes and comes back`, async () => {
    const p = await makePair({ local, remote });
    try {
      const localFile = transcriptPath(p.localClaude, p.L, SID);
      put(localFile, makeTranscript(SID, p.L, 2));
      const pushed = p.json(['push', 'b']);
      assert.equal(pushed.done, 1, JSON.stringify(pushed));
      const encR = encodeProjectDir(p.R, process.platform);
      assert.deepEqual(readdirSync(join(p.remoteClaude, 'projects')), [encR]);
      if (encR.length > 200) assert.match(encR, /^.{200}-[0-9a-z]+$/);
      const remoteFile = transcriptPath(p.remoteClaude, p.R, SID);
      assert.deepEqual(cwdsOf(read(remoteFile)), [p.R]);
      assert.equal(read(remoteFile), swap(read(localFile), p.L, p.R));

      const added = makeTranscript(SID, p.R, 1, { seed: 'remote', start: '2026-01-02T00:00:00.000Z' });
      put(remoteFile, read(remoteFile) + added);
      const pulled = p.json(['pull', 'b']);
      assert.deepEqual(pulled.actions.map((action) => action.kind), ['append']);
      assert.ok(read(localFile).endsWith(swap(added, p.R, p.L)));
      assert.deepEqual(cwdsOf(read(localFile)), [p.L]);
    } finally {
      await p.cleanup();
    }
  });
}

test('a path with a newline cannot be mapped itself (one-line usage error); under a mapped parent it travels', async () => {
  const p = await makePair({ local: 'a/plain', remote: 'b/plain' });
  try {
    const odd = join(p.root, 'a', 'line\nbreak');
    put(join(odd, 'README'), 'x');
    const configBefore = read(p.box.configPath);
    assertOneLineError(p.run(['map', 'add', 'b', odd, join(p.root, 'b', 'x')]), 2, /^ccsync: LOCAL_PATH "[^\n]*line\\nbreak" contains a control character .*map a parent dir/);
    assert.equal(read(p.box.configPath), configBefore, 'config untouched');

    assert.equal(p.run(['map', 'add', 'b', join(p.root, 'a'), join(p.root, 'b')]).status, 0);
    const localFile = transcriptPath(p.localClaude, odd, SID);
    put(localFile, makeTranscript(SID, odd, 1));
    const pushed = p.json(['push', 'b'], 0, odd);
    assert.equal(pushed.done, 1, JSON.stringify(pushed));
    const there = join(p.root, 'b', 'line\nbreak');
    assert.deepEqual(cwdsOf(read(transcriptPath(p.remoteClaude, there, SID))), [there]);
  } finally {
    await p.cleanup();
  }
});
