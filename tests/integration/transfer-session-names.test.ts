// Issue #13, defect 6: only names of the form Claude Code gives sessions (a lowercase UUID,
// ../shared/claude-code-format.md) are sessions. `..jsonl`, `.jsonl`, `notes.jsonl` are left
// alone with one warning each; `..jsonl` never makes the whole project dir a companion tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { makeTranscript, seededUuid } from '../helpers/transcripts.js';
import { makePair, put, transcriptPath } from './transfer-harness.js';

const SID = seededUuid('named-session');

test('a *.jsonl that is not named like a session is left alone with one warning', async () => {
  const p = await makePair();
  try {
    const localFile = transcriptPath(p.localClaude, p.L, SID);
    const dir = dirname(localFile);
    put(localFile, makeTranscript(SID, p.L, 1));
    const odd = ['..jsonl', '.jsonl', 'notes.jsonl', `${SID.toUpperCase()}.jsonl`];
    for (const name of odd) put(join(dir, name), makeTranscript(SID, p.L, 1, { seed: name }));
    const result = p.json(['push', 'b']);
    assert.deepEqual(result.actions.map((action) => [action.kind, action.key]), [['copy', `${SID}.jsonl`]], JSON.stringify(result));
    for (const name of odd) {
      const about = result.warnings.filter((warning) => warning.includes(`/${name}:`));
      assert.equal(about.length, 1, `one warning about ${name}: ${JSON.stringify(result.warnings)}`);
    }
    assert.deepEqual(readdirSync(dirname(transcriptPath(p.remoteClaude, p.R, SID))), [`${SID}.jsonl`]);
    const again = p.json(['push', 'b']);
    assert.deepEqual(again.actions, [], JSON.stringify(again));
    // verify and sessions see one session, not `.` with the whole dir as its companions
    const verify = p.run(['verify', '--json']);
    assert.equal(verify.status, 0, verify.stderr);
    const sessions = z.object({ sessions: z.array(z.object({ sessionId: z.string() })) }).parse(JSON.parse(verify.stdout)).sessions;
    assert.deepEqual(sessions.map((session) => session.sessionId), [SID]);
  } finally {
    await p.cleanup();
  }
});
