// Session ids as `status` prints them (issue #10): a unique prefix (8 characters, or any 4+)
// works wherever an id is taken — push/pull/sync --session (either side, a remote-only
// session too), export, resolve, launch --resume — and an ambiguous one lists the candidates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTranscriptLines, toJsonl } from '../helpers/transcripts.js';
import { exists, makePair, put, transcriptPath } from './transfer-harness.js';

const A = 'abcd1234-0000-4000-8000-00000000000a';
const B = 'abcd5678-0000-4000-8000-00000000000b';
const C = 'ef012345-0000-4000-8000-00000000000c';

test('a unique prefix works wherever an id is taken; an ambiguous one lists the candidates', async () => {
  const p = await makePair();
  try {
    put(transcriptPath(p.localClaude, p.L, A), toJsonl(makeTranscriptLines(A, p.L, 2, { title: 'First' })));
    put(transcriptPath(p.localClaude, p.L, B), toJsonl(makeTranscriptLines(B, p.L, 2, { title: 'Second' })));
    put(transcriptPath(p.remoteClaude, p.R, C), toJsonl(makeTranscriptLines(C, p.R, 2, { title: 'Remote only' })));

    const pushed = p.json(['push', 'b', '--session', 'abcd1234']);
    assert.deepEqual(pushed.actions.map((action) => action.key), [`${A}.jsonl`]);
    assert.ok(exists(transcriptPath(p.remoteClaude, p.R, A)));
    assert.equal(exists(transcriptPath(p.remoteClaude, p.R, B)), false);

    const pulled = p.json(['pull', 'b', '--session', 'EF012345']);
    assert.deepEqual(pulled.actions.map((action) => action.key), [`${C}.jsonl`], 'a session only the remote has, by prefix, any case');

    const ambiguous = p.run(['push', 'b', '--session', 'abcd']);
    assert.equal(ambiguous.status, 1);
    assert.equal(
      ambiguous.stderr,
      `ccsync: abcd is the start of 2 session ids in this project here or on 'b'; give more of the id:\n  ${A}  here, on 'b'\n  ${B}  here\n`,
    );
    const none = p.run(['push', 'b', '--session', '0123']);
    assert.equal(none.status, 1);
    assert.match(none.stderr, /^ccsync: no session id starts with 0123 in this project here or on 'b': /);
    const bad = p.run(['push', 'b', '--session', 'abc']);
    assert.equal(bad.status, 2, 'under 4 characters is not a prefix');
    assert.match(bad.stderr, /--session: "abc" is not a session id or the start of one \(at least 4 characters/);

    const bundle = join(p.root, 'a.bundle');
    const exported = p.run(['export', 'abcd5678', '-o', bundle]);
    assert.equal(exported.status, 0, exported.stderr);
    assert.ok(readFileSync(bundle, 'utf8').includes(`"sessions":["${B}"]`));
    const exportAmbiguous = p.run(['export', 'abcd', '-o', bundle]);
    assert.equal(exportAmbiguous.status, 1);
    assert.match(exportAmbiguous.stderr, new RegExp(`abcd is the start of 2 session ids .*\\n  ${A}  ${p.L}\\n  ${B}  ${p.L}\\n$`));

    const resolved = p.run(['resolve', 'b', 'abcd1234', '--dry-run']);
    assert.equal(resolved.status, 0, resolved.stderr);
    assert.match(resolved.stdout, new RegExp(`session ${A} is not in conflict with 'b'`));
    const bare = p.run(['resolve', 'abcd1234', '--dry-run']);
    assert.equal(bare.status, 0, bare.stderr);
    assert.match(bare.stdout, new RegExp(`session ${A} is not in conflict`), 'REMOTE left out: the prefix is taken as the session');

    assert.equal(p.run(['remote', 'add', 'pod', 'root@pod.example']).status, 0);
    assert.equal(p.run(['map', 'add', 'pod', p.L, '/workspace/proj']).status, 0);
    const launch = p.run(['launch', 'pod', '--resume', 'abcd5678', '--dry-run']);
    assert.equal(launch.status, 0, launch.stderr);
    assert.ok(launch.stdout.includes(`'"'"'--resume'"'"' '"'"'${B}'"'"'`), launch.stdout);
    const launchAmbiguous = p.run(['launch', 'pod', '--resume', 'abcd', '--dry-run']);
    assert.equal(launchAmbiguous.status, 1);
    assert.match(launchAmbiguous.stderr, /abcd is the start of 2 session ids on this machine/);
  } finally {
    await p.cleanup();
  }
});
