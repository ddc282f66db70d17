// Issue #13, defects 3 and 4, on one side: what a run killed mid-write leaves (a transcript
// ending inside an append ccsync made, its journal, temp files) and what the next manifest turn
// does with it — the node agent and the sh agent (dash) alike. Leftovers of a run that is over
// are healed before anything is described; a live run's are not touched; bytes that are not
// ccsync's (Claude wrote after the kill) are never cut.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildManifest } from '../../src/agent/manifest.js';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import type { Manifest, ManifestRequest } from '../../src/wire/protocol.js';
import { startLocalShAgent } from '../helpers/sh-agent-local.js';
import { makeTranscript } from '../helpers/transcripts.js';
import { tempDir } from '../helpers/temp-dir.js';

const SID = '5e551011-0000-4000-8000-000000000001';
const CWD = '/work/heal-app';
const DIR = `projects/${encodeProjectDir(CWD, 'linux')}`;
const REL = `${DIR}/${SID}.jsonl`;
/** pid_max is at most 2^22: no process has this pid */
const DEAD_RUN = '20260101T000000-2147483646-abc123';
const OLD_MTIME_S = 1_750_000_000.25;

type Agent = 'node' | 'dash';

interface Side {
  dir: string;
  home: string;
  claudeDir: string;
  file: string;
  base: Buffer;
  tail: Buffer;
}

function side(): Side {
  const dir = tempDir('ccsync-heal-');
  const home = join(dir, 'home');
  const claudeDir = join(home, '.claude');
  mkdirSync(join(claudeDir, DIR), { recursive: true });
  const whole = Buffer.from(makeTranscript(SID, CWD, 6, { seed: 'base' }));
  let baseLen = 0;
  for (let line = 0; line < 4; line++) baseLen = whole.indexOf(0x0a, baseLen) + 1;
  const base = whole.subarray(0, baseLen);
  const file = join(claudeDir, ...REL.split('/'));
  writeFileSync(file, base, { mode: 0o600 });
  utimesSync(file, OLD_MTIME_S, OLD_MTIME_S);
  return { dir, home, claudeDir, file, base, tail: whole.subarray(base.length) };
}

/** What a killed run leaves: the journal of an append of `tail` at the base's size, by `run`. */
function journal(s: Side, run: string): string {
  const path = join(s.claudeDir, DIR, `.${SID}.jsonl.ccsync-${run}.append.tmp`);
  writeFileSync(path, Buffer.concat([Buffer.from(`ccsync-append1 ${s.base.length} ${s.tail.length}\n`), s.tail]), { mode: 0o600 });
  utimesSync(path, OLD_MTIME_S, OLD_MTIME_S);
  return path;
}

const request: ManifestRequest = { scopeRoots: [CWD], probes: [] };

async function manifestOn(s: Side, agent: Agent): Promise<Manifest> {
  if (agent === 'node') return buildManifest({ claudeDir: s.claudeDir, home: s.home, backupDir: join(s.dir, 'bk'), runId: '20260101T000001-1-ff', platform: 'linux' }, request);
  const sh = await startLocalShAgent({ shell: 'dash', dir: s.dir, home: s.home });
  try {
    return await sh.manifest(request);
  } finally {
    await sh.close();
  }
}

function leftovers(s: Side): string[] {
  return readdirSync(join(s.claudeDir, DIR)).filter((name) => name.includes('.ccsync-'));
}

function entry(manifest: Manifest): Manifest['files'][number] | undefined {
  return manifest.files.find((file) => file.path === REL);
}

for (const agent of ['node', 'dash'] as const) {
  test(`${agent}: a transcript that stops inside a dead run's journaled append is cut back to its old size and mtime`, async () => {
    const s = side();
    const cut = Math.floor(s.tail.length / 2) + 3; // inside a line
    writeFileSync(s.file, Buffer.concat([s.base, s.tail.subarray(0, cut)]));
    journal(s, DEAD_RUN);
    const manifest = await manifestOn(s, agent);
    assert.ok(readFileSync(s.file).equals(s.base), 'the partial append is still there');
    assert.equal(statSync(s.file).mtimeMs, OLD_MTIME_S * 1000, 'the old mtime is not back');
    assert.deepEqual(leftovers(s), []);
    assert.equal(entry(manifest)?.completeLen, s.base.length, 'the manifest describes the file before the heal');
    assert.equal(entry(manifest)?.size, s.base.length);
    assert.ok(manifest.warnings.some((line) => line.includes('rolled back') && line.includes(`(${cut} bytes)`)), manifest.warnings.join('\n'));
  });

  test(`${agent}: a journaled append cut at a line boundary is rolled back too (the run never finished)`, async () => {
    const s = side();
    const boundary = s.tail.indexOf(0x0a) + 1;
    writeFileSync(s.file, Buffer.concat([s.base, s.tail.subarray(0, boundary)]));
    journal(s, DEAD_RUN);
    await manifestOn(s, agent);
    assert.ok(readFileSync(s.file).equals(s.base));
    assert.deepEqual(leftovers(s), []);
  });

  test(`${agent}: a complete append keeps its bytes; only the journal goes`, async () => {
    const s = side();
    writeFileSync(s.file, Buffer.concat([s.base, s.tail]));
    journal(s, DEAD_RUN);
    const manifest = await manifestOn(s, agent);
    assert.ok(readFileSync(s.file).equals(Buffer.concat([s.base, s.tail])));
    assert.deepEqual(leftovers(s), []);
    assert.deepEqual(manifest.warnings, []);
  });

  test(`${agent}: bytes past the journal's that are not ccsync's are never cut`, async () => {
    const s = side();
    const claude = Buffer.from('{"type":"user","uuid":"written-by-claude"}\n');
    const mixed = Buffer.concat([s.base, s.tail.subarray(0, 40), claude]);
    writeFileSync(s.file, mixed);
    journal(s, DEAD_RUN);
    const manifest = await manifestOn(s, agent);
    assert.ok(readFileSync(s.file).equals(mixed), 'foreign bytes were cut');
    assert.deepEqual(leftovers(s), []);
    assert.ok(manifest.warnings.some((line) => line.includes('followed by other writes')), manifest.warnings.join('\n'));
  });

  test(`${agent}: a partial last line with no journal of ccsync's (Claude writing it) is left as it is`, async () => {
    const s = side();
    const writing = Buffer.concat([s.base, Buffer.from('{"type":"assistant","uuid":"half-written-by-cla')]);
    writeFileSync(s.file, writing);
    const manifest = await manifestOn(s, agent);
    assert.ok(readFileSync(s.file).equals(writing));
    assert.equal(entry(manifest)?.completeLen, s.base.length);
    assert.deepEqual(manifest.warnings, []);
  });

  test(`${agent}: a live run's journal and temp file are left alone; a dead run's temp file is removed`, async () => {
    const s = side();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      const liveRun = `20260101T000000-${String(holder.pid)}-abc123`;
      const partial = Buffer.concat([s.base, s.tail.subarray(0, 10)]);
      writeFileSync(s.file, partial);
      journal(s, liveRun);
      const liveTemp = join(s.claudeDir, DIR, `.${SID}.jsonl.ccsync-${liveRun}.tmp`);
      const deadTemp = join(s.claudeDir, DIR, SID, 'subagents', `.agent-a1.jsonl.ccsync-${DEAD_RUN}.tmp`);
      mkdirSync(join(deadTemp, '..'), { recursive: true });
      writeFileSync(liveTemp, 'half a put');
      writeFileSync(deadTemp, 'half a put');
      const deadTop = join(s.claudeDir, DIR, `.gone.jsonl.ccsync-${DEAD_RUN}.tmp`);
      writeFileSync(deadTop, 'x');
      const manifest = await manifestOn(s, agent);
      assert.ok(readFileSync(s.file).equals(partial), 'a live run was healed under its feet');
      assert.deepEqual(leftovers(s).sort(), [`.${SID}.jsonl.ccsync-${liveRun}.append.tmp`, `.${SID}.jsonl.ccsync-${liveRun}.tmp`].sort());
      assert.equal(existsSync(deadTemp), false, 'a dead run’s temp file in a session tree stayed');
      assert.equal(existsSync(deadTop), false, 'a dead run’s temp file in the project dir stayed');
      assert.equal(entry(manifest)?.completeLen, s.base.length, 'the partial line counts as being written');
    } finally {
      holder.kill('SIGKILL');
      await once(holder, 'exit');
    }
  });
}
