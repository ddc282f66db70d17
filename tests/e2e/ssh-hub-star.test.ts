// Issue #13, "a hub for machines that cannot reach each other": three machines (laptop, pod1,
// pod2: three HOMEs with the project at three different paths) that each sync only with one SSH
// hub (the loopback sshd's account; its Claude dir lives in the fixture's temp dir). The real
// Claude Code, offline, starts a session on the laptop; pod1 resumes it and adds a turn, pod2
// resumes that and adds one more, and back on the laptop the resume request carries every turn.
// Every sync exits 0 (no conflict), every copy keeps its machine's own paths, no line twice.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startFakeAnthropic, type FakeAnthropic } from '../helpers/fake-anthropic.js';
import { claudeAvailable } from '../helpers/claude-runner.js';
import { claudePrint, cwdsOf, historySentWith } from '../helpers/claude-e2e.js';
import { SSHD, startSshd, type SshdFixture } from '../helpers/sshd.js';
import { resetRemote, sshClient, uuidsOf, type SshClient } from '../helpers/ssh-cli.js';

const skip = !SSHD
  ? 'sshd not installed (apt-get install openssh-server): SSH tests skipped'
  : claudeAvailable() ? false : 'claude binary (devDependency) not available';

describe('a star of three machines through an ssh hub, real Claude Code on each', { skip }, () => {
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

  /** `ccsync sync hub` on one machine: exit 0, no conflict, nothing failed. */
  async function syncHub(machine: SshClient, name: string): Promise<void> {
    const result = await machine.ok(['sync', 'hub', '--json']);
    assert.equal(result['conflicts'], 0, `${name}: ${JSON.stringify(result)}`);
    assert.equal(result['failed'], 0, `${name}: ${JSON.stringify(result)}`);
  }

  function assertOwnCopy(machine: SshClient, sid: string, name: string): void {
    const file = machine.localTranscript(sid);
    assert.deepEqual([...new Set(cwdsOf(file))], [machine.localProject], `${name}'s copy holds another machine's path`);
    const uuids = uuidsOf(file);
    assert.equal(new Set(uuids).size, uuids.length, `${name}'s copy holds a line twice`);
  }

  test('laptop → hub → pod1 → hub → pod2 → hub → laptop: the laptop resumes with every turn', { timeout: 600_000 }, async (t) => {
    resetRemote(sshd);
    const [laptop, pod1, pod2] = await Promise.all(
      ['laptop', 'pod1', 'pod2'].map((name) => sshClient(sshd, { name: 'hub', localProjectName: `proj-${name}` })),
    );
    assert.ok(laptop && pod1 && pod2);
    t.after(() => Promise.all([laptop.cleanup(), pod1.cleanup(), pod2.cleanup()]));

    const sid = await claudePrint(api, laptop.sandbox.home, laptop.localProject, ['hello from the laptop']);
    await syncHub(laptop, 'laptop');
    assert.deepEqual([...new Set(cwdsOf(laptop.remoteTranscript(sid)))], [laptop.remoteProject], 'the hub holds a foreign path');

    await syncHub(pod1, 'pod1');
    assert.equal(await claudePrint(api, pod1.sandbox.home, pod1.localProject, ['--resume', sid, 'next on pod1']), sid);
    assert.match(historySentWith(api, 'next on pod1'), /hello from the laptop/);
    await syncHub(pod1, 'pod1');

    await syncHub(pod2, 'pod2');
    assert.equal(await claudePrint(api, pod2.sandbox.home, pod2.localProject, ['--resume', sid, 'more on pod2']), sid);
    const onPod2 = historySentWith(api, 'more on pod2');
    assert.match(onPod2, /hello from the laptop/);
    assert.match(onPod2, /next on pod1/);
    await syncHub(pod2, 'pod2');

    await syncHub(laptop, 'laptop');
    assert.equal(await claudePrint(api, laptop.sandbox.home, laptop.localProject, ['--resume', sid, 'back on the laptop']), sid);
    const back = historySentWith(api, 'back on the laptop');
    for (const turn of ['hello from the laptop', 'next on pod1', 'more on pod2']) assert.match(back, new RegExp(turn), `the laptop's resume lacks "${turn}"`);
    t.diagnostic(`sent on the laptop: ${JSON.stringify(back)}`);

    // the last turn goes round too; then all four copies hold the same lines, each with its own paths
    await syncHub(laptop, 'laptop');
    await syncHub(pod1, 'pod1');
    await syncHub(pod2, 'pod2');
    const hub = uuidsOf(laptop.remoteTranscript(sid));
    for (const [machine, name] of [[laptop, 'laptop'], [pod1, 'pod1'], [pod2, 'pod2']] as const) {
      assertOwnCopy(machine, sid, name);
      assert.deepEqual([...uuidsOf(machine.localTranscript(sid))].sort(), [...hub].sort(), `${name} and the hub hold different lines`);
      assert.match(readFileSync(machine.localTranscript(sid), 'utf8'), /back on the laptop/);
    }
    for (const [machine, name] of [[laptop, 'laptop'], [pod1, 'pod1'], [pod2, 'pod2']] as const) {
      const idle = await machine.ok(['sync', 'hub', '--json']);
      assert.deepEqual(idle['actions'], [], `${name} still plans work once all is settled: ${JSON.stringify(idle)}`);
    }
  });
});
