// The pure half of `ccsync move`: history.jsonl and .claude.json rewrites, and the planner
// (value in → plan out, or a refusal) without any disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExitError } from '../../src/errors.js';
import type { MoveInputs, SourceDir, StoredFile } from '../../src/store/move-types.js';
import { movePathMap, planMove } from '../../src/store/plan-move.js';
import { rewriteClaudeJson, rewriteHistory } from '../../src/store/rehome-entries.js';
import { makeTranscript, seededUuid } from '../helpers/transcripts.js';

const map = movePathMap('/a/proj', '/b/p');

test('history: project at or below OLD follows, display and look-alikes do not; bad and partial lines kept', () => {
  const line = (project: string, display = 'x'): string => JSON.stringify({ display, pastedContents: {}, timestamp: 1, project, sessionId: 's' });
  const input = [line('/a/proj', 'see /a/proj'), line('/a/proj/sub'), line('/a/project2'), '{broken', `${line('/a/proj')}\r`, ''].join('\n') + line('/a/proj');
  const { data, entries } = rewriteHistory(Buffer.from(input), map);
  assert.equal(entries, 3);
  const expected = [line('/b/p', 'see /a/proj'), line('/b/p/sub'), line('/a/project2'), '{broken', `${line('/b/p')}\r`, ''].join('\n') + line('/a/proj');
  assert.equal(data.toString(), expected, 'the partial last line (being written) is left as is');
  const untouched = Buffer.from(`${line('/a/project2')}\n`);
  assert.equal(rewriteHistory(untouched, map).data, untouched, 'nothing to do: the same buffer');
});

test('.claude.json: the entry is renamed in place, other keys and the layout kept', () => {
  const config = { a: 1, projects: { '/x': { t: 1 }, '/a/proj': { t: 2 }, '/a/proj/sub': { t: 3 }, '/a/project2': {} }, z: [1] };
  const text = `${JSON.stringify(config, null, 2)}\n`;
  const out = rewriteClaudeJson(text, map, '.claude.json');
  assert.deepEqual(out.moved, [['/a/proj', '/b/p'], ['/a/proj/sub', '/b/p/sub']]);
  assert.equal(out.text, `${JSON.stringify({ a: 1, projects: { '/x': { t: 1 }, '/b/p': { t: 2 }, '/b/p/sub': { t: 3 }, '/a/project2': {} }, z: [1] }, null, 2)}\n`);
  const compact = rewriteClaudeJson(JSON.stringify({ projects: { '/a/proj': {} } }), map, '.claude.json');
  assert.equal(compact.text, JSON.stringify({ projects: { '/b/p': {} } }));
});

test('.claude.json: an entry already at the new path wins and the old one stays; a bad file is refused', () => {
  const text = JSON.stringify({ projects: { '/a/proj': { old: true }, '/b/p': { new: true } } });
  const out = rewriteClaudeJson(text, map, '.claude.json');
  assert.deepEqual(out.kept, [['/a/proj', '/b/p']]);
  assert.equal(out.text, text);
  assert.throws(() => rewriteClaudeJson('{"projects": [', map, '~/.claude.json'), (error: unknown) => error instanceof ExitError && /~\/\.claude\.json is not valid JSON.*nothing was changed/.test(error.message));
  assert.throws(() => rewriteClaudeJson('{"projects": 3}', map, 'c.json'), ExitError);
});

const ID = seededUuid('plan-move');
const file = (rel: string, text: string): StoredFile => ({ rel, data: Buffer.from(text), size: Buffer.byteLength(text), mtimeMs: 1000 });
const source = (name: string, projectPath: string, files: StoredFile[]): SourceDir => ({ name, projectPath, pathMatchesDir: true, files, skipped: [] });
function inputs(over: Partial<MoveInputs>): MoveInputs {
  return { claudeDir: '/c', platform: 'linux', oldPath: '/a/proj', newPath: '/b/p', sources: [], targets: [], liveSessionIds: [], newPathExists: true, ...over };
}

test('planMove: target dir by encoding, lines rewritten, index removed; the inputs are not changed', () => {
  const transcript = makeTranscript(ID, '/a/proj', 1);
  const sources = [source('-a-proj', '/a/proj', [file(`${ID}.jsonl`, transcript), file('sessions-index.json', '{}'), file('memory/m.md', '/a/proj')])];
  const plan = planMove(inputs({ sources }), { force: false });
  const dir = plan.dirs[0];
  assert.equal(dir?.to, '-b-p');
  assert.deepEqual(dir?.sessionIds, [ID]);
  assert.deepEqual(dir?.files.map((f) => [f.rel, f.action]), [[`${ID}.jsonl`, 'create'], ['memory/m.md', 'create']]);
  // every path follows (file-history backup names are hashes of the old path: they stay)
  assert.equal(dir?.files[0]?.data.toString(), transcript.replaceAll('/a/proj', '/b/p'));
  assert.equal(dir?.files[1]?.data.toString(), '/a/proj', 'blobs are not rewritten');
  assert.deepEqual(dir?.staleIndexes.map((index) => index.side), ['source']);
  assert.equal(sources[0]?.files[0]?.data.toString(), transcript);
});

test('planMove refuses: nothing to move, a different session at the target, a live session', () => {
  assert.throws(() => planMove(inputs({}), { force: false }), /no sessions found for "\/a\/proj"/);
  const sources = [source('-a-proj', '/a/proj', [file(`${ID}.jsonl`, makeTranscript(ID, '/a/proj', 1))])];
  const other = { name: '-b-p', exists: true, files: [file(`${ID}.jsonl`, makeTranscript(ID, '/b/p', 2))] };
  assert.throws(() => planMove(inputs({ sources, targets: [other] }), { force: false }), /already exists with different content/);
  const same = { name: '-b-p', exists: true, files: [file(`${ID}.jsonl`, makeTranscript(ID, '/a/proj', 1).replaceAll('/a/proj', '/b/p'))] };
  assert.equal(planMove(inputs({ sources, targets: [same] }), { force: false }).dirs[0]?.files[0]?.action, 'same');
  assert.throws(() => planMove(inputs({ sources, liveSessionIds: [ID] }), { force: false }), /running in Claude Code right now/);
  assert.match(planMove(inputs({ sources, liveSessionIds: [ID] }), { force: true }).warnings.join('\n'), /--force/);
});
