// What a real Claude Code release writes per turn, and whether ccsync's line rewrite keeps up:
//   node dist/bench/claude-transcripts.js [--bin PATH] [--turns N]
// (default: $CCSYNC_CLAUDE_BIN, else the pinned devDependency). Runs the client offline against
// the fake API in a throwaway HOME (tests/helpers/claude-runner.ts): a first turn, plain resumed
// turns, one turn with tools, a subagent and checkpoints (tests/helpers/tool-script.ts). Prints
// bytes per line type per turn, the wall time of a turn, and a check of rewriteJsonl on the
// result: every line equals a plain string replace of the parsed line, the way back gives the
// original bytes, and its throughput.
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { encodeProjectDir } from '../src/claude-format/encode-project-dir.js';
import { createPathMap } from '../src/mapping/path-map.js';
import { rewriteJsonl } from '../src/mapping/rewrite-jsonl.js';
import { claudeBin, probeClaude, runClaude } from '../tests/helpers/claude-runner.js';
import { startFakeAnthropic } from '../tests/helpers/fake-anthropic.js';
import { mapStrings, sessionStreams } from '../tests/helpers/request-paths.js';
import { CHECKPOINT_ENV, READ_FILE, TOOL_ARGS, TOOL_PROMPT, toolScript } from '../tests/helpers/tool-script.js';

const { values } = parseArgs({ options: { bin: { type: 'string' }, turns: { type: 'string', default: '5' } } });
if (values.bin !== undefined) process.env['CCSYNC_CLAUDE_BIN'] = values.bin;
const bin = claudeBin();
const version = bin === undefined ? undefined : probeClaude(bin);
if (bin === undefined || version === undefined) {
  process.stderr.write('claude-transcripts: no working claude binary (--bin PATH or CCSYNC_CLAUDE_BIN)\n');
  process.exit(1);
}
const plainTurns = Math.max(1, Number(values.turns));

/** The type of a line; attachments by their attachment's type. */
function kindOf(line: string): string {
  const value: unknown = JSON.parse(line);
  if (typeof value !== 'object' || value === null) return '(not an object)';
  const type = Reflect.get(value, 'type');
  const attachment: unknown = Reflect.get(value, 'attachment');
  const sub = typeof attachment === 'object' && attachment !== null ? Reflect.get(attachment, 'type') : undefined;
  return type === 'attachment' && typeof sub === 'string' ? `attachment:${sub}` : String(type);
}

function bytesByKind(text: string): Map<string, { lines: number; bytes: number; max: number }> {
  const out = new Map<string, { lines: number; bytes: number; max: number }>();
  for (const line of text.split('\n').filter((l) => l !== '')) {
    const size = Buffer.byteLength(line) + 1;
    const seen = out.get(kindOf(line)) ?? { lines: 0, bytes: 0, max: 0 };
    out.set(kindOf(line), { lines: seen.lines + 1, bytes: seen.bytes + size, max: Math.max(seen.max, size) });
  }
  return out;
}

const root = realpathSync(mkdtempSync(join(tmpdir(), 'ccsync-claude-transcripts-')));
const home = join(root, 'home');
const project = join(root, 'code', 'proj');
mkdirSync(home);
mkdirSync(project, { recursive: true });
writeFileSync(join(project, READ_FILE), 'notes\n');
const api = await startFakeAnthropic({ reply: toolScript(project) });
const dir = join(home, '.claude', 'projects', encodeProjectDir(project, process.platform));
try {
  let sid = '';
  let before = 0;
  const durations: number[] = [];
  const turn = async (label: string, args: string[], env?: Record<string, string>): Promise<void> => {
    const r = await runClaude({ home, cwd: project, baseUrl: api.url, args: ['-p', '--output-format', 'json', ...(sid === '' ? [] : ['--resume', sid]), ...args], ...(env ? { env } : {}) });
    if (r.code !== 0 || r.sessionId === undefined) throw new Error(`${label}: claude exited ${String(r.code)}: ${r.stderr}`);
    sid = r.sessionId;
    const data = readFileSync(join(dir, `${sid}.jsonl`));
    const added = data.subarray(before).toString('utf8');
    const kinds = [...bytesByKind(added)].sort((a, b) => b[1].bytes - a[1].bytes);
    console.log(`\n${label}: ${r.durationMs} ms, +${Buffer.byteLength(added)} bytes, ${added.split('\n').length - 1} lines`);
    for (const [kind, s] of kinds) console.log(`  ${kind.padEnd(34)} ${String(s.lines).padStart(3)} lines ${String(s.bytes).padStart(8)} B  (largest ${s.max})`);
    before = data.length;
    if (label.startsWith('resume')) durations.push(r.durationMs);
  };
  console.log(`${version} at ${bin}`);
  await turn('first turn', ['hello']);
  for (let i = 1; i <= plainTurns; i++) await turn(`resume ${i}`, [`plain turn ${i}`]);
  await turn('tools turn', [...TOOL_ARGS, '--', TOOL_PROMPT], CHECKPOINT_ENV);
  const sorted = [...durations].sort((a, b) => a - b);
  console.log(`\nplain resumed turn: median ${sorted[Math.floor(sorted.length / 2)] ?? 0} ms (min ${sorted[0] ?? 0}, max ${sorted.at(-1) ?? 0})`);

  // The rewrite, on every stream of the session: a map onto another home and project.
  const other = { home: '/home/someone else', project: '/srv/w/proj é' };
  const map = createPathMap([{ local: project, remote: other.project }, { local: home, remote: other.home }]);
  const toRemote = (s: string): string => s.split(project).join(other.project).split(home).join(other.home);
  let total = 0;
  let millis = 0;
  for (const stream of sessionStreams(dir, sid)) {
    const data = readFileSync(join(dir, stream));
    const there = rewriteJsonl(map, data, 'toRemote');
    const back = rewriteJsonl(map, there.data, 'toLocal');
    const lines = data.toString('utf8').split('\n').filter((l) => l !== '');
    const mapped = there.data.toString('utf8').split('\n').filter((l) => l !== '');
    const wrong = lines.filter((line, i) => !isDeepStrictEqual(JSON.parse(mapped[i] ?? 'null'), mapStrings(JSON.parse(line), toRemote)));
    console.log(`${stream}: ${statSync(join(dir, stream)).size} B, ${lines.length} lines; mapped lines that differ from a plain replace: ${wrong.length}; invalid: ${there.invalidLines.length}; back to the original bytes: ${back.data.equals(data)}`);
    const started = process.hrtime.bigint();
    for (let i = 0; i < 20; i++) rewriteJsonl(map, data, 'toRemote');
    millis += Number(process.hrtime.bigint() - started) / 1e6;
    total += data.length * 20;
  }
  console.log(`rewriteJsonl: ${(total / 1e6 / (millis / 1000)).toFixed(0)} MB/s over this session's streams`);
} finally {
  await api.close();
  rmSync(root, { recursive: true, force: true });
}
