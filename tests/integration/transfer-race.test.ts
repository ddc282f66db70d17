// Issue #13, defect 7: another program appends to a session between ccsync's manifest and its
// write (two tools on one session, no live registry). The write's precondition fails; that is a
// race, not a failure: the action is skipped with a warning (no `failed`, so exit 0), the state
// does not move, and the next run carries every line exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyAncestor } from '../../src/sync/ancestor-store.js';
import { RACED } from '../../src/sync/record-results.js';
import { syncSides, type SyncRequest, type SyncResult } from '../../src/sync/sync-session.js';
import type { AncestorState, Direction } from '../../src/planner/types.js';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { LocalDirTransport } from '../../src/transport/local-dir-transport.js';
import type { WriteOp, WriteResult } from '../../src/wire/protocol.js';
import { appendTurn, uuidsOf } from '../helpers/ssh-cli.js';
import { makeTranscript } from '../helpers/transcripts.js';
import { tempDir } from '../helpers/temp-dir.js';

const SID = 'aace0000-0000-4000-8000-000000000007';

/** A side whose write turn first lets "another program" append to the session. */
class RacedTransport extends LocalDirTransport {
  beforeWrite: (() => void) | undefined;
  override async write(ops: WriteOp[]): Promise<WriteResult[]> {
    this.beforeWrite?.();
    this.beforeWrite = undefined;
    return super.write(ops);
  }
}

function setup() {
  const root = tempDir('ccsync-race-');
  const L = join(root, 'a', 'proj');
  const R = join(root, 'b', 'work', 'proj');
  const side = (name: string, project: string) => {
    const claudeDir = join(root, name, '.claude');
    mkdirSync(join(claudeDir, 'projects', encodeProjectDir(project, process.platform)), { recursive: true });
    const transport = new RacedTransport({ claudeDir, home: join(root, name), backupDir: join(root, 'state', name), runId: `20260101T000000-${process.pid}-0${name.length}`, platform: process.platform }, name);
    return { transport, file: join(claudeDir, 'projects', encodeProjectDir(project, process.platform), `${SID}.jsonl`) };
  };
  return { L, R, local: side('local', L), remote: side('remote', R) };
}

type Setup = ReturnType<typeof setup>;

async function run(s: Setup, direction: Direction, ancestor: AncestorState): Promise<SyncResult> {
  const request: SyncRequest = {
    remoteName: 'b',
    local: s.local.transport,
    remote: s.remote.transport,
    ancestor,
    userPairs: [{ local: s.L, remote: s.R }],
    scope: { localRoots: [s.L], remoteRoots: [s.R] },
    options: { direction, delete: false, force: false, now: Date.now() },
    extras: { config: false, credentials: false, projectSettings: false },
    dryRun: false,
  };
  return syncSides(request);
}

function assertOnce(file: string): string[] {
  const uuids = uuidsOf(file);
  assert.equal(new Set(uuids).size, uuids.length, `${file} holds a line twice`);
  assert.ok(readFileSync(file, 'utf8').endsWith('\n'));
  return uuids;
}

for (const direction of ['push', 'sync'] as const) {
  test(`${direction}: the target grows between manifest and write — skipped with a warning, not failed; the next run converges`, async () => {
    const s = setup();
    mkdirSync(join(s.local.file, '..'), { recursive: true });
    appendFileSync(s.local.file, makeTranscript(SID, s.L, 2, { seed: 'race' }));
    const base = uuidsOf(s.local.file).length;
    const first = await run(s, 'sync', emptyAncestor());
    assert.deepEqual(first.outcomes?.map((outcome) => outcome.status), ['done']);
    appendTurn(s.local.file, SID, s.L, 'local-turn', 1);
    s.remote.transport.beforeWrite = () => appendTurn(s.remote.file, SID, s.R, 'other-tool', 2);
    const raced = await run(s, direction, first.ancestor);
    const statuses = raced.outcomes?.map((outcome) => outcome.status);
    assert.deepEqual(statuses, ['skipped'], JSON.stringify(raced.outcomes));
    assert.ok(raced.outcomes?.[0]?.message?.startsWith(RACED), raced.outcomes?.[0]?.message);
    assert.ok(raced.warnings.some((line) => line.includes(RACED)), raced.warnings.join('\n'));
    assert.deepEqual(raced.ancestor.entries, first.ancestor.entries, 'the state moved on after a skipped write');
    const settled = await run(s, 'sync', raced.ancestor);
    assert.ok(settled.outcomes?.every((outcome) => outcome.status === 'done'), JSON.stringify(settled.outcomes));
    const local = assertOnce(s.local.file);
    const remote = assertOnce(s.remote.file);
    assert.deepEqual([...local].sort(), [...remote].sort());
    assert.equal(local.length, base + 2 + 2, 'a line went missing');
  });
}
