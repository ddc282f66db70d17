import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forkSessionId } from '../../src/planner/fork-id.js';

const SID = '3f2b8c1e-7d4a-4e6b-9a1c-0d5e8f7a6b21';
const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('forkSessionId is a version-5-shaped UUID', () => {
  assert.match(forkSessionId(SID, 'fp-a'), UUID_V5);
  assert.match(forkSessionId('', ''), UUID_V5);
});

test('forkSessionId is deterministic, so a rerun does not fork twice', () => {
  assert.equal(forkSessionId(SID, 'fp-a'), forkSessionId(SID, 'fp-a'));
});

test('forkSessionId differs by session and by incoming fingerprint, and never equals the session', () => {
  const ids = new Set([forkSessionId(SID, 'fp-a'), forkSessionId(SID, 'fp-b'), forkSessionId(`${SID}x`, 'fp-a')]);
  assert.equal(ids.size, 3);
  assert.notEqual(forkSessionId(SID, 'fp-a'), SID);
  // no ambiguity from concatenation: ("ab","c") vs ("a","bc")
  assert.notEqual(forkSessionId('ab', 'c'), forkSessionId('a', 'bc'));
});
