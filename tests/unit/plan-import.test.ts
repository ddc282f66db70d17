// `ccsync import`'s pure half (src/bundle/plan-import.ts): where files land and how their paths
// are rewritten, and the per-file decision table (create, same, append, keep, replace, refuse).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Bundle, BundleFile } from '../../src/bundle/bundle-format.js';
import { importPathMap, placeFiles, planImport, type ImportState, type PlacedFile } from '../../src/bundle/plan-import.js';
import { mapPath } from '../../src/mapping/path-map.js';
import { ExitError } from '../../src/errors.js';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';

const SID = '11111111-2222-4333-8444-555555555555';
const line = (cwd: string, n: number): string => `${JSON.stringify({ type: 'user', uuid: `u${n}`, parentUuid: n > 1 ? `u${n - 1}` : null, sessionId: SID, cwd })}\n`;

function bundleOf(projectRoot: string, home: string, files: BundleFile[]): Bundle {
  return {
    header: { format: 'ccsync-bundle', version: 1, createdAt: 'x', ccsyncVersion: '0', originalPaths: { projectRoot, home, claudeDir: `${home}/.claude` }, sessions: [SID], redacted: true },
    files,
  };
}

const target = { claudeDir: '/home/bob/.claude', home: '/home/bob', projectPath: '/srv/checkout', platform: 'linux' };

test('placement: project root → PATH (subdirs follow), Claude dir → Claude dir, home → home; blobs verbatim', () => {
  const files: BundleFile[] = [
    { file: `${SID}.jsonl`, project: '/home/alice/proj/sub', session: SID, mode: 0o644, mtimeMs: 5, data: Buffer.from(line('/home/alice/proj/sub', 1) + JSON.stringify({ type: 'x', p: '/home/alice/.claude/settings.json', h: '/home/alice/notes' }) + '\n') },
    { file: `file-history/${SID}/a@v1`, session: SID, mode: 0o600, mtimeMs: 6, data: Buffer.from('path /home/alice/proj stays') },
    { file: `session-env/${SID}/hook.sh`, session: SID, mode: 0o755, mtimeMs: 7, data: Buffer.from('x') },
  ];
  const placed = placeFiles(bundleOf('/home/alice/proj', '/home/alice', files), target);
  const dir = encodeProjectDir('/srv/checkout/sub', 'linux');
  assert.deepEqual(placed.map((file) => [file.rel, file.dir, file.mode]), [
    [`projects/${dir}/${SID}.jsonl`, dir, 0o600],
    [`file-history/${SID}/a@v1`, undefined, 0o600],
    [`session-env/${SID}/hook.sh`, undefined, 0o700],
  ]);
  assert.equal(placed[0]?.data.toString(), line('/srv/checkout/sub', 1) + JSON.stringify({ type: 'x', p: '/home/bob/.claude/settings.json', h: '/home/bob/notes' }) + '\n');
  assert.equal(placed[1]?.data.toString(), 'path /home/alice/proj stays');
});

test('path map: a pair whose side is taken is dropped instead of failing (project at home, PATH = home)', () => {
  const atHome = importPathMap(bundleOf('/home/alice', '/home/alice', [] as BundleFile[]), target);
  assert.equal(mapPath(atHome, '/home/alice/x', 'toRemote'), '/srv/checkout/x');
  assert.equal(mapPath(atHome, '/home/alice/.claude/y', 'toRemote'), '/home/bob/.claude/y');
  const intoHome = importPathMap(bundleOf('/home/alice/proj', '/home/alice', []), { ...target, projectPath: '/home/bob' });
  assert.equal(mapPath(intoHome, '/home/alice/proj/a', 'toRemote'), '/home/bob/a');
  assert.equal(mapPath(intoHome, '/home/alice/other', 'toRemote'), undefined);
});

const placedFile = (rel: string, data: string, dir?: string): PlacedFile => ({ rel, session: SID, data: Buffer.from(data), mtimeMs: 1, mode: 0o600, ...(dir !== undefined && { dir }) });
const state = (existing: Record<string, string>, extra: Partial<ImportState> = {}): ImportState => ({
  existing: new Map(Object.entries(existing).map(([rel, data]) => [rel, { data: Buffer.from(data), size: data.length, mtimeMs: 9 }])),
  liveSessionIds: [],
  sessionDirs: new Map(),
  indexes: new Map(),
  ...extra,
});

test('decisions: create, same, append (bundle ahead, blobs replaced), keep (here ahead), refuse', () => {
  const T = `projects/d/${SID}.jsonl`;
  const B = `tasks/${SID}/1.json`;
  const two = line('/p', 1) + line('/p', 2);
  const files = [placedFile(T, two, 'd'), placedFile(B, 'new task')];
  const actions = (existing: Record<string, string>, extra?: Partial<ImportState>): string[] => planImport(files, state(existing, extra)).files.map((file) => file.action);
  assert.deepEqual(actions({}), ['create', 'create']);
  assert.deepEqual(actions({ [T]: two, [B]: 'new task' }), ['same', 'same']);
  assert.deepEqual(actions({ [T]: line('/p', 1), [B]: 'old task' }), ['append', 'replace']);
  assert.deepEqual(actions({ [T]: two + line('/p', 3), [B]: 'later task' }), ['keep', 'keep']);
  const refused = (existing: Record<string, string>, extra: Partial<ImportState>, pattern: RegExp): void => {
    assert.throws(() => planImport(files, state(existing, extra)), (error: unknown) => error instanceof ExitError && pattern.test(error.message));
  };
  refused({ [T]: line('/q', 1) }, {}, /different history/);
  refused({ [T]: line('/p', 1).slice(0, -1) }, {}, /different history/);
  refused({}, { sessionDirs: new Map([[SID, ['other']]]) }, /already exists under projects\/other/);
  refused({ [T]: line('/p', 1) }, { liveSessionIds: [SID] }, /running in Claude Code/);
  assert.deepEqual(actions({ [T]: two, [B]: 'new task' }, { liveSessionIds: [SID] }), ['same', 'same'], 'nothing to write: a live session is fine');
  const withIndex = planImport(files, state({}, { indexes: new Map([['d', { size: 2, mtimeMs: 3 }]]) }));
  assert.deepEqual(withIndex.staleIndexes, [{ rel: 'projects/d/sessions-index.json', size: 2, mtimeMs: 3 }]);
});
