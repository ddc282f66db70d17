// push / pull / sync over a real sshd (issue #3, "Tests"): the CLI in a temp HOME, a remote
// added by its ssh-config alias, a path map. Files land under the remote HOME's .claude with
// their paths rewritten; appends cross as appends; both-grew merges; a rewritten history forks
// (exit 3). Every run is one ssh connection and stays within the turn budget
// (no change ≤ 2 turns after connecting, changes ≤ 3).
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { readFileSync, writeFileSync } from 'node:fs';
import { SSHD, startSshd, type SshdFixture } from '../helpers/sshd.js';
import { appendTurn, cwdsOf, resetRemote, sshClient, uuidsOf, type SshClient } from '../helpers/ssh-cli.js';

const skip = SSHD ? false : 'sshd not installed (apt-get install openssh-server): SSH tests skipped';
const SID = '5b0c2a10-1d2e-4f3a-8b4c-5d6e7f8a9b01';

const summarySchema = z.object({
  turns: z.object({ local: z.number(), remote: z.number() }),
  done: z.number(),
  conflicts: z.number(),
  failed: z.number(),
  actions: z.array(z.object({ kind: z.string(), status: z.string(), key: z.string() })),
});
type Summary = z.infer<typeof summarySchema>;

function summary(json: unknown): Summary {
  return summarySchema.parse(json);
}

describe('push, pull and sync over ssh', { skip }, () => {
  let sshd: SshdFixture;
  let client: SshClient;
  before(async () => {
    sshd = await startSshd();
  });
  after(async () => {
    await sshd?.stop();
  });
  beforeEach(async () => {
    resetRemote(sshd);
    client = await sshClient(sshd);
  });

  /** One CLI run that must succeed, over exactly one new ssh connection. */
  async function oneConnection(args: string[], env?: Record<string, string>): Promise<Summary> {
    const before = sshd.connections();
    const result = summary(await client.ok(args, env));
    assert.equal(sshd.connections() - before, 1, `ccsync ${args.join(' ')} opened ${sshd.connections() - before} ssh connections`);
    return result;
  }

  test('push copies a session to the remote HOME with its paths rewritten; a second sync has nothing to do', async (t) => {
    t.after(() => client.cleanup());
    const local = client.writeLocal(SID, 3);
    const pushed = await oneConnection(['push', 'pod', '--json']);
    assert.equal(pushed.done, 1, JSON.stringify(pushed));
    assert.ok(pushed.turns.remote <= 3, `push with changes took ${pushed.turns.remote} turns`);
    const remote = client.remoteTranscript(SID);
    assert.ok(remote.startsWith(`${sshd.remoteHome}/.claude/projects/`), remote);
    assert.deepEqual(cwdsOf(remote), [client.remoteProject]);
    assert.deepEqual(uuidsOf(remote), uuidsOf(local));
    const remoteText = readFileSync(remote, 'utf8');
    assert.ok(!remoteText.includes(client.localProject), 'a local path survived on the remote');
    assert.ok(remoteText.includes(`${client.remoteProject}/src/file1.ts`), 'tool paths were not rewritten');

    const idle = await oneConnection(['sync', 'pod', '--json']);
    assert.deepEqual(idle.actions, []);
    assert.ok(idle.turns.remote <= 2, `a no-change sync took ${idle.turns.remote} turns`);
  });

  test('appends cross as appends both ways, leaving the other side\'s bytes as they were', async (t) => {
    t.after(() => client.cleanup());
    const local = client.writeLocal(SID, 2);
    await oneConnection(['push', 'pod', '--json']);
    const remote = client.remoteTranscript(SID);
    const remoteBefore = readFileSync(remote);

    appendTurn(local, SID, client.localProject, 'more-on-a', 1);
    const synced = await oneConnection(['sync', 'pod', '--json']);
    assert.deepEqual(synced.actions.map((a) => `${a.kind}:${a.status}`), ['append:done']);
    assert.ok(synced.turns.remote <= 3, `a sync with changes took ${synced.turns.remote} turns`);
    const remoteAfter = readFileSync(remote);
    assert.ok(remoteAfter.subarray(0, remoteBefore.length).equals(remoteBefore), 'the remote prefix changed: not an append');
    assert.deepEqual(uuidsOf(remote), uuidsOf(local));
    assert.deepEqual(cwdsOf(remote), [client.remoteProject]);

    const localBefore = readFileSync(local);
    appendTurn(remote, SID, client.remoteProject, 'more-on-b', 2);
    const pulled = await oneConnection(['pull', 'pod', '--json']);
    assert.deepEqual(pulled.actions.map((a) => `${a.kind}:${a.status}`), ['append:done']);
    assert.ok(pulled.turns.remote <= 3, `a pull with changes took ${pulled.turns.remote} turns`);
    assert.ok(readFileSync(local).subarray(0, localBefore.length).equals(localBefore), 'the local prefix changed');
    assert.deepEqual(uuidsOf(local), uuidsOf(remote));
    assert.deepEqual(cwdsOf(local), [client.localProject]);
  });

  test('both sides grew: sync merges by uuid, each side keeps its own paths, the next sync is idle', async (t) => {
    t.after(() => client.cleanup());
    const local = client.writeLocal(SID, 2);
    await oneConnection(['push', 'pod', '--json']);
    const remote = client.remoteTranscript(SID);
    const fromA = appendTurn(local, SID, client.localProject, 'turn-a', 1);
    const fromB = appendTurn(remote, SID, client.remoteProject, 'turn-b', 2);

    const merged = await oneConnection(['sync', 'pod', '--json']);
    assert.equal(merged.conflicts, 0, JSON.stringify(merged));
    assert.deepEqual(merged.actions.map((a) => a.kind), ['merge']);
    assert.ok(merged.turns.remote <= 3, `a merging sync took ${merged.turns.remote} turns`);
    for (const [file, project] of [[local, client.localProject], [remote, client.remoteProject]] as const) {
      const uuids = uuidsOf(file);
      assert.equal(new Set(uuids).size, uuids.length, `${file} has duplicated lines`);
      for (const uuid of [...fromA, ...fromB]) assert.ok(uuids.includes(uuid), `${file} lacks ${uuid}`);
      assert.deepEqual(cwdsOf(file), [project]);
    }
    assert.deepEqual(uuidsOf(local), uuidsOf(remote));
    const idle = await oneConnection(['sync', 'pod', '--json']);
    assert.deepEqual(idle.actions, []);
    assert.ok(idle.turns.remote <= 2, `a no-change sync took ${idle.turns.remote} turns`);
  });

  test('a history rewritten on the remote while the local side grew forks: exit 3, nothing lost', async (t) => {
    t.after(() => client.cleanup());
    const local = client.writeLocal(SID, 2);
    await oneConnection(['push', 'pod', '--json']);
    const remote = client.remoteTranscript(SID);
    const rewritten = readFileSync(remote, 'utf8').replace('prompt 1', 'prompt one (edited)');
    writeFileSync(remote, rewritten);
    appendTurn(local, SID, client.localProject, 'turn-a', 1);
    const localBytes = readFileSync(local);

    const before = sshd.connections();
    const run = await client.run(['sync', 'pod', '--json']);
    assert.equal(run.code, 3, `expected exit 3 (conflict): ${run.stderr}\n${run.stdout}`);
    assert.equal(sshd.connections() - before, 1);
    const forked = summary(run.json);
    assert.ok(forked.actions.some((a) => a.kind === 'fork'), JSON.stringify(forked));
    assert.ok(readFileSync(local).equals(localBytes) || uuidsOf(local).length >= uuidsOf(remote).length, 'local lines lost');
    assert.equal(readFileSync(remote, 'utf8'), rewritten, 'the remote original was altered');
  });

  test('the per-remote --ssh-command works without CCSYNC_SSH_COMMAND', async (t) => {
    const own = await sshClient(sshd, { name: 'viacfg', viaEnv: false, addArgs: ['--ssh-command', sshd.sshCommand] });
    t.after(() => own.cleanup());
    own.writeLocal(SID, 1);
    const before = sshd.connections();
    const pushed = summary(await own.ok(['push', 'viacfg', '--json']));
    assert.equal(pushed.done, 1);
    assert.equal(sshd.connections() - before, 1);
    assert.deepEqual(uuidsOf(own.remoteTranscript(SID)), uuidsOf(own.localTranscript(SID)));
  });
});
