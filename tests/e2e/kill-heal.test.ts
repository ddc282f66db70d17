// Issue #13: kill -9 at random moments of pushes — to a `dir:` remote, and over a real loopback
// sshd to the node agent and to the sh agent — including mid-append of a tail of a few MB
// (tests/helpers/kill-heal.ts has the schedule and the checks). Every kill is healed by the next
// push: exit 0, nothing lost or twice, no partial line, no temp file or journal left.
// The seed is printed; CCSYNC_KILL_SEED replays a schedule, CCSYNC_KILLS sets the kills per
// transport (CI: 12 to dir:, 10 over each SSH agent).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox } from '../integration/cli-harness.js';
import { killAndHeal, type KillWorld } from '../helpers/kill-heal.js';
import { killSchedule } from '../helpers/kill-schedule.js';
import { SSHD, startSshd, type SshdFixture } from '../helpers/sshd.js';
import { resetRemote, runCliAsync, sshClient } from '../helpers/ssh-cli.js';

const skipSsh = SSHD ? false : 'sshd not installed (apt-get install openssh-server): SSH tests skipped';

test('kill -9 during pushes to a dir: remote, each healed by the next push', { timeout: 900_000 }, async (t) => {
  const box = await makeSandbox();
  t.after(() => box.cleanup());
  const localProject = join(box.root, 'a', 'proj');
  const remoteHome = join(box.root, 'b-home');
  const remoteProject = join(box.root, 'b', 'work', 'proj');
  mkdirSync(localProject, { recursive: true });
  mkdirSync(join(box.home, '.claude'), { recursive: true });
  mkdirSync(remoteHome, { recursive: true });
  const run = (args: string[], onSpawn?: (pid: number) => void) => runCliAsync(box.env, args, localProject, { timeoutMs: 120_000, ...(onSpawn ? { onSpawn } : {}) });
  assert.equal((await run(['remote', 'add', 'pod', `dir:${remoteHome}`])).code, 0);
  assert.equal((await run(['map', 'add', 'pod', localProject, remoteProject])).code, 0);
  const world: KillWorld = { label: 'dir:', localClaude: join(box.home, '.claude'), remoteClaude: join(remoteHome, '.claude'), localProject, remoteProject, run };
  const schedule = killSchedule(12);
  t.diagnostic(`seed ${schedule.seed} (CCSYNC_KILL_SEED=${schedule.seed} replays it)`);
  const tally = await killAndHeal(world, schedule, (line) => t.diagnostic(line));
  assert.ok(tally.leftovers > 0, `seed ${schedule.seed}: no kill landed mid-write, the schedule tested nothing`);
});

for (const agent of ['node', 'sh'] as const) {
  describe(`kill -9 during pushes over ssh (${agent} agent)`, { skip: skipSsh }, () => {
    let sshd: SshdFixture;
    before(async () => {
      sshd = await startSshd({ withoutNode: agent === 'sh' });
    });
    after(async () => {
      await sshd?.stop();
    });

    test(`each kill (of ccsync, and of the remote's agent with it) is healed by the next push`, { timeout: 1_500_000 }, async (t) => {
      resetRemote(sshd);
      const client = await sshClient(sshd);
      t.after(() => client.cleanup());
      const world: KillWorld = {
        label: `ssh (${agent} agent)`,
        localClaude: client.claudeDir,
        remoteClaude: client.remoteClaudeDir,
        localProject: client.localProject,
        remoteProject: client.remoteProject,
        remoteHome: sshd.remoteHome,
        scratchDir: join(sshd.remoteHome, '.cache', 'ccsync'),
        run: (args, onSpawn) => client.run(args, { timeoutMs: 180_000, ...(onSpawn ? { onSpawn } : {}) }),
      };
      const schedule = killSchedule(10);
      t.diagnostic(`seed ${schedule.seed} (CCSYNC_KILL_SEED=${schedule.seed} replays it)`);
      const tally = await killAndHeal(world, schedule, (line) => t.diagnostic(line));
      assert.ok(tally.leftovers + tally.partialTails > 0, `seed ${schedule.seed}: no kill landed mid-write, the schedule tested nothing`);
    });
  });
}
