// Issue #13, "a hub for machines that cannot reach each other": the laptop and two pods each
// sync with a hub only (a `dir:` volume here; an SSH host works the same), and sessions flow
// laptop → hub → pods and back. The pods are fresh: Claude Code never ran there, and their
// first pull / sync creates the Claude dir (0700) instead of refusing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { makeTranscript, seededUuid } from '../helpers/transcripts.js';
import { put, uuidsOf } from './transfer-harness.js';
import { makeReplicas, type Replicas } from './replicas-harness.js';

const S = seededUuid('hub-session');
const S2 = seededUuid('hub-session-from-pod2');

/** The file in a neutral form: the machine's own project path and home as placeholders. */
function neutral(r: Replicas, name: string, sid: string): string {
  const m = r.byName(name);
  return readFileSync(r.transcript(name, sid), 'utf8').split(m.project).join('<P>').split(m.home).join('<H>');
}

const statusSchema = z.object({ remotes: z.array(z.object({ sessions: z.array(z.object({ sessionId: z.string(), status: z.string() })) })) });

async function statusOf(r: Replicas, name: string): Promise<Record<string, string>> {
  const out = await r.run(name, ['status', 'hub', '--json']);
  assert.equal(out.status, 0, out.stderr);
  const rows = statusSchema.parse(JSON.parse(out.stdout)).remotes[0]?.sessions ?? [];
  return Object.fromEntries(rows.map((row) => [row.sessionId, row.status]));
}

test('laptop ↔ hub ↔ pods: sessions flow both ways through the hub; fresh pods pull and sync at once', async () => {
  const r = await makeReplicas({
    names: ['laptop', 'hub', 'pod2', 'pod3'],
    links: [['laptop', 'hub'], ['pod2', 'hub'], ['pod3', 'hub']],
    hubs: ['hub'],
    fresh: ['pod2', 'pod3'],
  });
  try {
    put(r.transcript('laptop', S), makeTranscript(S, r.byName('laptop').project, 2));
    assert.equal((await r.json('laptop', ['sync', 'hub'])).done, 1);

    // pod2 never ran Claude Code: status reads its side as empty, the first pull creates ~/.claude
    assert.equal(existsSync(r.byName('pod2').claudeDir), false);
    assert.deepEqual(await statusOf(r, 'pod2'), { [S]: 'remote-only' });
    const pulled = r.runCliProcess('pod2', ['pull', 'hub']);
    assert.equal(pulled.status, 0, pulled.stderr);
    assert.equal((statSync(r.byName('pod2').claudeDir).mode & 0o777).toString(8), '700');
    assert.equal(neutral(r, 'pod2', S), neutral(r, 'laptop', S));
    // pod3 syncs at once, which also works on a machine without a Claude dir
    assert.equal((await r.json('pod3', ['sync', 'hub'])).done, 1);

    // Both sides go on: pod2 continues S and starts S2; the laptop continues S a minute later.
    appendFileSync(r.transcript('pod2', S), makeTranscript(S, r.byName('pod2').project, 1, { seed: 'pod2', start: '2026-01-02T00:00:00.000Z' }));
    put(r.transcript('pod2', S2), makeTranscript(S2, r.byName('pod2').project, 1, { start: '2026-01-02T00:00:30.000Z' }));
    appendFileSync(r.transcript('laptop', S), makeTranscript(S, r.byName('laptop').project, 1, { seed: 'laptop', start: '2026-01-02T00:01:00.000Z' }));
    assert.deepEqual(await statusOf(r, 'pod2'), { [S]: 'local-ahead', [S2]: 'local-only' });
    await r.json('pod2', ['push', 'hub']);
    assert.deepEqual(await statusOf(r, 'laptop'), { [S]: 'diverged', [S2]: 'remote-only' });
    await r.json('laptop', ['sync', 'hub']);
    await r.json('pod2', ['sync', 'hub']);
    await r.json('pod3', ['pull', 'hub']);

    for (const sid of [S, S2]) {
      for (const name of ['pod2', 'pod3', 'hub']) assert.equal(neutral(r, name, sid), neutral(r, 'laptop', sid), `${name} ${sid}: the same lines in the same order`);
      for (const m of r.machines) {
        const text = readFileSync(r.transcript(m.name, sid), 'utf8');
        assert.equal(new Set(uuidsOf(text)).size, uuidsOf(text).length, `${m.name}: every line once`);
        for (const other of r.machines.filter((o) => o.name !== m.name)) assert.ok(!text.includes(other.project), `${m.name}: no path of ${other.name}`);
      }
    }
    for (const name of ['laptop', 'pod2', 'pod3']) assert.deepEqual(await statusOf(r, name), { [S]: 'in-sync', [S2]: 'in-sync' }, name);
    for (const name of ['laptop', 'pod2', 'pod3']) assert.deepEqual((await r.json(name, ['sync', 'hub'])).actions, [], `${name}: nothing left to do`);
  } finally {
    r.cleanup();
  }
});

test('a push from a machine without a Claude dir still says what to do, and writes nothing', async () => {
  const r = await makeReplicas({ names: ['pod', 'hub'], links: [['pod', 'hub']], hubs: ['hub'], fresh: ['pod'] });
  try {
    const out = await r.run('pod', ['push', 'hub']);
    assert.equal(out.status, 1);
    assert.match(out.stderr, /^ccsync: no Claude Code config dir at .*: run Claude Code once on this machine, or set CLAUDE_CONFIG_DIR\n$/);
    assert.equal(existsSync(r.byName('pod').claudeDir), false);
  } finally {
    r.cleanup();
  }
});
