// End to end over a real sshd whose PATH has no node (issue #3: "a remote whose PATH has no
// node (sh agent)"): the CLI as a user runs it, `remote add` with an ssh alias, `map add`,
// push / pull / sync, --json turns. The remote answers through the POSIX sh agent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { makeSandbox, runCli, type CliResult } from '../integration/cli-harness.js';
import { SSHD, startSshd } from '../helpers/sshd.js';

const SID = '5e55a9e0-0000-4000-8000-000000000001';

function jsonLine(i: number, cwd: string, sessionId = SID): string {
  return `${JSON.stringify({ parentUuid: null, type: 'user', message: { role: 'user', content: `line ${i} in ${cwd}/src/a.ts` }, uuid: `u-${sessionId}-${i}`, timestamp: new Date(1.7e12 + i * 1000).toISOString(), cwd, sessionId })}\n`;
}

function turns(run: CliResult): { local: number; remote: number } {
  assert.equal(run.status, 0, `exit ${String(run.status)}: ${run.stderr}`);
  const parsed: unknown = JSON.parse(run.stdout);
  const value = typeof parsed === 'object' && parsed !== null && 'turns' in parsed ? parsed.turns : undefined;
  assert.ok(typeof value === 'object' && value !== null && 'remote' in value && 'local' in value);
  return { local: Number(value.local), remote: Number(value.remote) };
}

test('push, pull and sync against a remote without node, through the sh agent', { skip: SSHD === undefined ? 'sshd not installed' : false, timeout: 600_000 }, async () => {
  const sshd = await startSshd({ withoutNode: true });
  const box = await makeSandbox();
  try {
    const env = { CCSYNC_SSH_COMMAND: sshd.sshCommand };
    const localProject = join(box.home, 'proj');
    const remoteProject = '/workspace/proj';
    mkdirSync(localProject, { recursive: true });
    const localDir = join(box.home, '.claude', 'projects', encodeProjectDir(localProject, process.platform));
    mkdirSync(localDir, { recursive: true });
    const localFile = join(localDir, `${SID}.jsonl`);
    writeFileSync(localFile, [0, 1, 2].map((i) => jsonLine(i, localProject)).join(''));
    mkdirSync(join(localDir, SID, 'tool-results'), { recursive: true });
    writeFileSync(join(localDir, SID, 'tool-results', 'big.bin'), Buffer.alloc(300_000, 1));

    assert.equal(runCli(box, ['remote', 'add', 'pod', sshd.alias], env).status, 0);
    assert.equal(runCli(box, ['map', 'add', 'pod', localProject, remoteProject], env).status, 0);

    // first push: everything is new on the remote
    const first = turns(runCli(box, ['push', 'pod', localProject, '--json'], env, localProject));
    assert.ok(first.remote <= 2, `first push: ${first.remote} remote turns`);
    const remoteDir = join(sshd.remoteHome, '.claude', 'projects', encodeProjectDir(remoteProject, 'linux'));
    const remoteFile = join(remoteDir, `${SID}.jsonl`);
    assert.equal(readFileSync(remoteFile, 'utf8'), [0, 1, 2].map((i) => jsonLine(i, remoteProject)).join(''));
    assert.equal(statSync(remoteFile).mode & 0o777, 0o600);
    assert.equal(Math.trunc(statSync(remoteFile).mtimeMs), Math.trunc(statSync(localFile).mtimeMs));
    assert.deepEqual(readFileSync(join(remoteDir, SID, 'tool-results', 'big.bin')), Buffer.alloc(300_000, 1));
    assert.ok(!readdirSync(join(sshd.remoteHome, '.cache', 'ccsync')).some((name) => name.endsWith('.cjs')), 'no node agent was cached: the sh agent answered');

    // nothing changed: the manifest turn only
    const idle = turns(runCli(box, ['push', 'pod', localProject, '--json'], env, localProject));
    assert.equal(idle.remote, 1);

    // an append travels as an append
    appendFileSync(localFile, jsonLine(3, localProject));
    const grown = turns(runCli(box, ['push', 'pod', localProject, '--json'], env, localProject));
    assert.ok(grown.remote <= 2, `append push: ${grown.remote} remote turns`);
    assert.equal(readFileSync(remoteFile, 'utf8'), [0, 1, 2, 3].map((i) => jsonLine(i, remoteProject)).join(''));

    // the remote goes on: pull brings the new line back with local paths
    appendFileSync(remoteFile, jsonLine(4, remoteProject));
    const pulled = turns(runCli(box, ['pull', 'pod', localProject, '--json'], env, localProject));
    assert.ok(pulled.remote <= 2, `pull: ${pulled.remote} remote turns`);
    assert.equal(readFileSync(localFile, 'utf8'), [0, 1, 2, 3, 4].map((i) => jsonLine(i, localProject)).join(''));

    // both sides grew: sync merges, in at most 3 remote turns
    appendFileSync(localFile, jsonLine(5, localProject));
    appendFileSync(remoteFile, jsonLine(6, remoteProject));
    const synced = turns(runCli(box, ['sync', 'pod', localProject, '--json'], env, localProject));
    assert.ok(synced.remote <= 3, `sync: ${synced.remote} remote turns`);
    const localText = readFileSync(localFile, 'utf8');
    const remoteText = readFileSync(remoteFile, 'utf8');
    for (const i of [5, 6]) {
      assert.ok(localText.includes(jsonLine(i, localProject)), `local has line ${i}`);
      assert.ok(remoteText.includes(jsonLine(i, remoteProject)), `remote has line ${i}`);
    }
    const again = turns(runCli(box, ['sync', 'pod', localProject, '--json'], env, localProject));
    assert.ok(again.remote <= 2, `sync after sync: ${again.remote} remote turns`);
    assert.ok(existsSync(join(sshd.remoteHome, '.claude')));

    // The client's note remembers which agent answered; a remote noted as having node that lost
    // it gets the short command first, then one more connection with the sh loop.
    const note = join(box.stateDir, 'remotes', 'pod.agent');
    const [hash] = readFileSync(note, 'utf8').split('\n');
    assert.equal(readFileSync(note, 'utf8'), `${hash}\nsh\n`);
    writeFileSync(note, `${hash}\nnode\n`);
    const before = sshd.connections();
    assert.equal(turns(runCli(box, ['push', 'pod', localProject, '--json'], env, localProject)).remote, 1);
    assert.equal(sshd.connections() - before, 2, 'one short try, then the sh loop');
    assert.equal(readFileSync(note, 'utf8'), `${hash}\nsh\n`, 'the note is corrected');
    const after = sshd.connections();
    turns(runCli(box, ['push', 'pod', localProject, '--json'], env, localProject));
    assert.equal(sshd.connections() - after, 1);
  } finally {
    await box.cleanup();
    await sshd.stop();
  }
});
