// Interruptions (issue #3): the connection dropped mid-write, the answer to a write lost after
// the remote applied it, ccsync SIGKILLed while the remote writes, and SIGKILLed while it writes
// locally. After each: every file on both sides is whole (old or new, never a cut line), the
// sync state records nothing beyond what reached disk, and the next run converges with no
// duplicated line. The breaks are made by a relay in front of ssh (tests/helpers/ssh-relay.ts).
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fingerprintFile } from '../../src/agent/fingerprint.js';
import { SSHD, startSshd, type SshdFixture } from '../helpers/sshd.js';
import { appendTurn, makeRelay, resetRemote, sshClient, uuidsOf, type Relay, type SshClient } from '../helpers/ssh-cli.js';
import { makeTranscript } from '../helpers/transcripts.js';
import { stopMasters } from '../helpers/ssh-masters.js';
import { bigTranscript } from '../helpers/big-sessions.js';

const skip = SSHD ? false : 'sshd not installed (apt-get install openssh-server): SSH tests skipped';
const S1 = 'a1b2c3d4-0001-4000-8000-000000000001';
const S2 = 'a1b2c3d4-0002-4000-8000-000000000002';

/** A session with incompressible replies, `turns` × ~64 KiB, so a write takes a while. */
function bigSession(file: string, sid: string, cwd: string, turns: number, seed: string): void {
  const specs = Array.from({ length: turns }, (_, i) => ({ prompt: `${seed} prompt ${i}`, reply: randomBytes(32 * 1024).toString('hex') }));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, makeTranscript(sid, cwd, specs, { seed }));
}

/** Absent, or whole JSONL lines (the last one ended) with no uuid twice. */
function assertWhole(file: string): void {
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8');
  assert.ok(text === '' || text.endsWith('\n'), `${file} ends in a cut line`);
  for (const line of text.split('\n').slice(0, -1)) assert.doesNotThrow(() => JSON.parse(line), `${file} has a torn line`);
  const uuids = uuidsOf(file);
  assert.equal(new Set(uuids).size, uuids.length, `${file} has duplicated lines`);
}

/** Every side record in the sync state names a file at least that long whose prefix has that fingerprint. */
async function assertStateWithinDisk(client: SshClient): Promise<void> {
  const path = join(client.sandbox.stateDir, 'remotes', 'pod.json');
  if (!existsSync(path)) return;
  const state: unknown = JSON.parse(readFileSync(path, 'utf8'));
  assert.ok(typeof state === 'object' && state !== null && 'entries' in state && typeof state.entries === 'object' && state.entries !== null);
  for (const [key, entry] of Object.entries(state.entries)) {
    for (const [side, root] of [['local', client.claudeDir], ['remote', client.remoteClaudeDir]] as const) {
      const record: unknown = entry[side];
      assert.ok(typeof record === 'object' && record !== null && 'path' in record && 'len' in record && 'fp' in record);
      const file = join(root, String(record.path));
      assert.ok(existsSync(file), `state records ${side} ${key} but ${file} is not there`);
      const len = Number(record.len);
      assert.ok(readFileSync(file).length >= len, `state records ${len} bytes of ${side} ${key}, more than on disk`);
      assert.equal(await fingerprintFile(file, len), record.fp, `state's fingerprint of ${side} ${key} does not match the disk`);
    }
  }
}

// Each break once with one connection per run, once through ccsync's own ssh master (the
// default outside the test sandbox: ssh-reuse.ts), where ssh's death leaves the master up.
for (const reuse of [false, true]) describe(`interrupted runs over ssh${reuse ? " (through ccsync's ssh master)" : ''}`, { skip }, () => {
  let sshd: SshdFixture;
  let client: SshClient;
  let relay: Relay;
  before(async () => {
    sshd = await startSshd();
  });
  after(async () => {
    await sshd?.stop();
  });
  beforeEach(async () => {
    resetRemote(sshd);
    client = await sshClient(sshd, reuse ? { env: { CCSYNC_SSH_REUSE: '1' } } : {});
    relay = makeRelay(sshd, join(client.sandbox.root, 'relay'));
  });
  afterEach(async () => {
    stopMasters(client.sandbox.stateDir);
    await client.cleanup();
  });

  /** S1 synced once; then S1 grows by a big turn and S2 (big: `turns` × ~64 KiB) is new on `side`. */
  async function pendingChanges(side: 'local' | 'remote', turns = 24): Promise<void> {
    client.writeLocal(S1, 2);
    await client.ok(['push', 'pod', '--json']);
    const [s1, project] = side === 'local' ? [client.localTranscript(S1), client.localProject] : [client.remoteTranscript(S1), client.remoteProject];
    appendTurn(s1, S1, project, `grow-${side}`, 1);
    bigSession(s1.replace(S1, S2), S2, project, turns, `big-${side}`);
  }

  /** After the break: whole files, a state within the disk; then one sync converges, the next is idle. */
  async function convergesAfter(): Promise<void> {
    for (const sid of [S1, S2]) {
      assertWhole(client.localTranscript(sid));
      assertWhole(client.remoteTranscript(sid));
    }
    await assertStateWithinDisk(client);
    const synced = await client.run(['sync', 'pod', '--json']);
    assert.equal(synced.code, 0, `the sync after the break failed: ${synced.stderr}`);
    for (const sid of [S1, S2]) {
      assertWhole(client.localTranscript(sid));
      assertWhole(client.remoteTranscript(sid));
      assert.deepEqual(uuidsOf(client.remoteTranscript(sid)), uuidsOf(client.localTranscript(sid)), `${sid} differs after the sync`);
    }
    await assertStateWithinDisk(client);
    const idle = await client.ok(['sync', 'pod', '--json']);
    assert.deepEqual(idle['actions'], [], 'a converged pair still plans work');
  }

  test('the connection drops halfway through the write frame: the remote keeps its old files', async () => {
    await pendingChanges('local');
    const remoteS1 = readFileSync(client.remoteTranscript(S1));
    const state = readFileSync(join(client.sandbox.stateDir, 'remotes', 'pod.json'));
    relay.setMode('cutWrite');
    const run = await client.run(['push', 'pod', '--json'], { env: { CCSYNC_SSH_COMMAND: relay.command } });
    assert.notEqual(run.code, 0, 'a push cut mid-write reported success');
    assert.match(run.stderr, /ssh:pod: the connection ended/);
    assert.ok(readFileSync(client.remoteTranscript(S1)).equals(remoteS1), 'the remote S1 changed from a partial frame');
    assert.equal(existsSync(client.remoteTranscript(S2)), false, 'a half-sent session was written');
    assert.ok(readFileSync(join(client.sandbox.stateDir, 'remotes', 'pod.json')).equals(state), 'the state moved on');
    await convergesAfter();
  });

  test('the remote applies the write but its answer is lost: the state does not advance, the rerun merges without duplicates', async () => {
    await pendingChanges('local');
    const state = readFileSync(join(client.sandbox.stateDir, 'remotes', 'pod.json'));
    relay.setMode('dropAnswer');
    const run = await client.run(['push', 'pod', '--json'], { env: { CCSYNC_SSH_COMMAND: relay.command } });
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /ssh:pod: the connection ended/);
    assert.ok(existsSync(client.remoteTranscript(S2)), 'the remote did not apply the write before the answer was dropped');
    assert.ok(readFileSync(join(client.sandbox.stateDir, 'remotes', 'pod.json')).equals(state), 'the state recorded writes it never saw confirmed');
    await convergesAfter();
  });

  test('ccsync is SIGKILLed once its write batch went up: the remote finishes it, the stale lock is taken over', async () => {
    await pendingChanges('local');
    relay.setMode('killParent');
    const run = await client.run(['push', 'pod', '--json'], { env: { CCSYNC_SSH_COMMAND: relay.command } });
    assert.equal(run.signal, 'SIGKILL', `ccsync was not killed: ${run.stderr}`);
    // The whole write frame went up before the kill: the agent applies it, then sees EOF.
    for (let waited = 0; !existsSync(client.remoteTranscript(S2)) && waited < 20_000; waited += 250) await sleep(250);
    assert.ok(existsSync(client.remoteTranscript(S2)), 'the remote did not finish the batch it had received');
    assert.deepEqual(uuidsOf(client.remoteTranscript(S2)), uuidsOf(client.localTranscript(S2)));
    await convergesAfter();
  });

  test('the ssh process is SIGKILLed once the write went up: ccsync reports it and exits (no hang)', async () => {
    await pendingChanges('local');
    relay.setMode('killSelf');
    const run = await client.run(['push', 'pod', '--json'], { env: { CCSYNC_SSH_COMMAND: relay.command }, timeoutMs: 45_000 });
    assert.equal(run.signal, null, 'ccsync hung after its ssh child was killed');
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /ssh:pod: the connection ended/);
    await convergesAfter();
  });

  for (const mode of ['killSelf', 'killParent'] as const) {
    test(`a 40 MB first push written in groups, broken (${mode}) at its third write frame: no torn file, the next sync heals it`, async () => {
      const sids = Array.from({ length: 10 }, (_, index) => `a1b2c3d4-1${String(index).padStart(3, '0')}-4000-8000-000000000001`);
      for (const [index, sid] of sids.entries()) {
        const file = client.localTranscript(sid);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, bigTranscript(sid, client.localProject, 4 * 1024 * 1024, `big${index}`));
      }
      relay.setMode(mode, undefined, 3);
      const run = await client.run(['push', 'pod', '--json'], { env: { CCSYNC_SSH_COMMAND: relay.command }, timeoutMs: 60_000 });
      assert.notEqual(run.code, 0, 'a push broken mid-way reported success');
      if (mode === 'killParent') for (let waited = 0; waited < 3_000; waited += 250) await sleep(250); // the agent finishes what it received
      const landed = sids.filter((sid) => existsSync(client.remoteTranscript(sid)));
      assert.ok(landed.length < sids.length, 'every session landed: the break came too late to test anything');
      for (const sid of sids) assertWhole(client.remoteTranscript(sid));
      // whole files only: each one that landed is the local one with its paths rewritten
      for (const sid of landed) assert.deepEqual(uuidsOf(client.remoteTranscript(sid)), uuidsOf(client.localTranscript(sid)), sid);
      await assertStateWithinDisk(client);
      const synced = await client.run(['sync', 'pod', '--json']);
      assert.equal(synced.code, 0, synced.stderr);
      for (const sid of sids) assert.deepEqual(uuidsOf(client.remoteTranscript(sid)), uuidsOf(client.localTranscript(sid)), sid);
      const idle = await client.ok(['sync', 'pod', '--json']);
      assert.deepEqual(idle['actions'], []);
    });
  }

  for (const delayMs of [0, 40]) {
    test(`ccsync is SIGKILLed ${delayMs} ms after the read answer arrives, while it writes locally`, async () => {
      // ~6 MiB to write: the local write outlasts the delay (1.5 MiB was done within 40 ms)
      await pendingChanges('remote', 96);
      relay.setMode('killParentOnRead', delayMs);
      const run = await client.run(['pull', 'pod', '--json'], { env: { CCSYNC_SSH_COMMAND: relay.command } });
      assert.equal(run.signal, 'SIGKILL', `ccsync was not killed (exit ${String(run.code)}): ${run.stderr}`);
      await convergesAfter();
    });
  }
});
