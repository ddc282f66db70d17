// Raw errors as a user meets them (issue #10 item 8): `export ID -o DIR` writes the bundle inside
// the dir (like `cp FILE DIR`), `import DIR` is one clear line, and a remote whose Claude dir
// cannot take a write (its projects/ a link to a volume that is not mounted, or a read-only
// mount) says so in words. No run prints Node's errno text or a stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type CliResult } from './cli-harness.js';
import { makeSessionWithCompanions, SID } from './bundle-fixtures.js';
import { store } from './move-fixtures.js';
import { makeTranscriptLines, seededUuid, toJsonl } from '../helpers/transcripts.js';
import { makePair, put, transcriptPath } from './transfer-harness.js';

const RAW = /\bE[A-Z]{3,}\b|no such file or directory|illegal operation|\n\s+at |internal error/;

function assertPlain(result: CliResult): void {
  assert.doesNotMatch(result.stderr, RAW, result.stderr);
  assert.doesNotMatch(result.stdout, RAW, result.stdout);
}

test('export -o DIR writes the bundle inside DIR; import DIR is one clear line', async (t) => {
  const a = await store(t);
  makeSessionWithCompanions(a, join(a.base, 'code', 'proj'));
  const out = join(a.base, 'bundles');
  mkdirSync(out);
  const exported = runCli(a.sandbox, ['export', SID, '-o', out]);
  assert.equal(exported.status, 0, exported.stderr);
  assertPlain(exported);
  assert.deepEqual(readdirSync(out), [`ccsync-${SID}.jsonl`]);
  assert.match(readFileSync(join(out, `ccsync-${SID}.jsonl`), 'utf8'), /^\{"format":"ccsync-bundle"/);
  assert.match(exported.stderr, new RegExp(`to ${join(out, `ccsync-${SID}.jsonl`)}\\n$`));
  const project = runCli(a.sandbox, ['export', '--project', join(a.base, 'code', 'proj'), '-o', `${out}/`]);
  assert.equal(project.status, 0, project.stderr);
  assert.deepEqual(readdirSync(out).sort(), [`ccsync-${SID}.jsonl`, 'ccsync-proj.jsonl']);

  const imported = runCli(a.sandbox, ['import', out]);
  assert.equal(imported.status, 1);
  assertPlain(imported);
  assert.equal(imported.stderr, `ccsync: ${out} is a directory: give the bundle file that \`ccsync export -o\` wrote (e.g. ${join(out, 'ccsync-SESSION.jsonl')})\n`);
});

test('a dir: remote whose projects/ is a link to a volume that is not mounted: the failure says so in words', async () => {
  const p = await makePair();
  try {
    const sid = seededUuid('unmounted');
    put(transcriptPath(p.localClaude, p.L, sid), toJsonl(makeTranscriptLines(sid, p.L, 1)));
    mkdirSync(p.remoteClaude, { recursive: true });
    symlinkSync(join(p.root, 'volume-not-mounted', 'projects'), join(p.remoteClaude, 'projects'));
    const out = p.run(['push', 'b']);
    assert.equal(out.status, 1);
    assertPlain(out);
    assert.match(out.stdout + out.stderr, /projects is a link to .*volume-not-mounted\/projects, which does not exist \(is that volume mounted\?\)/);
  } finally {
    await p.cleanup();
  }
});

test('a dir: remote on a read-only mount: the failure names the read-only file system', async (t) => {
  const p = await makePair();
  const mountPoint = join(p.root, 'ro');
  mkdirSync(mountPoint);
  const mounted = process.getuid?.() === 0 && spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'ccsync-test', mountPoint]).status === 0;
  t.after(async () => {
    if (mounted) spawnSync('umount', [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
    await p.cleanup();
  });
  if (!mounted) return t.skip('cannot mount a read-only tmpfs here (needs root in a mount-capable namespace)');
  const sid = seededUuid('read-only');
  put(transcriptPath(p.localClaude, p.L, sid), toJsonl(makeTranscriptLines(sid, p.L, 1)));
  assert.equal(p.run(['remote', 'set', 'b', '--dest', `dir:${mountPoint}`]).status, 0);
  const out = p.run(['push', 'b']);
  assert.equal(out.status, 1);
  assertPlain(out);
  assert.match(out.stdout + out.stderr, /the file system is read-only/);
});
