// Steps shared by the end-to-end tests with the real Claude Code (tests/e2e/*resume*.test.ts):
// run `claude -p` against the fake Messages API, read back what it sent, read a transcript's cwds.
import assert from 'node:assert/strict';
import { runClaude } from './claude-runner.js';
import { userTexts, type FakeAnthropic } from './fake-anthropic.js';
import { fileFieldValues } from './jsonl-fields.js';

/** `claude -p --output-format json ARGS` in `cwd` with HOME `home`; returns the session id. */
export async function claudePrint(api: FakeAnthropic, home: string, cwd: string, args: string[], env?: Record<string, string>): Promise<string> {
  const r = await runClaude({ home, cwd, args: ['-p', '--output-format', 'json', ...args], baseUrl: api.url, ...(env === undefined ? {} : { env }) });
  assert.equal(r.code, 0, `claude exited ${String(r.code)} in ${cwd}: ${r.stderr}\n${r.stdout}`);
  assert.ok(r.sessionId, `no session id: ${r.stdout}`);
  return r.sessionId;
}

/** The user turns Claude sent with the last request that carried `prompt`. */
export function historySentWith(api: FakeAnthropic, prompt: string): string {
  const requests = api.conversationRequests(prompt);
  const last = requests[requests.length - 1];
  assert.ok(last, `no request carried ${JSON.stringify(prompt)}`);
  return userTexts(last).join('\n');
}

/** The `cwd` of every line of a transcript that has one. */
export function cwdsOf(file: string): string[] {
  return fileFieldValues(file, 'cwd');
}
