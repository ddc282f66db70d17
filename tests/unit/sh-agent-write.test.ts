// The sh agent's writes give the node agent's results and leave identical trees (contents,
// modes, mtimes, backups): verified append, put (create-if-absent and replace), splice,
// remove, and the refusals (symlinked parent, a dir as target, `..`, keep past the size).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyWrites } from '../../src/agent/file-ops.js';
import type { WriteOp } from '../../src/wire/protocol.js';
import { startLocalShAgent, type Shell } from '../helpers/sh-agent-local.js';

const S = 'projects/-work-app/11111111-1111-4111-8111-111111111111';

function seed(claudeDir: string): void {
  mkdirSync(join(claudeDir, 'projects/-work-app/11111111-1111-4111-8111-111111111111/tool-results'), { recursive: true, mode: 0o700 });
  writeFileSync(join(claudeDir, `${S}.jsonl`), '{"a":1}\n{"b":2}\n', { mode: 0o600 });
  writeFileSync(join(claudeDir, `${S}/tool-results/t.txt`), 'old blob', { mode: 0o600 });
  writeFileSync(join(claudeDir, 'projects/-work-app/gone.jsonl'), '{"x":1}\n', { mode: 0o600 });
  writeFileSync(join(claudeDir, 'projects/-work-app/sessions-index.json'), '{}', { mode: 0o600 });
  mkdirSync(join(claudeDir, 'elsewhere'), { recursive: true });
  symlinkSync(join(claudeDir, 'elsewhere'), join(claudeDir, 'projects/-work-app/linked'));
}

function ops(): WriteOp[] {
  const big = Buffer.alloc(150_000, 'y');
  big.write('\n', 70_000);
  const binary = Buffer.from([0, 1, 2, 0, 255, 10, 0]);
  const t = 1_700_000_000_123.456;
  return [
    { kind: 'append', path: `${S}.jsonl`, expect: { size: 16 }, data: Buffer.from('{"c":3}\n'), mtimeMs: t },
    { kind: 'append', path: `${S}.jsonl`, expect: { size: 16 }, data: Buffer.from('{"stale":1}\n'), mtimeMs: t },
    { kind: 'append', path: 'projects/-work-app/missing.jsonl', expect: { size: 0 }, data: Buffer.from('x\n'), mtimeMs: t },
    { kind: 'put', path: 'projects/-work-app/new/deep/n.jsonl', expect: { absent: true }, data: big, mtimeMs: t + 1, backup: true },
    { kind: 'put', path: `${S}/tool-results/t.txt`, expect: { absent: true }, data: Buffer.from('no'), mtimeMs: t, backup: true },
    { kind: 'put', path: `${S}/tool-results/t.txt`, expect: { size: 8 }, data: binary, mtimeMs: t + 2, backup: true },
    { kind: 'splice', path: `${S}.jsonl`, expect: { size: 24 }, keep: 8, data: Buffer.from('{"merged":true}\n'), mtimeMs: t + 3, backup: true },
    { kind: 'splice', path: `${S}.jsonl`, expect: { size: 24 }, keep: 99, data: Buffer.from('z\n'), mtimeMs: t, backup: true },
    { kind: 'remove', path: 'projects/-work-app/gone.jsonl', expect: { size: 8 }, backup: true },
    { kind: 'remove', path: 'projects/-work-app/sessions-index.json', expect: { any: true }, backup: true },
    { kind: 'remove', path: 'projects/-work-app/never.json', expect: { any: true }, backup: false },
    { kind: 'put', path: 'projects/-work-app/linked/evil.jsonl', expect: { absent: true }, data: Buffer.from('x\n'), mtimeMs: t, backup: false },
    { kind: 'append', path: 'projects/-work-app/linked/evil.jsonl', expect: { size: 0 }, data: Buffer.from('x\n'), mtimeMs: t },
    { kind: 'put', path: `${S}/tool-results`, expect: { size: 0 }, data: Buffer.from('x'), mtimeMs: t, backup: false },
    { kind: 'put', path: 'projects/../../escape.jsonl', expect: { absent: true }, data: Buffer.from('x\n'), mtimeMs: t, backup: false },
    { kind: 'put', path: 'projects/-work-app/blob.bin', expect: { absent: true }, data: Buffer.alloc(0), mtimeMs: 86_400_000.5, backup: false },
    { kind: 'backup', path: 'projects/-work-app/new/deep/n.jsonl' },
    { kind: 'backup', path: 'projects/-work-app/gone.jsonl' },
  ];
}

/** Every entry below `root`: type, mode, mtime (unless a backup: copies are made now), bytes. */
function snapshot(root: string, withMtime = true): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(root, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      const info = lstatSync(join(root, path), { bigint: true });
      if (info.isDirectory()) {
        out[path] = `dir ${(info.mode & 0o777n).toString(8)}`;
        walk(path);
      } else if (info.isSymbolicLink()) out[path] = 'link';
      else out[path] = `file ${(info.mode & 0o777n).toString(8)} ${withMtime ? info.mtimeNs : ''} ${readFileSync(join(root, path)).toString('base64')}`;
    }
  };
  walk('');
  return out;
}

for (const [shell, plainHead] of [['dash', false], ['bash', false], ['dash', true]] as [Shell, boolean][]) {
  test(`${shell}${plainHead ? ' (stdin read by the dd loop, not GNU head)' : ''}: writes give the node agent's results and identical trees and backups`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccsync-shw-'));
    try {
      const nodeHome = join(dir, 'node-home');
      const shHome = join(dir, 'sh-home');
      seed(join(nodeHome, '.claude'));
      cpSync(nodeHome, shHome, { recursive: true, verbatimSymlinks: true });
      rmSync(join(shHome, '.claude/projects/-work-app/linked'));
      symlinkSync(join(shHome, '.claude/elsewhere'), join(shHome, '.claude/projects/-work-app/linked'));
      const nodeBackups = join(nodeHome, '.local/state/ccsync/backups');
      const expected = await applyWrites({ claudeDir: join(nodeHome, '.claude'), home: nodeHome, backupDir: nodeBackups, runId: '20260101T000000-1-aaaaaa', platform: 'linux' }, ops());
      const agent = await startLocalShAgent({ shell, dir, home: shHome, plainHead });
      const actual = await agent.write(ops()).finally(() => agent.close());
      assert.equal(agent.turns, 1);
      assert.deepEqual(actual, expected);
      assert.deepEqual(expected.map((result) => (result.ok ? 'ok' : result.code)), ['ok', 'changed', 'changed', 'ok', 'changed', 'ok', 'ok', 'refused', 'ok', 'ok', 'ok', 'refused', 'refused', 'refused', 'refused', 'ok', 'ok', 'changed']);
      assert.deepEqual(snapshot(join(shHome, '.claude')), snapshot(join(nodeHome, '.claude')));
      const [shRun] = readdirSync(join(shHome, '.local/state/ccsync/backups'));
      assert.ok(shRun);
      assert.deepEqual(snapshot(join(shHome, '.local/state/ccsync/backups', shRun), false), snapshot(join(nodeBackups, '20260101T000000-1-aaaaaa'), false));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
