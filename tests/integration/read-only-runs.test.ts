// `--dry-run` and `status` write nothing anywhere (issue #10 item 5): not the remote's Claude
// dir (it used to be created), not the local state dir (the lock file made it), not a backup.
// Every file and dir under the sandbox (local home and Claude dir, state, config, the dir:
// remote's home) is compared — paths, modes, sizes, mtimes, contents — before and after, on a
// first contact (nothing there yet) and after a real push with changes pending on both sides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTranscript, makeTranscriptLines, seededUuid, toJsonl } from '../helpers/transcripts.js';
import { makePair, put, snapshot, transcriptPath, type Pair } from './transfer-harness.js';

const READ_ONLY_RUNS = [
  ['push', 'b', '--dry-run'],
  ['pull', 'b', '--dry-run', '--json'],
  ['sync', 'b', '--dry-run', '--config', '--project-settings'],
  ['sync', 'b', '--all', '--dry-run', '--delete'],
  ['status', 'b'],
  ['status'],
  ['status', 'b', '--config', '--json'],
  ['resolve', 'b', '--dry-run'],
  ['resolve', 'b'],
];

function assertWritesNothing(p: Pair, when: string): void {
  for (const args of READ_ONLY_RUNS) {
    const before = snapshot(p.root);
    const out = p.run(args);
    assert.ok(out.status === 0 || out.status === 3, `${when}: ccsync ${args.join(' ')} exited ${String(out.status)}: ${out.stderr}`);
    assert.deepEqual(snapshot(p.root), before, `${when}: ccsync ${args.join(' ')} wrote something`);
  }
}

test('dry runs and status write nothing, on a first contact and with changes pending on both sides', async () => {
  const p = await makePair();
  try {
    const sids = [seededUuid('ro-1'), seededUuid('ro-2')];
    for (const sid of sids) put(transcriptPath(p.localClaude, p.L, sid), toJsonl(makeTranscriptLines(sid, p.L, 2, { title: `session ${sid.slice(0, 4)}` })));
    put(join(p.localClaude, 'settings.json'), '{\n  "model": "opus"\n}\n');
    put(join(p.localClaude, 'history.jsonl'), `${JSON.stringify({ display: 'fix the parser', pastedContents: {}, timestamp: 1767225600000, project: p.L })}\n`);
    assert.equal(existsSync(p.remoteClaude), false, 'a fresh remote: no Claude dir yet');
    assert.equal(existsSync(p.box.stateDir), false, 'no state dir yet');
    assertWritesNothing(p, 'first contact');
    assert.equal(existsSync(p.remoteClaude), false);
    assert.equal(existsSync(p.box.stateDir), false);

    assert.equal(p.json(['push', 'b', '--config']).failed, 0);
    const first = sids[0] ?? '';
    appendFileSync(transcriptPath(p.localClaude, p.L, first), makeTranscript(first, p.L, [{ prompt: 'more here', reply: 'ok' }], { seed: 'more-local', start: '2026-02-01T00:00:00.000Z' }));
    appendFileSync(transcriptPath(p.remoteClaude, p.R, sids[1] ?? ''), makeTranscript(sids[1] ?? '', p.R, [{ prompt: 'more there', reply: 'ok' }], { seed: 'more-remote', start: '2026-02-01T00:00:00.000Z' }));
    writeFileSync(join(p.remoteClaude, 'settings.json'), '{\n  "model": "sonnet"\n}\n');
    assertWritesNothing(p, 'after a push, changes on both sides');
  } finally {
    await p.cleanup();
  }
});
