// Issue #10 item 4 for both agents: on a full or read-only Claude dir (a real tmpfs; tests run
// as root, which ignores mode bits) the first no-space / read-only failure stops the batch, the
// rest are "not attempted", every result says why and how much room is left, and the sh agent
// answers exactly as the node agent does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyWrites } from '../../src/agent/file-ops.js';
import type { WriteOp, WriteResult } from '../../src/wire/protocol.js';
import { startLocalShAgent } from '../helpers/sh-agent-local.js';
import { mountTmpfs, type Mounted } from '../helpers/tmpfs-mount.js';

const KiB = 1024;
const D = 'projects/-w';
const t = 1_700_000_000_000;

function ops(): WriteOp[] {
  return [
    { kind: 'append', path: `${D}/a.jsonl`, expect: { size: 8 }, data: Buffer.from('{"b":2}\n'), mtimeMs: t },
    ...[0, 1, 2, 3, 4].map((index): WriteOp => ({ kind: 'put', path: `${D}/s${index}/big.bin`, expect: { absent: true }, data: Buffer.alloc(100 * KiB, index), mtimeMs: t, backup: false })),
    { kind: 'append', path: `${D}/a.jsonl`, expect: { size: 16 }, data: Buffer.from('{"c":3}\n'), mtimeMs: t },
    { kind: 'remove', path: `${D}/a.jsonl`, expect: { any: true }, backup: false },
  ];
}

/** A fresh 256 KiB tmpfs as `<home>/.claude` holding one transcript; `readOnly` remounts it so. */
function freshClaude(home: string, readOnly: boolean): Mounted | { skip: string } {
  const claudeDir = join(home, '.claude');
  mkdirSync(claudeDir, { recursive: true });
  const mount = mountTmpfs(claudeDir, 256 * KiB);
  if ('skip' in mount) return mount;
  mkdirSync(join(claudeDir, D), { recursive: true });
  writeFileSync(join(claudeDir, D, 'a.jsonl'), '{"a":1}\n');
  if (readOnly) mount.readOnly();
  return mount;
}

function summary(results: WriteResult[]): string[] {
  return results.map((result) => (result.ok ? 'ok' : `${result.code} ${result.stop?.cause ?? '-'} ${result.stop?.attempted === true ? 'first' : result.stop ? 'after' : ''}`.trim()));
}

for (const readOnly of [false, true]) {
  test(`${readOnly ? 'a read-only' : 'a full'} Claude dir: both agents stop at the first failure and say why, with the free space`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'ccsync-stop-'));
    const mounts: Mounted[] = [];
    try {
      const home = join(dir, 'node-home');
      const nodeMount = freshClaude(home, readOnly);
      if ('skip' in nodeMount) return t.skip(nodeMount.skip);
      mounts.push(nodeMount);
      const root = { claudeDir: join(home, '.claude'), home, backupDir: join(dir, 'backups'), runId: '20260101T000000-1-aaaaaa', platform: 'linux' };
      const expected = await applyWrites(root, ops());
      const shHome = join(dir, 'sh-home');
      const shMount = freshClaude(shHome, readOnly);
      if ('skip' in shMount) return t.skip(shMount.skip);
      mounts.push(shMount);
      const agent = await startLocalShAgent({ shell: 'dash', dir, home: shHome });
      const actual = await agent.write(ops()).finally(() => agent.close());
      assert.deepEqual(
        summary(expected),
        readOnly
          ? ['io read-only first', 'io read-only after', 'io read-only after', 'io read-only after', 'io read-only after', 'io read-only after', 'io read-only after', 'io read-only after']
          : ['ok', 'ok', 'ok', 'io no-space first', 'io no-space after', 'io no-space after', 'io no-space after', 'io no-space after'],
      );
      assert.deepEqual(actual, expected);
      const first = expected.find((result) => !result.ok);
      assert.ok(first && !first.ok && first.stop?.freeBytes !== undefined && first.stop.freeBytes < 100 * KiB + (readOnly ? Infinity : 0));
      assert.match(first.message, readOnly ? /the file system is read-only$/ : /no space left on the device$/);
      assert.doesNotMatch(expected.map((result) => (result.ok ? '' : result.message)).join('\n'), /ENOSPC|EROFS|errno/);
      for (const claudeDir of [join(home, '.claude'), join(shHome, '.claude')]) {
        assert.equal(readFileSync(join(claudeDir, D, 'a.jsonl'), 'utf8'), readOnly ? '{"a":1}\n' : '{"a":1}\n{"b":2}\n', 'the transcript is whole');
        assert.ok(!readdirSync(join(claudeDir, D), { recursive: true }).some((name) => String(name).includes('.ccsync-')), 'no temp or probe file left');
      }
    } finally {
      for (const mount of mounts) mount.unmount();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
