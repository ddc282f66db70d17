// The read-only bootstrap (issue #10 item 5: a dry run or `status` writes nothing anywhere): the
// agent sent with the command, or asked for because the cache is gone, runs from memory with
// the Claude dir argument, and nothing is cached; a cached agent is still used as it is.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { AGENT_NEEDED, agentRefill, bootstrapCommand } from '../../src/transport/ssh-bootstrap.js';

// reads the frame-like rest of stdin after the bundle, as the agent reads its requests
const SOURCE = "let rest='';process.stdin.on('data',(c)=>{rest+=c});process.stdin.on('end',()=>process.stdout.write('from memory with '+process.argv[2]+' then '+rest))";

test('read-only: an uploaded or refilled agent runs from memory and leaves no cache', (t) => {
  const home = mkdtempSync(join(tmpdir(), 'ccsync-bootstrap-ro-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home };
  const source = Buffer.from(SOURCE);
  const bundle = { hash: createHash('sha256').update(source).digest('hex').slice(0, 32), gzipped: gzipSync(source) };

  const uploaded = spawnSync('/bin/sh', ['-c', bootstrapCommand(bundle.hash, bundle.gzipped.length, '/claude dir', { readOnly: true })], {
    env,
    input: Buffer.concat([bundle.gzipped, Buffer.from('request 1')]),
  });
  assert.equal(uploaded.stdout.toString('utf8'), 'from memory with /claude dir then request 1', uploaded.stderr.toString('utf8'));

  const refilled = spawnSync('/bin/sh', ['-c', bootstrapCommand(bundle.hash, 0, '', { readOnly: true })], {
    env,
    input: Buffer.concat([agentRefill(bundle, true), Buffer.from('request 2')]),
  });
  assert.equal(refilled.stdout.toString('utf8'), `${AGENT_NEEDED}from memory with  then request 2`, refilled.stderr.toString('utf8'));
  assert.deepEqual(readdirSync(home), [], 'nothing cached, no cache dir made');

  const tampered = spawnSync('/bin/sh', ['-c', bootstrapCommand('f'.repeat(32), bundle.gzipped.length, '', { readOnly: true })], { env, input: bundle.gzipped });
  assert.notEqual(tampered.status, 0, 'a bundle whose hash does not match is not run');
  assert.equal(tampered.stdout.toString('utf8'), '');

  mkdirSync(join(home, '.cache', 'ccsync'), { recursive: true });
  writeFileSync(join(home, '.cache', 'ccsync', `agent-${bundle.hash}.cjs`), "process.stdout.write('cached ran')");
  const cached = spawnSync('/bin/sh', ['-c', bootstrapCommand(bundle.hash, 0, '', { readOnly: true })], { env, input: '' });
  assert.equal(cached.stdout.toString('utf8'), 'cached ran');
  assert.ok(existsSync(join(home, '.cache', 'ccsync', `agent-${bundle.hash}.cjs`)));
});
