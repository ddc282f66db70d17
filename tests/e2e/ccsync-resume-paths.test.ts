// With the real Claude Code (whichever binary CCSYNC_CLAUDE_BIN names; the pinned one by
// default): a session that used tools (Read, Write, Bash, a subagent) is pushed to another HOME
// and path, resumed there, and what the client then sends the model names only the new
// machine's paths. 2.1.332 writes absolute paths into many new places and replays some of them
// on resume — the stored "Primary working directory", the stored system prompt with the memory
// dir (../shared/claude-code-format.md, "The latest release") — so a missed place shows up in
// the request body. A verbatim copy in a third HOME is the control: it does send the old paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { startFakeAnthropic } from '../helpers/fake-anthropic.js';
import { claudePrint, historySentWith } from '../helpers/claude-e2e.js';
import { claudeAvailable } from '../helpers/claude-runner.js';
import { assertOnlyPaths, mapStrings, pathsSentWith, sessionStreams } from '../helpers/request-paths.js';
import { CHECKPOINT_ENV, READ_FILE, TOOL_ARGS, TOOL_PROMPT, toolScript } from '../helpers/tool-script.js';
import { makeSandbox, runCli, type Sandbox } from '../integration/cli-harness.js';

const skip = claudeAvailable() ? false : 'claude binary (devDependency or CCSYNC_CLAUDE_BIN) not available';

function projectDir(home: string, project: string): string {
  return join(home, '.claude', 'projects', encodeProjectDir(project, process.platform));
}

function cli(sandbox: Sandbox, args: string[], cwd: string): string {
  const result = runCli(sandbox, args, {}, cwd);
  assert.equal(result.status, 0, `ccsync ${args.join(' ')}: ${result.stderr}\n${result.stdout}`);
  return result.stdout;
}

function cliJson(sandbox: Sandbox, args: string[], cwd: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(cli(sandbox, [...args, '--json'], cwd));
  assert.ok(typeof parsed === 'object' && parsed !== null);
  return Object.fromEntries(Object.entries(parsed));
}

test('a session with tools and a subagent, pushed to another HOME and path, resumes there telling the model only the new paths', { skip, timeout: 240_000 }, async (t) => {
  const a = await makeSandbox();
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'ccsync-e2e-paths-')));
  const projA = join(a.home, 'code', 'proj é');
  const homeB = join(root, 'b home');
  const projB = join(homeB, 'work', 'checkout');
  const homeC = join(root, 'c home');
  const projC = join(homeC, 'copy');
  for (const dir of [projA, projB, projC]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(projA, READ_FILE), 'notes on A\n');
  const api = await startFakeAnthropic({ reply: toolScript(projA) });
  t.after(async () => {
    await api.close();
    await a.cleanup();
    rmSync(root, { recursive: true, force: true });
  });

  const sid = await claudePrint(api, a.home, projA, [...TOOL_ARGS, '--', TOOL_PROMPT], CHECKPOINT_ENV);
  assert.ok(existsSync(join(projA, 'written.txt')), 'the scripted Write ran');
  assert.equal(readFileSync(join(projA, READ_FILE), 'utf8'), 'edited notes on A\n', 'the scripted Edit ran');
  const streams = sessionStreams(projectDir(a.home, projA), sid);
  assert.ok(streams.some((s) => s.includes('subagents')), `no subagent transcript: ${streams.join(', ')}`);
  const historyA = join(a.home, '.claude', 'file-history', sid);
  const backups = readdirSync(historyA).sort();
  assert.ok(backups.length > 0, 'no edit checkpoints were kept');
  assert.match(readFileSync(join(projectDir(a.home, projA), `${sid}.jsonl`), 'utf8'), /"file-history-snapshot"/);

  cli(a, ['remote', 'add', 'b', `dir:${homeB}`], projA);
  cli(a, ['map', 'add', 'b', projA, projB], projA);
  assert.ok(Number(cliJson(a, ['push', 'b'], projA)['done']) >= 1);

  // Line by line, B holds A's lines with A's paths replaced, however long the line.
  const toB = (text: string): string => text
    .split(projectDir(a.home, projA)).join(projectDir(homeB, projB))
    .split(projA).join(projB)
    .split(a.home).join(homeB);
  assert.deepEqual(sessionStreams(projectDir(homeB, projB), sid), streams);
  let longest = 0;
  for (const stream of streams) {
    const linesA = readFileSync(join(projectDir(a.home, projA), stream), 'utf8').split('\n');
    const linesB = readFileSync(join(projectDir(homeB, projB), stream), 'utf8').split('\n');
    assert.equal(linesB.length, linesA.length, stream);
    linesA.forEach((lineA, index) => {
      longest = Math.max(longest, Buffer.byteLength(lineA));
      if (lineA === '') return;
      const expected = mapStrings(JSON.parse(lineA), toB);
      assert.deepEqual(JSON.parse(linesB[index] ?? ''), expected, `${stream}:${index + 1}`);
      // The client writes JSON.stringify's bytes; so does the rewrite.
      if (JSON.stringify(JSON.parse(lineA)) === lineA) assert.equal(linesB[index], JSON.stringify(expected));
    });
  }
  t.diagnostic(`${streams.length} streams, longest line ${longest} bytes`);
  // Backups are the user's file contents: copied byte for byte, names kept (they are hashes).
  const historyB = join(homeB, '.claude', 'file-history', sid);
  assert.deepEqual(readdirSync(historyB).sort(), backups);
  for (const name of backups) assert.ok(readFileSync(join(historyB, name)).equals(readFileSync(join(historyA, name))), name);

  // The control: a verbatim copy resumed in a third HOME does send A's paths.
  cpSync(projectDir(a.home, projA), projectDir(homeC, projC), { recursive: true });
  await claudePrint(api, homeC, projC, ['--resume', sid, 'the unmapped copy']);
  const control = pathsSentWith(api, 'the unmapped copy');
  assert.ok(control.body.includes(projA), 'an unmapped copy should name A\'s project');
  t.diagnostic(`unmapped copy: working dirs ${JSON.stringify(control.workingDirs)}`);

  assert.equal(await claudePrint(api, homeB, projB, ['--resume', sid, 'next on B']), sid);
  assert.match(historySentWith(api, 'next on B'), new RegExp(TOOL_PROMPT));
  const onB = pathsSentWith(api, 'next on B');
  assertOnlyPaths(onB, 'resumed on B', projB, a.root, `${projectDir(homeB, projB)}/memory/`);
  assert.ok(onB.body.includes(JSON.stringify(join(projB, 'written.txt'))), 'the Write call replayed with B\'s path');

  // And back: B's new lines pulled to A name A's paths; A resumes with A's paths only.
  assert.equal(cliJson(a, ['pull', 'b'], projA)['failed'], 0);
  assert.equal(await claudePrint(api, a.home, projA, ['--resume', sid, 'back on A']), sid);
  assert.match(historySentWith(api, 'back on A'), /next on B/);
  assertOnlyPaths(pathsSentWith(api, 'back on A'), 'resumed on A', projA, root, `${projectDir(a.home, projA)}/memory/`);
});
