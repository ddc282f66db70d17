// Ctrl-C without a terminal while the write turn is out (issue #10): the one line says the run
// was interrupted while writing, that each file is whole and the state not updated, and which
// command finishes it; that command then converges with no duplicated line. The answer to the
// write is held back by the relay (tests/helpers/ssh-relay.ts, dropAnswer) so the signal
// lands while the write is in flight.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SSHD, startSshd, type SshdFixture } from '../helpers/sshd.js';
import { makeRelay, runCliAsync, sshClient, uuidsOf, type SshClient } from '../helpers/ssh-cli.js';

const skip = SSHD ? false : 'sshd not installed (apt-get install openssh-server): SSH tests skipped';
const S1 = 'c1c1c1c1-0001-4000-8000-000000000001';
let sshd: SshdFixture;
let client: SshClient;

before(async () => {
  if (skip) return;
  sshd = await startSshd();
  client = await sshClient(sshd);
});
after(async () => {
  await client?.cleanup();
  await sshd?.stop();
});

test('Ctrl-C during the write turn: one line says so and what finishes it; the rerun converges', { skip, timeout: 120_000 }, async () => {
  await client.ok(['push', 'pod', '--json']); // the agent is cached: the interrupted run sends none
  client.writeLocal(S1, 6);
  const relay = makeRelay(sshd, join(client.sandbox.root, 'relay'));
  relay.setMode('dropAnswer');
  let pid: number | undefined;
  const running = runCliAsync({ ...client.env, CCSYNC_SSH_COMMAND: relay.command }, ['push', 'pod'], client.localProject, { onSpawn: (spawned) => (pid = spawned) });
  const target = client.remoteTranscript(S1);
  const size = statSync(client.localTranscript(S1)).size;
  for (let waited = 0; !(existsSync(target) && statSync(target).size > 0) && waited < 20_000; waited += 20) await sleep(20);
  assert.ok(existsSync(target), 'the write reached the remote');
  assert.ok(pid !== undefined);
  process.kill(pid, 'SIGINT'); // the relay holds the answer back for 1.5 s: the run is still writing
  const run = await running;
  assert.equal(run.code, 130, run.stderr);
  assert.match(run.stderr, /^ccsync: interrupted while writing 1 change\(s\) \([^)]+\) to ssh:pod \(done: reading manifests of local and 'pod'; reading 1 file\(s\) \([^)]+\) from local\); each file is whole \(old or new\) and the sync state was not updated: run `ccsync push pod` again to finish \(it finds what already arrived\)\n$/);
  assert.ok(size > 0);
  const again = await client.ok(['push', 'pod', '--json']);
  assert.equal(again['failed'], 0);
  assert.deepEqual(uuidsOf(target), uuidsOf(client.localTranscript(S1)), 'the rerun converged, no line twice');
});
