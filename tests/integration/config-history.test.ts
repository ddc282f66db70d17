// Prompt history merged on every run (issue #5) and `--project-settings` over a `dir:` remote:
// mapped entries both ways without duplicates, unmapped ones never leave; only the mapped
// projects' settings fields of ~/.claude.json are carried; config rides in the session turns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { makeTranscript } from '../helpers/transcripts.js';
import { makePair, put, read, transcriptPath } from './transfer-harness.js';

const SID = '6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';

const entry = (display: string, timestamp: number, project: string): string =>
  `${JSON.stringify({ display, pastedContents: {}, timestamp, project, sessionId: SID })}\n`;

test('history.jsonl: mapped entries merge both ways without duplicates; unmapped ones stay; a rerun changes nothing', async () => {
  const pair = await makePair();
  try {
    const localHistory = join(pair.localClaude, 'history.jsonl');
    const remoteHistory = join(pair.remoteClaude, 'history.jsonl');
    put(localHistory, entry('fix the tests', 1000, pair.L) + entry('my private repo', 1500, '/srv/private') + entry('ship it', 3000, `${pair.L}/sub`));
    put(remoteHistory, entry('remote prompt', 2000, pair.R) + entry('remote private', 2500, '/opt/other'));
    let out = pair.run(['sync', 'b']);
    assert.equal(out.status, 0, out.stdout + out.stderr);
    assert.equal(
      read(localHistory),
      entry('fix the tests', 1000, pair.L) + entry('my private repo', 1500, '/srv/private') + entry('remote prompt', 2000, pair.L) + entry('ship it', 3000, `${pair.L}/sub`),
      'the remote entry is inserted by time, project rewritten',
    );
    assert.equal(
      read(remoteHistory),
      entry('fix the tests', 1000, pair.R) + entry('remote prompt', 2000, pair.R) + entry('remote private', 2500, '/opt/other') + entry('ship it', 3000, `${pair.R}/sub`),
    );
    assert.ok(!read(remoteHistory).includes('/srv/private'), 'an unmapped project never leaves the machine');
    assert.ok(!read(localHistory).includes('/opt/other'));
    const before = { local: read(localHistory), remote: read(remoteHistory) };
    out = pair.run(['sync', 'b']);
    assert.equal(out.status, 0, out.stderr);
    assert.deepEqual({ local: read(localHistory), remote: read(remoteHistory) }, before, 'no duplicates on a second run');
    // a new prompt on the remote is appended here; a partial last line being written is left alone
    put(remoteHistory, before.remote + entry('later', 9000, pair.R));
    put(localHistory, `${before.local}{"display":"typing`);
    out = pair.run(['pull', 'b']);
    assert.equal(out.status, 0, out.stderr);
    assert.equal(read(localHistory), `${before.local}{"display":"typing`, 'nothing appended after a partial line');
    put(localHistory, before.local);
    out = pair.run(['pull', 'b']);
    assert.equal(out.status, 0, out.stderr);
    assert.equal(read(localHistory), before.local + entry('later', 9000, pair.L));
  } finally {
    await pair.cleanup();
  }
});

test('--project-settings carries only the mapped projects\' settings fields of ~/.claude.json, keyed by the other side\'s path', async () => {
  const pair = await makePair();
  try {
    const localJson = join(pair.box.home, '.claude.json');
    const remoteJson = join(pair.remoteHome, '.claude.json');
    const local = {
      oauthAccount: { emailAddress: 'alice@example.com' },
      projects: {
        [pair.L]: { allowedTools: ['Bash(npm test)'], mcpServers: { fs: { command: `${pair.L}/bin/mcp` } }, hasTrustDialogAccepted: true, lastCost: 1.5, lastSessionId: SID },
        '/srv/private': { allowedTools: ['Bash(rm -rf /)'], hasTrustDialogAccepted: true },
      },
    };
    const remote = { userID: 'remote-user', projects: { [pair.R]: { lastCost: 9, history: [] } } };
    put(localJson, JSON.stringify(local, null, 2));
    put(remoteJson, JSON.stringify(remote, null, 2));
    let out = pair.run(['push', 'b', '--config']);
    assert.equal(out.status, 0, out.stderr);
    assert.deepEqual(JSON.parse(read(remoteJson)), remote, 'untouched without --project-settings');
    out = pair.run(['push', 'b', '--project-settings']);
    assert.equal(out.status, 0, out.stdout + out.stderr);
    const after = JSON.parse(read(remoteJson)) as { userID: string; oauthAccount?: unknown; projects: Record<string, Record<string, unknown>> };
    assert.equal(after.userID, 'remote-user');
    assert.equal(after.oauthAccount, undefined, 'account data never travels');
    assert.deepEqual(Object.keys(after.projects), [pair.R], 'only the mapped project');
    assert.deepEqual(after.projects[pair.R], {
      lastCost: 9,
      history: [],
      allowedTools: ['Bash(npm test)'],
      mcpServers: { fs: { command: `${pair.R}/bin/mcp` } },
      hasTrustDialogAccepted: true,
    });
    assert.ok(read(remoteJson).startsWith('{\n  "userID"'), 'the file keeps its indentation');
    // and back: a tool allowed on the remote reaches the local entry under the local path
    after.projects[pair.R] = { ...after.projects[pair.R], allowedTools: ['Bash(npm test)', 'Bash(make)'] };
    put(remoteJson, JSON.stringify(after, null, 2));
    out = pair.run(['pull', 'b', '--project-settings']);
    assert.equal(out.status, 0, out.stdout + out.stderr);
    const back = JSON.parse(read(localJson)) as typeof local;
    assert.deepEqual(back.projects[pair.L]?.allowedTools, ['Bash(npm test)', 'Bash(make)']);
    assert.equal(back.projects[pair.L]?.lastCost, 1.5);
    assert.deepEqual(back.oauthAccount, local.oauthAccount);
  } finally {
    await pair.cleanup();
  }
});

test('config and history ride in the session turns: a push with changes costs ≤ 3 turns per side', async () => {
  const pair = await makePair();
  try {
    put(transcriptPath(pair.localClaude, pair.L, SID), makeTranscript(SID, pair.L, 2));
    put(join(pair.localClaude, 'settings.json'), '{"model":"opus"}\n');
    put(join(pair.localClaude, 'history.jsonl'), entry('hi', 1, pair.L));
    put(join(pair.remoteClaude, 'CLAUDE.md'), 'from b\n');
    const out = pair.run(['sync', 'b', '--config', '--json']);
    assert.equal(out.status, 0, out.stderr);
    const parsed = JSON.parse(out.stdout) as { done: number; turns: { local: number; remote: number } };
    assert.equal(parsed.done, 1, 'the session was copied');
    assert.deepEqual(parsed.turns, { local: 3, remote: 3 }, 'manifest, read, write on each side');
    assert.equal(read(join(pair.localClaude, 'CLAUDE.md')), 'from b\n');
    assert.equal(read(join(pair.remoteClaude, 'settings.json')), '{\n  "model": "opus"\n}\n');
    assert.equal(read(join(pair.remoteClaude, 'history.jsonl')), entry('hi', 1, pair.R));
  } finally {
    await pair.cleanup();
  }
});
