// The bootstrap command (src/transport/ssh-bootstrap.ts) run by a real sh: a cached agent is
// executed with the Claude dir argument; a missing one is asked for on the same pipe (a pod's
// wiped home costs no second connection); the loader text travels only in a command that uploads.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { AGENT_NEEDED, agentRefill, BOOTSTRAP_EXIT, bootstrapCommand, sniffAgentNeeded } from '../../src/transport/ssh-bootstrap.js';

test('a cached agent runs without the loader in the command; an uncached one asks for the upload', () => {
  const home = mkdtempSync(join(tmpdir(), 'ccsync-bootstrap-'));
  try {
    const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home };
    const hash = 'a'.repeat(32);
    mkdirSync(join(home, '.cache', 'ccsync'), { recursive: true });
    writeFileSync(join(home, '.cache', 'ccsync', `agent-${hash}.cjs`), "process.stdout.write('agent ran with ' + process.argv[2])");
    const cached = bootstrapCommand(hash, 0, '/claude dir');
    assert.ok(!cached.includes('gunzipSync'), 'no loader when nothing is uploaded');
    assert.ok(bootstrapCommand(hash, 1234, undefined).includes('gunzipSync'), 'the loader when uploading');
    const ran = spawnSync('/bin/sh', ['-c', cached], { env, encoding: 'utf8' });
    assert.equal(ran.stdout, 'agent ran with /claude dir');
    const missing = spawnSync('/bin/sh', ['-c', bootstrapCommand('b'.repeat(32), 0, undefined)], { env, encoding: 'utf8', input: '' });
    assert.equal(missing.stdout, AGENT_NEEDED, 'an uncached agent is asked for');
    assert.equal(missing.status, BOOTSTRAP_EXIT.uploadFailed, 'nothing came: a clear failure, not a hang');

    const source = Buffer.from("process.stdout.write('refilled with ' + process.argv[2])");
    const bundle = { hash: createHash('sha256').update(source).digest('hex').slice(0, 32), gzipped: gzipSync(source) };
    const refilled = spawnSync('/bin/sh', ['-c', bootstrapCommand(bundle.hash, 0, '/c')], { env, input: agentRefill(bundle) });
    assert.equal(refilled.stdout.toString('utf8'), `${AGENT_NEEDED}refilled with /c`);
    assert.ok(existsSync(join(home, '.cache', 'ccsync', `agent-${bundle.hash}.cjs`)), 'the refilled agent is cached');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('sniffAgentNeeded: the marker in pieces triggers one refill; anything else passes through whole', () => {
  const sent: number[] = [];
  const sniff = sniffAgentNeeded(false, () => sent.push(1));
  assert.equal(sniff(Buffer.from('CCNE')), undefined);
  assert.deepEqual(sniff(Buffer.from('ED1\nCCS1rest')), Buffer.from('CCS1rest'));
  assert.deepEqual(sent, [1]);
  assert.deepEqual(sniff(Buffer.from('CCNEED1\n')), Buffer.from('CCNEED1\n'), 'only at the start');
  const other = sniffAgentNeeded(false, () => sent.push(2));
  assert.equal(other(Buffer.from('CC')), undefined);
  assert.deepEqual(other(Buffer.from('S1x')), Buffer.from('CCS1x'));
  const uploaded = sniffAgentNeeded(true, () => sent.push(3));
  assert.deepEqual(uploaded(Buffer.from('CCNEED1\n')), Buffer.from('CCNEED1\n'), 'an uploading run never refills');
  assert.deepEqual(sent, [1]);
});

test('a remote noted as having node gets the short command; without node it exits noNode, with the loop it greets as sh', () => {
  const home = mkdtempSync(join(tmpdir(), 'ccsync-bootstrap-'));
  try {
    const bin = join(home, 'bin');
    mkdirSync(bin);
    // a PATH with the sh agent's tools but no node
    for (const tool of ['sh', 'dd', 'wc', 'mkdir', 'rm', 'cat', 'printf']) {
      const found = ['/usr/bin', '/bin'].map((dir) => join(dir, tool)).find((path) => existsSync(path));
      if (found) writeFileSync(join(bin, tool), `#!/bin/sh\nexec ${found} "$@"\n`, { mode: 0o755 });
    }
    const env = { PATH: bin, HOME: home };
    const short = bootstrapCommand('c'.repeat(32), 0, undefined, { shFallback: false });
    const full = bootstrapCommand('c'.repeat(32), 0, undefined);
    assert.ok(short.length < full.length - 500, `short ${short.length} vs full ${full.length}`);
    assert.equal(spawnSync('/bin/sh', ['-c', short], { env, input: '' }).status, BOOTSTRAP_EXIT.noNode);
    assert.equal(spawnSync('/bin/sh', ['-c', full], { env, input: '' }).stdout.toString('utf8'), 'CCSH1\n');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
