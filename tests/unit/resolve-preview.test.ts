// What the resolve picker shows, and the line identity that decides whether a fork copy is
// kept elsewhere in full.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missingFrom, sameHistory } from '../../src/resolve/history-keys.js';
import { lastMessages } from '../../src/resolve/preview.js';
import { makeTranscript } from '../helpers/transcripts.js';

const jsonl = (values: unknown[]): Buffer => Buffer.from(values.map((value) => `${JSON.stringify(value)}\n`).join(''));

test('lastMessages: typed prompts and answer texts, oldest first; tool calls, results, meta and wrappers skipped', () => {
  const data = jsonl([
    { type: 'user', uuid: 'a', message: { role: 'user', content: 'first question' } },
    { type: 'assistant', uuid: 'b', message: { content: [{ type: 'text', text: 'first answer' }] } },
    { type: 'user', uuid: 'c', message: { role: 'user', content: 'second   question\nwith a newline' } },
    { type: 'assistant', uuid: 'd', message: { content: [{ type: 'tool_use', id: 't', name: 'Read', input: {} }] } },
    { type: 'user', uuid: 'e', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'file text' }] } },
    { type: 'user', uuid: 'f', isMeta: true, message: { role: 'user', content: 'caveat' } },
    { type: 'user', uuid: 'g', message: { role: 'user', content: '<command-name>/clear</command-name>' } },
    { type: 'assistant', uuid: 'h', message: { content: [{ type: 'text', text: 'x'.repeat(300) }] } },
    { type: 'last-prompt', lastPrompt: 'second question' },
  ]);
  const messages = lastMessages(Buffer.concat([data, Buffer.from('{"type":"user","message":{"content":"partial')]));
  assert.deepEqual(messages.map((message) => message.role), ['assistant', 'user', 'assistant']);
  assert.equal(messages[0]?.text, 'first answer');
  assert.equal(messages[1]?.text, 'second question with a newline');
  assert.equal(messages[2]?.text.length, 100);
  assert.ok(messages[2]?.text.endsWith('…'));
  assert.deepEqual(lastMessages(Buffer.alloc(0)), []);
});

test('history keys: a fork copy (sessionId renamed) is all in its source; one more line is missing', () => {
  const sid = '11111111-1111-4111-8111-111111111111';
  const fork = '22222222-2222-5222-8222-222222222222';
  const source = Buffer.from(makeTranscript(sid, '/a/proj', 2, { title: 'T' }));
  const renamed = Buffer.from(source.toString('utf8').split(sid).join(fork));
  assert.equal(missingFrom(renamed, [source]), 0);
  assert.ok(sameHistory(renamed, source));
  const longer = Buffer.concat([renamed, Buffer.from(makeTranscript(fork, '/a/proj', 1, { seed: 'more' }))]);
  assert.ok(missingFrom(longer, [source]) > 0);
  assert.equal(missingFrom(longer, [source, Buffer.from(makeTranscript(sid, '/a/proj', 1, { seed: 'more' }))]), 0, 'kept across two histories');
  assert.equal(sameHistory(longer, source), false);
  // the same uuid-less line with another path is another line
  assert.equal(missingFrom(Buffer.from(source.toString('utf8').split('/a/proj').join('/b/proj')), [source]) > 0, true);
});
