import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { isAtOrBelow, listLocalSessions, resolveClaudeDir } from '../../src/store/claude-dir.js';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { ExitError } from '../../src/errors.js';
import { tempDir } from '../helpers/temp-dir.js';

const resolveCases: Array<[string, Record<string, string | undefined>, string, string]> = [
  ['unset → <home>/.claude', {}, '/home/ana', '/home/ana/.claude'],
  ['explicit undefined → <home>/.claude', { CLAUDE_CONFIG_DIR: undefined }, '/home/ana', '/home/ana/.claude'],
  ['empty counts as unset', { CLAUDE_CONFIG_DIR: '' }, '/home/ana', '/home/ana/.claude'],
  ['absolute wins over home', { CLAUDE_CONFIG_DIR: '/srv/claude' }, '/home/ana', '/srv/claude'],
  ['trailing slash dropped', { CLAUDE_CONFIG_DIR: '/srv/claude/' }, '/home/ana', '/srv/claude'],
  ['relative: against the cwd', { CLAUDE_CONFIG_DIR: 'conf' }, '/home/ana', path.join(process.cwd(), 'conf')],
  ['NFC like Claude', { CLAUDE_CONFIG_DIR: '/srv/cafe\u0301' }, '/h', '/srv/caf\u00e9'],
  ['home NFC like Claude', {}, '/home/jose\u0301', '/home/jos\u00e9/.claude'],
];
for (const [name, env, home, expected] of resolveCases) {
  test(`resolveClaudeDir: ${name}`, () => assert.equal(resolveClaudeDir(env, home), expected));
}

const belowCases: Array<[string | undefined, string, boolean]> = [
  ['/a/proj', '/a/proj', true],
  ['/a/proj/sub', '/a/proj', true],
  ['/a/project2', '/a/proj', false],
  ['/a/proj', '/a/proj/', true],
  ['/a', '/a/proj', false],
  ['/anything', '/', true],
  [undefined, '/a', false],
];
for (const [candidate, dir, expected] of belowCases) {
  test(`isAtOrBelow(${candidate}, ${dir}) = ${expected}`, () => assert.equal(isAtOrBelow(candidate, dir), expected));
}

const line = (fields: Record<string, unknown>): string => `${JSON.stringify(fields)}\n`;
const userLine = (sessionId: string, cwd: string, text: string, timestamp: string): string =>
  line({ parentUuid: null, cwd, sessionId, version: '2.1.197', type: 'user', message: { role: 'user', content: text }, uuid: `${sessionId}-u1`, timestamp });

function makeStore(): { claudeDir: string; write: (rel: string, data: string) => string } {
  const claudeDir = tempDir('ccsync-claude-dir-');
  const write = (rel: string, data: string): string => {
    const abs = path.join(claudeDir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, data);
    return abs;
  };
  return { claudeDir, write };
}

const PROJ = '/work/ana/proj';
const PROJ2 = '/work/ana/project2';
const S1 = '11111111-1111-4111-8111-111111111111';
// Sorts before S1, so the dir's first session is the one whose cwd does not match.
const S0 = '00000000-0000-4000-8000-000000000000';
const S3 = '33333333-3333-4333-8333-333333333333';
const S4 = '44444444-4444-4444-8444-444444444444';

function fixtureStore(): string {
  const { claudeDir, write } = makeStore();
  const proj = encodeProjectDir(PROJ, process.platform);
  const proj2 = encodeProjectDir(PROJ2, process.platform);
  // S0 was copied in from another machine without path rewriting: its cwd does not encode
  // to the dir name, S1's does, so the dir's path comes from S1 even though S0 comes first.
  write(`projects/${proj}/${S0}.jsonl`, userLine(S0, '/elsewhere/proj', 'second', '2026-02-02T00:00:00.000Z'));
  const s1 = write(`projects/${proj}/${S1}.jsonl`, userLine(S1, PROJ, 'first prompt', '2026-02-01T00:00:00.000Z') + '{"partial":');
  write(`projects/${proj}/agent-abcdef12.jsonl`, userLine(S1, PROJ, 'legacy subagent', '2026-02-01T00:00:01.000Z'));
  write(`projects/${proj}/${S1}/subagents/agent-a1.jsonl`, userLine(S1, PROJ, 'subagent', '2026-02-01T00:00:02.000Z'));
  write(`projects/${proj}/${S1}/tool-results/t1.txt`, 'out');
  write(`projects/${proj}/memory/MEMORY.md`, '# memory');
  write(`projects/${proj}/sessions-index.json`, '{}');
  write(`projects/${proj}/notes.jsonl.bak`, 'x');
  write(`projects/${proj2}/${S3}.jsonl`, userLine(S3, PROJ2, 'other project', '2026-02-03T00:00:00.000Z'));
  // A dir named under CLAUDE_CODE_PROJECT_DIR_NAME: no cwd encodes to it.
  write(`projects/custom-name/${S4}.jsonl`, userLine(S4, '/work/ana/proj/sub', 'custom', '2026-02-04T00:00:00.000Z'));
  write('projects/stray-file.jsonl', 'not in a project dir\n');
  fs.utimesSync(s1, new Date('2026-02-05T00:00:00Z'), new Date('2026-02-05T00:00:00Z'));
  return claudeDir;
}

test('listLocalSessions: only <dir>/<id>.jsonl, no agent-*, with info, size, mtime and project path', async () => {
  const claudeDir = fixtureStore();
  const listings = await listLocalSessions(claudeDir);
  const proj = encodeProjectDir(PROJ, process.platform);
  const proj2 = encodeProjectDir(PROJ2, process.platform);
  assert.deepEqual(
    listings.map((l) => [l.projectDir, l.sessionId, l.projectPath, l.projectPathMatchesDir]),
    [
      // Sorted by dir name ('-' < 'c'), then session id.
      [proj, S0, PROJ, true],
      [proj, S1, PROJ, true],
      [proj2, S3, PROJ2, true],
      ['custom-name', S4, '/work/ana/proj/sub', false],
    ],
  );
  const s1 = listings.find((l) => l.sessionId === S1);
  assert.ok(s1);
  const file = path.join(claudeDir, 'projects', proj, `${S1}.jsonl`);
  assert.equal(s1.file, file);
  assert.equal(s1.size, fs.statSync(file).size);
  assert.equal(s1.mtimeMs, new Date('2026-02-05T00:00:00Z').getTime());
  assert.equal(s1.info.lines, 1);
  assert.equal(s1.info.partialTail, true);
  assert.equal(s1.info.title, 'first prompt');
  assert.equal(listings.find((l) => l.sessionId === S0)?.info.cwd, '/elsewhere/proj');
});

const underCases: Array<[string, string[]]> = [
  ['/work/ana/proj', [S1, S0, S4]], // S4's best-guess path lies below
  ['/work/ana/proj/', [S1, S0, S4]],
  ['/work/ana/proj/sub', [S4]],
  ['/work/ana/project2', [S3]],
  ['/work/ana/pro', []],
  ['/work', [S1, S0, S3, S4]],
];
for (const [underPath, expected] of underCases) {
  test(`listLocalSessions underPath ${underPath}`, async () => {
    const listings = await listLocalSessions(fixtureStore(), { underPath });
    assert.deepEqual(listings.map((l) => l.sessionId).sort(), [...expected].sort());
  });
}

test('a dir whose sessions have no cwd has no projectPath and is left out by underPath', async () => {
  const { claudeDir, write } = makeStore();
  write(`projects/-x/${S1}.jsonl`, line({ type: 'summary', summary: 'only a summary' }));
  const [listing] = await listLocalSessions(claudeDir);
  assert.ok(listing);
  assert.equal(listing.projectPath, undefined);
  assert.equal(listing.projectPathMatchesDir, false);
  assert.equal('projectPath' in listing, false);
  assert.deepEqual(await listLocalSessions(claudeDir, { underPath: '/' }), []);
});

test('a config dir without projects/ lists nothing', async () => {
  const { claudeDir } = makeStore();
  assert.deepEqual(await listLocalSessions(claudeDir), []);
});

test('a missing config dir is an ExitError naming the dir and the fix', async () => {
  const missing = path.join(tempDir('ccsync-claude-dir-'), 'nope', '.claude');
  await assert.rejects(listLocalSessions(missing), (error: unknown) => {
    assert.ok(error instanceof ExitError);
    assert.equal(error.exitCode, 1);
    assert.ok(error.message.includes(missing));
    assert.match(error.message, /CLAUDE_CONFIG_DIR/);
    assert.match(error.message, /run Claude Code once/);
    assert.ok(!error.message.includes('\n'));
    return true;
  });
});

test('a config dir path that is a file is reported the same way', async () => {
  const { claudeDir, write } = makeStore();
  const notDir = write('file', 'x');
  await assert.rejects(listLocalSessions(notDir), ExitError);
  await assert.rejects(listLocalSessions(path.join(claudeDir, 'file', 'sub')), ExitError);
});
