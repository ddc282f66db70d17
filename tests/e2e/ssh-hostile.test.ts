// A hostile or broken remote (issue #3, "Trust nothing from the wire"): the whole ssh command is
// replaced by a fake agent (tests/helpers/fake-agent.ts) that ignores the command it is given
// and speaks the frame protocol itself, lying in one way per test. ccsync must refuse with one
// clear line, exit non-zero, and write nothing — inside the local Claude dir or anywhere else.
// No sshd is needed: the point is what ccsync does with the bytes, whoever sends them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAKE_AGENT_PATH, listTree, sshClient, type SshClient } from '../helpers/ssh-cli.js';

const SID = '8e3f5d43-4a5b-4c6d-9e7f-8a9b0c1d2e34';

/** Every file under `root` with its bytes, to prove a refused run wrote nothing at all. */
function snapshot(root: string): Map<string, string> {
  return new Map(listTree(root).map((rel) => [rel, readFileSync(join(root, rel), 'base64')]));
}

describe('a hostile remote agent', () => {
  let remoteHome: string;
  before(() => {
    remoteHome = mkdtempSync(join(tmpdir(), 'ccsync-hostile-'));
  });
  after(() => rmSync(remoteHome, { recursive: true, force: true }));

  /** A client whose "remote" is the fake agent in `mode`, serving a real session from remoteHome. */
  async function hostile(mode: string): Promise<SshClient> {
    const command = `${process.execPath} ${FAKE_AGENT_PATH} ${mode} ${join(remoteHome, '.claude')}`;
    const client = await sshClient({ remoteHome, alias: 'evilhost', sshCommand: command }, { name: 'evil' });
    rmSync(join(remoteHome, '.claude'), { recursive: true, force: true });
    client.writeRemote(SID, 2);
    client.writeLocal('9f405e54-5b6c-4d7e-8f80-9b0c1d2e3f45', 1);
    return client;
  }

  async function refused(mode: string, command: 'sync' | 'pull', patterns: RegExp[]): Promise<void> {
    const client = await hostile(mode);
    try {
      const before = snapshot(client.sandbox.root);
      const run = await client.run([command, 'evil', '--json'], { timeoutMs: 30_000 });
      assert.notEqual(run.code, 0, `${mode}: ccsync accepted it: ${run.stdout}`);
      assert.equal(run.signal, null, `${mode}: ccsync hung and was killed`);
      const lines = run.stderr.trim().split('\n');
      assert.equal(lines.length, 1, `${mode}: expected one line, got:\n${run.stderr}`);
      for (const pattern of patterns) assert.match(run.stderr, pattern, mode);
      const after = snapshot(client.sandbox.root);
      // The lock and the agent note may come and go in the state dir; nothing else may change.
      const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
        (rel) => before.get(rel) !== after.get(rel) && !/^state\/ccsync\/(lock|remotes\/)/.test(rel),
      );
      assert.deepEqual(changed, [], `${mode}: files changed: ${changed.join(', ')}`);
    } finally {
      await client.cleanup();
    }
  }

  for (const mode of ['traversal', 'absolute', 'nul', 'dotdot-dir', 'bad-jsonl-name']) {
    test(`a manifest with an unsafe path (${mode}) is refused before anything is planned`, async () => {
      await refused(mode, 'sync', [/ssh:evil sent an unsafe path/, /nothing was written/]);
    });
  }

  test('a read answered with more bytes than asked is refused', async () => {
    await refused('overread', 'pull', [/asked for \d+ bytes, the agent sent \d+/]);
  });

  test('a read whose body is shorter than the lengths it announces is refused', async () => {
    await refused('short-body', 'pull', [/ssh:evil/, /announced/]);
  });

  test('a frame header announcing 4 GiB is refused without allocating it', async () => {
    await refused('oversized', 'sync', [/ssh:evil/, /over the cap/]);
  });

  test('a frame body announcing 4 GiB is refused without allocating it', async () => {
    await refused('oversized-body', 'pull', [/ssh:evil/, /over the cap/]);
  });

  test('shell start-up noise instead of the hello: says to check the remote start-up files', async () => {
    await refused('garbage', 'sync', [/remote 'evil'|ssh:evil/, /not a ccsync frame/, /start-up files/]);
  });

  test('a few bytes of noise and exit 0 before any hello', async () => {
    await refused('garbage-exit', 'sync', [/remote 'evil' printed "hi\\n"/, /instead of starting ccsync's agent/, /start-up files/]);
  });

  test('a hello for another protocol version', async () => {
    await refused('wrong-protocol', 'sync', [/remote 'evil'/, /unknown agent greeting/]);
  });
});
