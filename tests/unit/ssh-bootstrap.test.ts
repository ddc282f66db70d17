// The bootstrap command (src/transport/ssh-bootstrap.ts) run by a real sh: a cached agent is
// executed with the Claude dir argument; a missing one exits with needAgent; the loader text
// travels only in a command that uploads.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BOOTSTRAP_EXIT, bootstrapCommand } from '../../src/transport/ssh-bootstrap.js';

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
    const missing = spawnSync('/bin/sh', ['-c', bootstrapCommand('b'.repeat(32), 0, undefined)], { env, encoding: 'utf8' });
    assert.equal(missing.status, BOOTSTRAP_EXIT.needAgent);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
