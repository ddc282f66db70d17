// `ccsync push | pull | sync b --config` over a `dir:` remote (issue #5): each config file kind,
// settings.json three-way by key with hook paths mapped, a bad settings.json, credentials.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { exists, makePair, put, read, snapshot } from './transfer-harness.js';

const KINDS = ['CLAUDE.md', 'agents/reviewer.md', 'commands/deploy.md', 'skills/pdf/SKILL.md', 'output-styles/terse.md'];

function mode(file: string): number {
  return statSync(file).mode & 0o777;
}

test('--config carries each file kind; a change on one side is copied back with a backup; both changed is a conflict', async () => {
  const pair = await makePair();
  try {
    for (const rel of KINDS) put(join(pair.localClaude, rel), `# ${rel}\n`);
    let out = pair.run(['push', 'b']);
    assert.equal(out.status, 0, out.stderr);
    assert.ok(!exists(join(pair.remoteClaude, 'CLAUDE.md')), 'without --config nothing of the config moves');
    out = pair.run(['push', 'b', '--config']);
    assert.equal(out.status, 0, out.stderr);
    for (const rel of KINDS) {
      assert.equal(read(join(pair.remoteClaude, rel)), `# ${rel}\n`, rel);
      assert.equal(mode(join(pair.remoteClaude, rel)), 0o600, rel);
    }
    put(join(pair.remoteClaude, 'agents/reviewer.md'), 'changed on b\n');
    out = pair.run(['pull', 'b', '--config']);
    assert.equal(out.status, 0, out.stderr);
    assert.equal(read(join(pair.localClaude, 'agents/reviewer.md')), 'changed on b\n');
    const runs = readdirSync(join(pair.box.stateDir, 'backups', 'local'));
    assert.ok(runs.some((run) => exists(join(pair.box.stateDir, 'backups', 'local', run, 'agents/reviewer.md'))), 'the replaced copy was backed up');
    put(join(pair.localClaude, 'CLAUDE.md'), 'local edit\n');
    put(join(pair.remoteClaude, 'CLAUDE.md'), 'remote edit\n');
    out = pair.run(['sync', 'b', '--config']);
    assert.equal(out.status, 3, out.stdout + out.stderr);
    assert.match(out.stdout, /conflict.*CLAUDE\.md/);
    assert.equal(read(join(pair.localClaude, 'CLAUDE.md')), 'local edit\n');
    assert.equal(read(join(pair.remoteClaude, 'CLAUDE.md')), 'remote edit\n');
    const status = pair.run(['status', 'b', '--config', '--json']);
    assert.equal(status.status, 0, status.stderr);
    const rows = (JSON.parse(status.stdout) as { remotes: Array<{ config: Array<{ path: string; status: string }> }> }).remotes[0]?.config ?? [];
    assert.deepEqual(rows.find((row) => row.path === 'CLAUDE.md')?.status, 'conflict');
    assert.deepEqual(rows.find((row) => row.path === 'agents/reviewer.md')?.status, 'in sync');
  } finally {
    await pair.cleanup();
  }
});

test('settings.json: different keys merge both ways, the same key is a conflict (exit 3), hook paths are mapped', async () => {
  const pair = await makePair();
  try {
    const hook = (command: string): unknown => ({ PostToolUse: [{ matcher: 'Edit', hooks: [{ type: 'command', command }] }] });
    put(join(pair.localClaude, 'settings.json'), JSON.stringify({ model: 'opus', hooks: hook(`${pair.box.home}/bin/lint.sh`), permissions: { allow: ['Bash(ls)'] } }));
    let out = pair.run(['push', 'b', '--config']);
    assert.equal(out.status, 0, out.stderr);
    const remoteText = read(join(pair.remoteClaude, 'settings.json'));
    assert.ok(remoteText.startsWith('{\n  "model": "opus",\n'), 'written with 2-space indentation');
    assert.ok(remoteText.endsWith('}\n'), 'and a trailing newline');
    const remote = JSON.parse(remoteText) as Record<string, unknown>;
    assert.deepEqual(remote['hooks'], hook(`${pair.remoteHome}/bin/lint.sh`));
    assert.equal(mode(join(pair.remoteClaude, 'settings.json')), 0o600);

    // local changes permissions.allow, remote changes model and adds an env key
    put(join(pair.localClaude, 'settings.json'), JSON.stringify({ model: 'opus', hooks: hook(`${pair.box.home}/bin/lint.sh`), permissions: { allow: ['Bash(ls)', 'Bash(git diff)'] } }));
    put(join(pair.remoteClaude, 'settings.json'), JSON.stringify({ ...remote, model: 'sonnet', env: { DEBUG: '1' } }));
    out = pair.run(['sync', 'b', '--config']);
    assert.equal(out.status, 0, out.stdout + out.stderr);
    const local = JSON.parse(read(join(pair.localClaude, 'settings.json'))) as Record<string, unknown>;
    const merged = JSON.parse(read(join(pair.remoteClaude, 'settings.json'))) as Record<string, unknown>;
    assert.equal(local['model'], 'sonnet');
    assert.deepEqual(local['env'], { DEBUG: '1' });
    assert.deepEqual(local['hooks'], hook(`${pair.box.home}/bin/lint.sh`), 'the local hook keeps its local path');
    assert.deepEqual(merged['permissions'], { allow: ['Bash(ls)', 'Bash(git diff)'] });

    put(join(pair.localClaude, 'settings.json'), JSON.stringify({ ...local, model: 'haiku' }));
    put(join(pair.remoteClaude, 'settings.json'), JSON.stringify({ ...merged, model: 'opus' }));
    out = pair.run(['sync', 'b', '--config']);
    assert.equal(out.status, 3, out.stdout + out.stderr);
    assert.match(out.stdout, /settings\.json: changed on both sides: model/);
    assert.equal((JSON.parse(read(join(pair.localClaude, 'settings.json'))) as Record<string, unknown>)['model'], 'haiku');
    assert.equal((JSON.parse(read(join(pair.remoteClaude, 'settings.json'))) as Record<string, unknown>)['model'], 'opus');
    const status = pair.run(['status', 'b', '--config']);
    assert.match(status.stdout, /conflict\s+settings\.json\s+\(keys in conflict: model\)/);
    // still a conflict on the next run (nothing settled it)
    assert.equal(pair.run(['sync', 'b', '--config']).status, 3);
  } finally {
    await pair.cleanup();
  }
});

test('a settings.json that is not JSON: one line naming the side and file, nothing changed', async () => {
  const pair = await makePair();
  try {
    put(join(pair.localClaude, 'settings.json'), '{"model": "opus"}\n');
    put(join(pair.localClaude, 'CLAUDE.md'), 'rules\n');
    put(join(pair.remoteClaude, 'settings.json'), '{"model": "opus",\n');
    const before = { local: snapshot(pair.localClaude), remote: snapshot(pair.remoteClaude) };
    const out = pair.run(['sync', 'b', '--config']);
    assert.equal(out.status, 1);
    assert.match(out.stderr, new RegExp(`dir:${pair.remoteHome} ${pair.remoteClaude}/settings\\.json is not valid JSON`));
    assert.equal(out.stderr.trim().split('\n').length, 1, out.stderr);
    assert.deepEqual({ local: snapshot(pair.localClaude), remote: snapshot(pair.remoteClaude) }, before);
  } finally {
    await pair.cleanup();
  }
});

test('.credentials.json moves only with --include-credentials: a warning, mode 0600, never in status', async () => {
  const pair = await makePair();
  try {
    put(join(pair.localClaude, '.credentials.json'), '{"claudeAiOauth":{"accessToken":"sk-ant-oat01-x"}}\n');
    let out = pair.run(['push', 'b', '--config']);
    assert.equal(out.status, 0, out.stderr);
    assert.ok(!exists(join(pair.remoteClaude, '.credentials.json')));
    out = pair.run(['push', 'b', '--include-credentials']);
    assert.equal(out.status, 2, 'the flag goes with --config');
    out = pair.run(['push', 'b', '--config', '--include-credentials']);
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stderr, /warning: --include-credentials carries \.credentials\.json/);
    assert.equal(read(join(pair.remoteClaude, '.credentials.json')), '{"claudeAiOauth":{"accessToken":"sk-ant-oat01-x"}}\n');
    assert.equal(mode(join(pair.remoteClaude, '.credentials.json')), 0o600);
    put(join(pair.remoteClaude, '.credentials.json'), '{"changed":true}\n');
    const status = pair.run(['status', 'b', '--config', '--json']);
    assert.equal(status.status, 0, status.stderr);
    assert.ok(!status.stdout.includes('credentials'), status.stdout);
  } finally {
    await pair.cleanup();
  }
});
