import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { AgentRoot } from '../../src/agent/agent-root.js';
import { newRunId } from '../../src/agent/backups.js';
import { manifestSchema, writeResultSchema } from '../../src/wire/protocol.js';
import { LocalDirTransport } from '../../src/transport/local-dir-transport.js';
import { tempDir } from '../helpers/temp-dir.js';

const SID = '0b5e0b5e-0000-4000-8000-000000000001';

function side(name: string): AgentRoot {
  const base = tempDir(`ccsync-${name}-`);
  return { claudeDir: path.join(base, '.claude'), home: base, backupDir: path.join(base, 'state', 'backups'), runId: newRunId(), platform: 'linux' };
}

function line(cwd: string, text: string): string {
  return `${JSON.stringify({ type: 'user', uuid: text, sessionId: SID, cwd, message: text })}\n`;
}

test('LocalDirTransport answers in process and counts one turn per non-empty call', async () => {
  const a = side('a');
  const b = side('b');
  const dirA = 'projects/-home-a-app';
  const transcript = path.join(a.claudeDir, ...dirA.split('/'), `${SID}.jsonl`);
  fs.mkdirSync(path.dirname(transcript), { recursive: true });
  fs.writeFileSync(transcript, line('/home/a/app', 'one'));
  const local = new LocalDirTransport(a, 'local');
  const remote = new LocalDirTransport(b, `dir:${b.claudeDir}`);
  assert.equal(local.label, 'local');
  assert.equal(remote.label, `dir:${b.claudeDir}`);

  const manifestA = manifestSchema.parse(await local.manifest({ scopeRoots: ['/home/a'], probes: [] }));
  const manifestB = manifestSchema.parse(await remote.manifest({ scopeRoots: ['/home/b'], probes: [] }));
  assert.equal(local.turns, 1);
  assert.equal(remote.turns, 1);
  assert.deepEqual(manifestB.projects, []);
  const entry = manifestA.files[0];
  assert.ok(entry && entry.completeLen !== undefined);

  assert.deepEqual(await local.read([]), []);
  assert.deepEqual(await remote.write([]), []);
  assert.equal(local.turns, 1, 'an empty batch is no turn');
  assert.equal(remote.turns, 1);

  const [bytes] = await local.read([{ path: entry.path, offset: 0, length: entry.completeLen }]);
  assert.equal(local.turns, 2);
  assert.ok(bytes);
  const target = `projects/-home-b-app/${SID}.jsonl`;
  const rewritten = Buffer.from(bytes.data.toString().replaceAll('/home/a/app', '/home/b/app'));
  const results = await remote.write([{ kind: 'put', path: target, expect: { absent: true }, data: rewritten, mtimeMs: entry.mtimeMs, backup: false }]);
  assert.equal(remote.turns, 2);
  const put = writeResultSchema.parse(results[0]);
  assert.ok(put.ok);

  // The written file shows up in the other side's manifest, and its probe reports "unchanged".
  const again = await remote.manifest({
    scopeRoots: ['/home/b'],
    probes: [{ path: target, size: put.size ?? -1, mtimeMs: put.mtimeMs ?? -1, prefixLen: put.size ?? 0 }],
  });
  assert.equal(remote.turns, 3);
  assert.deepEqual(again.projects.map((p) => [p.dir, p.cwd, p.inScope]), [['-home-b-app', '/home/b/app', true]]);
  assert.deepEqual(again.files, [{ path: target, kind: 'jsonl', size: rewritten.length, mtimeMs: put.mtimeMs, unchanged: true }]);

  // A verified append that lost the race is reported, not applied.
  fs.appendFileSync(transcript, line('/home/a/app', 'two'));
  const appended = await remote.write([
    { kind: 'append', path: target, expect: { size: rewritten.length + 1 }, data: Buffer.from(line('/home/b/app', 'two')), mtimeMs: Date.now() },
  ]);
  assert.equal(appended[0]?.ok, false);
  await local.close();
  await remote.close();
});
