// Ctrl-C without a terminal (issue #10): one line on stderr — interrupted, what was done, what
// to run next — and exit 130 (143 for SIGTERM). Here the remote never answers (its "ssh" is a
// stand-in that waits), so the run is held while reading the manifests, deterministically.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI_PATH } from './cli-harness.js';
import { makeTranscriptLines, seededUuid, toJsonl } from '../helpers/transcripts.js';
import { makePair, put, snapshot, transcriptPath } from './transfer-harness.js';

async function interrupted(env: Record<string, string>, args: string[], cwd: string, marker: string, signal: NodeJS.Signals): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, [CLI_PATH, ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const deadline = Date.now() + 20_000;
  while (!existsSync(marker) && Date.now() < deadline) await sleep(50);
  assert.ok(existsSync(marker), `the stand-in ssh started\n${stderr}`);
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const code = await closed;
  clearTimeout(timer);
  return { code, stderr, stdout };
}

test('an interrupted run without a terminal prints one line: interrupted, what was done, what to run next', async () => {
  const p = await makePair();
  const standIn = join(p.root, 'hanging-ssh.sh');
  const marker = join(p.root, 'ssh-started');
  writeFileSync(standIn, `#!/bin/sh\necho $$ > '${marker}'\nexec sleep 30\n`, { mode: 0o755 });
  try {
    const sid = seededUuid('interrupt');
    put(transcriptPath(p.localClaude, p.L, sid), toJsonl(makeTranscriptLines(sid, p.L, 2)));
    assert.equal(p.run(['remote', 'add', 'pod', 'root@pod.example', '--ssh-command', standIn]).status, 0);
    assert.equal(p.run(['map', 'add', 'pod', p.L, '/workspace/proj']).status, 0);
    const claudeDirs = (): unknown => [snapshot(p.localClaude), snapshot(p.remoteHome)];
    const before = claudeDirs();
    for (const [signal, code, how] of [['SIGINT', 130, 'interrupted'], ['SIGTERM', 143, 'stopped by SIGTERM']] as const) {
      const out = await interrupted(p.box.env, ['push', 'pod', '--all'], p.L, marker, signal);
      process.kill(Number(readFileSync(marker, 'utf8').trim()), 'SIGKILL');
      assert.equal(out.code, code, out.stderr);
      assert.equal(out.stderr, `ccsync: ${how} while reading manifests of local and 'pod'; nothing was written: run \`ccsync push pod --all\` again\n`);
      assert.equal(out.stdout, '');
      rmSync(marker); // the next stand-in writes it again: the wait above stays real
    }
    const json = await interrupted(p.box.env, ['push', 'pod', '--all', '--json'], p.L, marker, 'SIGINT');
    process.kill(Number(readFileSync(marker, 'utf8').trim()), 'SIGKILL');
    assert.equal(json.code, 130);
    assert.deepEqual(JSON.parse(json.stdout), {
      error: { message: "interrupted while reading manifests of local and 'pod'; nothing was written: run `ccsync push pod --all --json` again", kind: 'interrupted', exitCode: 130 },
    }, 'with --json the interruption is the one document on stdout');
    assert.deepEqual(claudeDirs(), before, 'nothing was written on either side');
  } finally {
    await p.cleanup();
  }
});
