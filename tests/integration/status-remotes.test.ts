// `ccsync status` with no remote named (issue #10): the remotes that map this directory in full,
// the others one line each, exit 0 unless something is wrong — a remote that maps here but is
// unreachable or whose settings do not resolve. A pod whose `${PORT}` is unset today, mapping
// another project, does not fail the status of this one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { makeTranscriptLines, seededUuid, toJsonl } from '../helpers/transcripts.js';
import { makePair, put, transcriptPath } from './transfer-harness.js';

const statusSchema = z.object({
  remotes: z.array(z.object({ remote: z.string(), sessions: z.array(z.looseObject({ sessionId: z.string(), status: z.string() })).optional(), error: z.string().optional() })),
  skipped: z.array(z.object({ remote: z.string(), reason: z.string() })),
});

test('status with no remote: the remotes that map this dir in full, the others one line each, exit 0', async () => {
  const p = await makePair();
  try {
    const sid = seededUuid('status-remotes');
    put(transcriptPath(p.localClaude, p.L, sid), toJsonl(makeTranscriptLines(sid, p.L, 2, { title: 'Mapped here' })));
    mkdirSync(join(p.root, 'c-home'));
    const other = join(p.root, 'a', 'other');
    mkdirSync(other, { recursive: true });
    for (const args of [
      ['remote', 'add', 'c', `dir:${join(p.root, 'c-home')}`],
      ['map', 'add', 'c', other, '/srv/other'],
      ['remote', 'add', 'd', `dir:${join(p.root, 'c-home')}`, '--claude-dir', 'd-claude'],
      ['remote', 'add', 'pod', 'root@203.0.113.7', '--port', '${POD_PORT_UNSET_HERE}'],
      ['map', 'add', 'pod', other, '/workspace/other'],
    ]) assert.equal(p.run(args).status, 0, args.join(' '));

    const out = p.run(['status']);
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, new RegExp(`^b:\\n  STATUS .*\\n  local-only +${sid.slice(0, 8)} .*Mapped here\\n`));
    assert.match(out.stdout, /\nc: does not map this directory \(`ccsync status c --all` shows its projects\)\n/);
    assert.match(out.stdout, /\nd: no path mappings \(`ccsync map add d LOCAL_PATH REMOTE_PATH`\)\n/);
    assert.match(out.stdout, /\npod: does not map this directory/);
    assert.equal(out.stderr, '');

    const json = statusSchema.parse(JSON.parse(p.run(['status', '--json']).stdout));
    assert.deepEqual(json.remotes.map((entry) => entry.remote), ['b']);
    assert.deepEqual(json.skipped.map((entry) => entry.remote), ['c', 'd', 'pod']);

    const elsewhere = join(p.root, 'a', 'unmapped');
    mkdirSync(elsewhere);
    const none = p.run(['status'], elsewhere);
    assert.equal(none.status, 0, 'no remote mapping this dir is not an error');
    assert.match(none.stdout, /^b: does not map this directory/);
    assert.match(none.stderr, new RegExp(`no remote maps ${elsewhere}: \`ccsync map add REMOTE `));

    const all = p.run(['status', '--all']);
    assert.equal(all.status, 1, 'with --all the pod maps a project but its port does not resolve: that is wrong');
    assert.match(all.stdout, /\npod:\n  error: .*POD_PORT_UNSET_HERE/);
    assert.match(all.stdout, /^b:\n/);
    assert.match(all.stdout, /\nc:\n  no sessions in scope\n/);
  } finally {
    await p.cleanup();
  }
});

test('status with no remote: a remote that maps here but is unreachable is an error (exit 1); the others still show', async () => {
  const p = await makePair();
  try {
    mkdirSync(join(p.root, 'c-home'));
    assert.equal(p.run(['remote', 'add', 'c', `dir:${join(p.root, 'c-home')}`]).status, 0);
    assert.equal(p.run(['map', 'add', 'c', p.L, '/srv/proj']).status, 0);
    rmSync(join(p.root, 'c-home'), { recursive: true });
    const out = p.run(['status']);
    assert.equal(out.status, 1);
    assert.match(out.stdout, /^b:\n  no sessions in scope\nc:\n  error: remote 'c': .* does not exist or is not a directory/);
  } finally {
    await p.cleanup();
  }
});
