// `map add` refuses a pair no run could use (issue #10 item 6): `map add box / /` used to be
// accepted and then every run on that remote failed. The root on either side (also written
// as `//` or `/./`) is refused at once with one line that says what to map instead; a pair
// that reaches the config another way (hand edit, a `${VAR}` that is `/`) names its key and
// the `map remove` that fixes it. The home dir is a fine prefix (every project under it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { makeTranscriptLines, seededUuid, toJsonl } from '../helpers/transcripts.js';
import { makePair, put, transcriptPath } from './transfer-harness.js';
import { runCli } from './cli-harness.js';

test('map add refuses the root dir on either side, says what to map instead, and leaves the config as it was', async () => {
  const p = await makePair();
  try {
    const config = readFileSync(p.box.configPath, 'utf8');
    for (const [local, remote, side] of [
      ['/', '/', 'LOCAL_PATH'],
      [p.L, '/', 'REMOTE_PATH'],
      ['/', '/srv/proj', 'LOCAL_PATH'],
      ['//', '/srv/x', 'LOCAL_PATH'],
      [`${p.root}/x`, '/./', 'REMOTE_PATH'],
    ] as const) {
      const out = p.run(['map', 'add', 'b', local, remote]);
      assert.equal(out.status, 2, `map add b ${local} ${remote}: ${out.stderr}`);
      assert.match(out.stderr, new RegExp(`^ccsync: ${side} "/" is the root dir: map a project dir, or a dir that holds your projects \\(e\\.g\\. `));
      assert.equal(out.stderr.split('\n').length, 2, 'one line');
      assert.equal(out.stdout, '');
    }
    assert.equal(readFileSync(p.box.configPath, 'utf8'), config, 'nothing was added');
  } finally {
    await p.cleanup();
  }
});

test('a root mapping that is already in the config (a hand edit, or ${VAR} set to /) names its key and the map remove that fixes it', async () => {
  const p = await makePair();
  try {
    const sid = seededUuid('root-map');
    put(transcriptPath(p.localClaude, p.L, sid), toJsonl(makeTranscriptLines(sid, p.L, 1)));
    const config = readFileSync(p.box.configPath, 'utf8');
    writeFileSync(p.box.configPath, `${config}\n[[remotes.b.map]]\nlocal = "\${ROOT_DIR}"\nremote = "/srv/all"\n`);
    const unset = p.run(['push', 'b']);
    assert.equal(unset.status, 1, 'an unset ${ROOT_DIR} stops the run');
    assert.match(unset.stderr, /ROOT_DIR/);
    const root = /^ccsync: .*config\.toml: remotes\.b\.map\[1\]\.local: "\/" is the root dir: .*`ccsync map remove b /;
    const withVar = runCli(p.box, ['push', 'b'], { ROOT_DIR: '/' }, p.L);
    assert.equal(withVar.status, 1);
    assert.match(withVar.stderr, root);
    assert.equal(withVar.stderr.split('\n').length, 2, 'one line');
    writeFileSync(p.box.configPath, readFileSync(p.box.configPath, 'utf8').replace('${ROOT_DIR}', '/'));
    const literal = p.run(['push', 'b']);
    assert.equal(literal.status, 1);
    assert.match(literal.stderr, root);
  } finally {
    await p.cleanup();
  }
});

test('the home dir itself is a fine prefix: map add accepts it and a push carries the projects under it', async () => {
  const p = await makePair();
  try {
    assert.equal(p.run(['map', 'remove', 'b', p.L]).status, 0);
    const project = `${p.box.home}/code/app`;
    const sid = seededUuid('home-map');
    put(transcriptPath(p.localClaude, project, sid), toJsonl(makeTranscriptLines(sid, project, 1)));
    const added = p.run(['map', 'add', 'b', p.box.home, '/home/alice']);
    assert.equal(added.status, 0, added.stderr);
    const summary = p.json(['push', 'b', '--all']);
    assert.equal(summary.done, 1);
    assert.ok(readFileSync(transcriptPath(p.remoteClaude, '/home/alice/code/app', sid), 'utf8').includes('"cwd":"/home/alice/code/app"'));
  } finally {
    await p.cleanup();
  }
});
