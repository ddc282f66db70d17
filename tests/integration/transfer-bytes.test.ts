// Issue #13, defect 5: every byte that is not part of a mapped path arrives unchanged — also
// in a line that is not valid UTF-8, by copy, append and merge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync } from 'node:fs';
import { makeTranscript, seededUuid } from '../helpers/transcripts.js';
import { makePair, put, transcriptPath } from './transfer-harness.js';

const SID = seededUuid('bytes-session');

/** A JSON line holding a mapped path and the bytes 0xff 0xfe and a cut-off 3-byte sequence. */
function oddLine(cwd: string, uuid: string, timestamp: string): Buffer {
  const [before, after] = JSON.stringify({ type: 'user', uuid, timestamp, cwd, message: { role: 'user', content: 'BYTES' } }).split('BYTES');
  return Buffer.concat([Buffer.from(before ?? ''), Buffer.from([0x61, 0xff, 0xfe, 0x62, 0xe2, 0x82, 0x63]), Buffer.from(`${after ?? ''}\n`)]);
}

function swapBytes(data: Buffer, from: string, to: string): Buffer {
  return Buffer.from(data.toString('latin1').split(from).join(to), 'latin1');
}

test('a line with invalid UTF-8 and a mapped path crosses with only the path changed (copy, append, merge)', async () => {
  const p = await makePair();
  try {
    const localFile = transcriptPath(p.localClaude, p.L, SID);
    const remoteFile = transcriptPath(p.remoteClaude, p.R, SID);
    put(localFile, Buffer.concat([Buffer.from(makeTranscript(SID, p.L, 1)), oddLine(p.L, seededUuid('odd-1'), '2026-01-01T01:00:00.000Z')]));
    assert.equal(p.json(['push', 'b']).done, 1);
    assert.deepEqual(readFileSync(remoteFile), swapBytes(readFileSync(localFile), p.L, p.R), 'copy');

    appendFileSync(localFile, oddLine(p.L, seededUuid('odd-2'), '2026-01-01T02:00:00.000Z'));
    assert.equal(p.json(['push', 'b']).done, 1);
    assert.deepEqual(readFileSync(remoteFile), swapBytes(readFileSync(localFile), p.L, p.R), 'append');

    // both grow: the merge carries each side's odd line to the other
    appendFileSync(localFile, oddLine(p.L, seededUuid('odd-3'), '2026-01-01T03:00:00.000Z'));
    appendFileSync(remoteFile, oddLine(p.R, seededUuid('odd-4'), '2026-01-01T04:00:00.000Z'));
    const merged = p.json(['sync', 'b']);
    assert.equal(merged.failed + merged.conflicts, 0, JSON.stringify(merged));
    assert.deepEqual(readFileSync(remoteFile), swapBytes(readFileSync(localFile), p.L, p.R), 'merge');
    assert.ok(!readFileSync(localFile).includes(Buffer.from('\ufffd')), 'no replacement character');
  } finally {
    await p.cleanup();
  }
});
