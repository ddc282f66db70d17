// The promise of ccsync with the real Claude Code over a real sshd (issue #3: "The real-Claude
// end-to-end test of the core issue also runs over SSH"): a session made on machine A is pushed
// over ssh to machine B — the sshd's HOME, the project at another path — and resumes there with
// its earlier turns; after both sides continue it, one `sync` merges and both sides resume.
// Machine B's claude runs with HOME = the sshd's remote HOME, which its agent serves.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startFakeAnthropic, userTexts, type FakeAnthropic } from '../helpers/fake-anthropic.js';
import { claudeAvailable, runClaude } from '../helpers/claude-runner.js';
import { assertOnlyPaths, pathsSentWith } from '../helpers/request-paths.js';
import { SSHD, startSshd, type SshdFixture } from '../helpers/sshd.js';
import { cwdsOf, resetRemote, sshClient, uuidsOf } from '../helpers/ssh-cli.js';

const skip = !SSHD
  ? 'sshd not installed (apt-get install openssh-server): SSH tests skipped'
  : claudeAvailable() ? false : 'claude binary (devDependency) not available';

describe('real Claude Code on both ends of an ssh remote', { skip }, () => {
  let sshd: SshdFixture;
  let api: FakeAnthropic;
  before(async () => {
    sshd = await startSshd();
    api = await startFakeAnthropic();
  });
  after(async () => {
    await api?.close();
    await sshd?.stop();
  });

  async function claude(home: string, cwd: string, args: string[]): Promise<string> {
    const r = await runClaude({ home, cwd, args: ['-p', '--output-format', 'json', ...args], baseUrl: api.url });
    assert.equal(r.code, 0, `claude exited ${String(r.code)} in ${cwd}: ${r.stderr}\n${r.stdout}`);
    assert.ok(r.sessionId, `no session id: ${r.stdout}`);
    return r.sessionId;
  }

  /** The user turns Claude sent with the last request that carried `prompt`. */
  function historySentWith(prompt: string): string {
    const requests = api.conversationRequests(prompt);
    const last = requests[requests.length - 1];
    assert.ok(last, `no request carried ${JSON.stringify(prompt)}`);
    return userTexts(last).join('\n');
  }

  test('push over ssh, resume on B, continue both, sync, both resume', { timeout: 300_000 }, async (t) => {
    resetRemote(sshd);
    const client = await sshClient(sshd, { localProjectName: 'proj é' });
    t.after(() => client.cleanup());
    const homeA = client.sandbox.home;
    const sid = await claude(homeA, client.localProject, ['hello from A']);

    const pushed = await client.ok(['push', 'pod', '--json']);
    assert.equal(pushed['done'], 1, JSON.stringify(pushed));
    const onA = client.localTranscript(sid);
    const onB = client.remoteTranscript(sid);
    assert.deepEqual(cwdsOf(onB), [client.remoteProject]);
    assert.equal(await claude(sshd.remoteHome, client.remoteProject, ['--resume', sid, 'next on B']), sid);
    assert.match(historySentWith('next on B'), /hello from A/);
    assertOnlyPaths(pathsSentWith(api, 'next on B'), 'resumed on B over ssh', client.remoteProject, homeA);

    await claude(homeA, client.localProject, ['--resume', sid, 'more on A']);
    const synced = await client.ok(['sync', 'pod', '--json']);
    assert.equal(synced['conflicts'], 0, JSON.stringify(synced));
    for (const [file, home, project, side] of [
      [onA, homeA, client.localProject, 'A'],
      [onB, sshd.remoteHome, client.remoteProject, 'B'],
    ] as const) {
      const text = readFileSync(file, 'utf8');
      assert.match(text, /next on B/, `${file} lacks B's turn`);
      assert.match(text, /more on A/, `${file} lacks A's turn`);
      assert.deepEqual(cwdsOf(file), [project], `${file} has a foreign cwd`);
      const uuids = uuidsOf(file);
      assert.equal(new Set(uuids).size, uuids.length, `${file} has duplicated lines`);
      const prompt = `after sync in ${side}`;
      assert.equal(await claude(home, project, ['--resume', sid, prompt]), sid);
      // Both continuations hang off the same parent: Claude resumes the newest branch, so only
      // the shared start is certain to be sent (the other branch is in the file, not the chain).
      const history = historySentWith(prompt);
      assert.match(history, /hello from A/);
      t.diagnostic(`history sent on ${side} after sync: ${JSON.stringify(history)}`);
    }

    // The two resumes above cross in one more sync; then the pair is settled.
    const again = await client.ok(['sync', 'pod', '--json']);
    assert.equal(again['failed'], 0, JSON.stringify(again));
    const final = await client.ok(['sync', 'pod', '--json']);
    assert.deepEqual(final['actions'], [], `a settled pair still plans work: ${JSON.stringify(final)}`);
  });
});
