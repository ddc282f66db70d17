// Issue #10 item 4: on a full or read-only target a push printed one failure per file and
// counted the failed bytes as written. Now: what reached disk is counted, the side stops at
// the first no-space / read-only error, and one line says which side, why, and how much room
// is left. The target is a real tmpfs (1 MiB, then remounted read-only): tests run as root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { withTmpfs } from '../helpers/tmpfs-mount.js';
import { seededUuid } from '../helpers/transcripts.js';
import { makePair, put, snapshot, transcriptPath } from './transfer-harness.js';

const KiB = 1024;

/** `count` sessions here, each with a transcript and a `size`-byte tool result */
function sessions(p: Awaited<ReturnType<typeof makePair>>, count: number, size: number, tag: string): string[] {
  return Array.from({ length: count }, (_, index) => {
    const sid = seededUuid(`${tag}-${index}`);
    const file = transcriptPath(p.localClaude, p.L, sid);
    put(file, `${JSON.stringify({ type: 'user', uuid: `u-${sid}`, sessionId: sid, cwd: p.L, message: { content: 'hi' } })}\n`);
    put(join(file.slice(0, -'.jsonl'.length), 'tool-results', 'out.bin'), Buffer.alloc(size, index + 1));
    return sid;
  });
}

/** Bytes of every regular file below `dir`. */
function bytesBelow(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

test('a push to a full disk: one line naming the side and its free space, only what reached disk counted', async (t) => {
  const p = await makePair();
  try {
    await withTmpfs(p.remoteHome, 1024 * KiB, (reason) => t.skip(reason), async () => {
      sessions(p, 12, 200 * KiB, 'full');
      const run = p.run(['push', 'b']);
      assert.equal(run.status, 1, run.stdout + run.stderr);
      const stops = run.stderr.split('\n').filter((line) => line.startsWith('ccsync: '));
      assert.equal(stops.length, 1, run.stderr);
      assert.match(stops[0] ?? '', new RegExp(`^ccsync: dir:${p.remoteHome} stopped writing: no space left on the device \\(${p.remoteClaude}, [0-9.]+ (B|KiB) free\\); \\d+ of \\d+ write\\(s\\) not done — free some space there and run again`));
      assert.doesNotMatch(run.stdout, /^failed/m, 'no failure line per file');
      assert.doesNotMatch(run.stdout + run.stderr, /ENOSPC|errno/);
      const summary = /^push: (\d+) done, .* (\d+) failed, .* ([0-9.]+) (B|KiB|MiB) written$/m.exec(run.stdout);
      assert.ok(summary, run.stdout);
      const done = Number(summary[1]);
      assert.ok(done > 0 && Number(summary[2]) > 0, run.stdout);
      // "written" is what is on the disk now (sessions done in full), not what was attempted
      const json = p.json(['push', 'b'], 1);
      assert.ok(json.bytesWritten === 0, 'a rerun on the still-full disk writes nothing more');
      const onDisk = bytesBelow(join(p.remoteClaude, 'projects'));
      const written = Number(summary[3]) * (summary[4] === 'KiB' ? KiB : summary[4] === 'MiB' ? KiB * KiB : 1);
      assert.ok(Math.abs(written - onDisk) < KiB, `written ${written} vs on disk ${onDisk}`);
      assert.ok(written <= 1024 * KiB, 'never more than the disk holds');
      assert.ok(!Object.keys(snapshot(p.remoteClaude)).some((path) => path.includes('.ccsync-')), 'no temp file left behind');
    });
  } finally {
    await p.cleanup();
  }
});

test('a push to a read-only target: one line, nothing written, nothing counted', async (t) => {
  const p = await makePair();
  try {
    await withTmpfs(p.remoteHome, 1024 * KiB, (reason) => t.skip(reason), async (mount) => {
      const first = sessions(p, 1, 10 * KiB, 'ro-first');
      assert.equal(p.run(['push', 'b']).status, 0);
      assert.match(p.run(['check', 'b']).stdout, /claude dir +.*: exists, .* free, writable$/m);
      mount.readOnly();
      // `check` says so before a push finds out
      const check = p.run(['check', 'b']);
      assert.match(check.stdout, /claude dir +.*: exists, .* free, NOT writable \(Read-only file system\)$/m);
      assert.match(check.stdout + check.stderr, /cannot write to .*\(Read-only file system\): pulls work, but pushes and syncs will fail there/);
      sessions(p, 5, 10 * KiB, 'ro-more');
      const before = snapshot(p.remoteClaude);
      const run = p.run(['push', 'b']);
      assert.equal(run.status, 1, run.stdout + run.stderr);
      const stops = run.stderr.split('\n').filter((line) => line.startsWith('ccsync: '));
      assert.equal(stops.length, 1, run.stderr);
      assert.match(stops[0] ?? '', /stopped writing: the file system is read-only .*; 10 of 10 write\(s\) not done — make it writable/);
      assert.match(run.stdout, /^push: 0 done, .* 10 failed, 2 already in sync, 0 B written$/m);
      assert.deepEqual(snapshot(p.remoteClaude), before);
      assert.equal(first.length, 1);
    });
  } finally {
    await p.cleanup();
  }
});
