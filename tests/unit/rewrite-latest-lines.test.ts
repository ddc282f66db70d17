// The line shapes Claude Code 2.1.332 adds, each holding absolute paths in a new place
// (../shared/claude-code-format.md, "The latest release"), at the sizes it writes them (a
// prompt_snapshot near 60 KB). Hand-written with the real field names and neutral text, so that
// CI — which runs the pinned 2.1.197, which writes none of these — still checks them; the e2e
// test tests/e2e/ccsync-resume-paths.test.ts checks the real ones with the newest client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPathMap } from '../../src/mapping/path-map.js';
import { rewriteJsonl } from '../../src/mapping/rewrite-jsonl.js';

const A = { home: '/Users/alice', project: '/Users/alice/code/proj é', dir: '/Users/alice/.claude/projects/-Users-alice-code-proj--' };
const B = { home: '/home/bob smith', project: '/workspace/runs/x/code', dir: '/home/bob smith/.claude/projects/-workspace-runs-x-code' };
// The pairs ccsync builds for a session (src/planner/pair-dirs.ts contentPairs): the project,
// the encoded project dir, the Claude dir, the home.
const map = createPathMap([
  { local: A.project, remote: B.project },
  { local: A.dir, remote: B.dir },
  { local: `${A.home}/.claude`, remote: `${B.home}/.claude` },
  { local: A.home, remote: B.home },
]);
const SID = '5f0c2b9e-6a0d-4c55-8f8e-2d7e8d3b1a10';
const filler = (bytes: number): string => 'Neutral guidance text, repeated to the size of the real prompt. '.repeat(Math.ceil(bytes / 64)).slice(0, bytes);
const conversation = (uuid: string, extra: Record<string, unknown>): Record<string, unknown> => ({
  parentUuid: null, isSidechain: false, ...extra, uuid, timestamp: '2026-12-04T07:25:08.311Z',
  userType: 'external', entrypoint: 'sdk-cli', cwd: A.project, sessionId: SID, version: '2.1.332', gitBranch: 'HEAD',
});
const environmentText = (dir: string): string => `<system-reminder>\n# Environment\nYou have been invoked in the following environment: \n - Primary working directory: ${dir}\n - Is a git repository: false\n - Platform: linux\n</system-reminder>`;
const memoryText = (side: typeof A): string => `${filler(30_000)}\n\n# Memory\n\nYou have a persistent memory at \`${side.dir}/memory/\`. ${filler(27_000)}`;
// An async agent's output file lives under Claude's TMPDIR: here one inside the home (as in the
// e2e tests), so it is mapped; under /tmp see the last test.
const outputFile = (side: typeof A): string => `${side.home}/tmp/claude-1000/-encoded-cwd/${SID}/tasks/a338f2e0cc809971a.output`;

/** The lines of one 2.1.332 session written on machine `side`. */
function lines(side: typeof A): Record<string, unknown>[] {
  const withCwd = (line: Record<string, unknown>): Record<string, unknown> => ('cwd' in line ? { ...line, cwd: side.project } : line);
  return [
    conversation('858c4869-686a-473b-827d-0cf230a5b390', {
      type: 'attachment',
      attachment: { type: 'environment', snapshot: { workingDirectory: side.project, isWorktree: false, additionalWorkingDirectories: [] } },
      rendered: [{ content: environmentText(side.project) }], renderedRole: 'system',
    }),
    conversation('ffbcd8e5-a0b2-4afe-a28b-c1443c1a9478', {
      type: 'attachment', attachment: { type: 'prompt_snapshot', systemPrompt: [filler(900), memoryText(side)], reminderFold: false },
    }),
    { type: 'api-request-shape', sessionId: SID, shapeHash: 'f'.repeat(64), shape: { system: [{ type: 'text', text: memoryText(side) }], tools: [] } },
    { type: 'api-request-blob', sessionId: SID, hash: 'a'.repeat(64), message: { role: 'user', content: [{ type: 'text', text: environmentText(side.project) }] } },
    { type: 'file-history-delta', messageId: 'm-1', trackingPath: 'notes.txt', backup: { backupFileName: 'b8c1@v1', version: 1, realParentDir: side.project } },
    conversation('7f8208fe-c099-497d-8ae6-c196185d2095', {
      type: 'user', message: { role: 'user', content: [{ type: 'tool_result', content: [{ type: 'text', text: `Async agent launched.\noutput_file: ${outputFile(side)}` }] }] },
      toolUseResult: { isAsync: true, status: 'async_launched', outputFile: outputFile(side), canReadOutputFile: true },
    }),
    { type: 'queue-operation', operation: 'enqueue', sessionId: SID, content: `<task-notification>\n<output-file>${outputFile(side)}</output-file>\n</task-notification>` },
  ].map(withCwd);
}

const jsonl = (values: Record<string, unknown>[]): Buffer => Buffer.from(values.map((value) => `${JSON.stringify(value)}\n`).join(''));

test('2.1.332 line shapes: every path moves to the other machine, large lines included, and back byte for byte', () => {
  const onA = jsonl(lines(A));
  const there = rewriteJsonl(map, onA, 'toRemote');
  assert.deepEqual(there.invalidLines, []);
  // Each line as the client on B would have written it (same generator, B's paths).
  const expected = jsonl(lines(B)).toString('utf8').split('\n');
  there.data.toString('utf8').split('\n').forEach((line, index) => assert.equal(line, expected[index], `line ${index + 1}`));
  assert.ok(!there.data.toString('utf8').includes(A.home), 'nothing of A\'s home is left');
  assert.ok(Math.max(...expected.map((line) => Buffer.byteLength(line))) > 55_000, 'a line as large as the real prompt_snapshot');
  assert.ok(rewriteJsonl(map, there.data, 'toLocal').data.equals(onA));
});

test('the replayed environment text names B\'s dir after the rewrite, also in an environment update', () => {
  const update = conversation('2d15c0dc-2ede-4373-8313-8a4d9229390e', {
    type: 'attachment', attachment: { type: 'environment' },
    rendered: [{ content: `# Environment update\n - Primary working directory: ${A.project}/sub (was ${A.project})` }],
  });
  const mapped = rewriteJsonl(map, jsonl([update]), 'toRemote').data.toString('utf8');
  assert.ok(mapped.includes(`Primary working directory: ${B.project}/sub (was ${B.project})`), mapped);
});

test('an output file under /tmp is machine-local scratch: left as it is (never synced, gone on the other side either way)', () => {
  const line = { type: 'queue-operation', operation: 'enqueue', sessionId: SID, content: `<output-file>/tmp/claude-1000/-Users-alice-code-proj--/${SID}/tasks/x.output</output-file> in ${A.project}` };
  const mapped = rewriteJsonl(map, jsonl([line]), 'toRemote').data.toString('utf8');
  assert.equal(mapped, JSON.stringify({ ...line, content: line.content.replace(A.project, B.project) }) + '\n');
});
