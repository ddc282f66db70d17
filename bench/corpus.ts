// The benchmark's seed-like corpus (issue #3): 246 sessions, ~233 MB of Claude Code JSONL over
// a handful of projects under a laptop path (/Users/alice/...), plus one 100 MB session; then
// the scenario edits (appends, a new session). Lines use the shapes of Claude Code 2.1.197
// (tests/helpers/transcripts.ts, /work/shared/claude-code-format.md); content comes from a
// seeded PRNG, so every run and machine gets the same bytes.
import { closeSync, mkdirSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeProjectDir } from '../src/claude-format/encode-project-dir.js';
import {
  assistantLine, fileHistorySnapshotLine, lastPromptLine, toolResultLine, userLine, type LineBase, type ToolCall, type TranscriptLine,
} from '../tests/helpers/transcripts.js';
import { codeFile, projectVocabulary, prose, Rng, shellOutput } from './corpus-text.js';

export const MB = 1024 * 1024;
/** local prefix → remote prefix, as `ccsync map add` takes them (and the rsync fix-up needs) */
export const PATH_MAPS: ReadonlyArray<{ local: string; remote: string }> = [
  { local: '/Users/alice/code', remote: '/home/alice/code' },
  { local: '/Users/alice/gpu', remote: '/workspace' },
];
const PROJECTS = [
  'code/api-server', 'code/web-app', 'code/ccsync', 'code/infra', 'code/notes', 'code/cli-tools',
  'code/data-pipeline', 'code/mobile', 'gpu/llm-finetune', 'gpu/vision', 'gpu/evals', 'gpu/kernels',
];

export interface SessionFile {
  /** relative to the Claude dir */
  rel: string;
  cwd: string;
  bytes: number;
}

export interface Corpus {
  sessions: SessionFile[];
  big: SessionFile;
  totalBytes: number;
  gzipRatio: number;
}

/** Where a line stream continues: the previous line's uuid and the clock. */
interface Cursor {
  parent: string | null;
  clock: number;
}

/** JSONL lines of whole turns, appended to `fd` until at least `target` bytes were written. */
function writeTurns(fd: number, rng: Rng, sessionId: string, cwd: string, target: number, cursor: Cursor): number {
  const vocab = projectVocabulary(new Rng(`vocab:${cwd}`));
  let written = 0;
  let pending: string[] = [];
  let pendingBytes = 0;
  const flush = (): void => {
    const chunk = Buffer.from(pending.join(''), 'utf8');
    writeSync(fd, chunk);
    written += chunk.length;
    pending = [];
    pendingBytes = 0;
  };
  const emit = (line: TranscriptLine): void => {
    const text = `${JSON.stringify(line)}\n`;
    pending.push(text);
    pendingBytes += text.length;
    if (pendingBytes > 1 << 20) flush();
  };
  const base = (): LineBase => {
    cursor.clock += 1000 + rng.int(40_000);
    return { uuid: rng.uuid(), parentUuid: cursor.parent, sessionId, cwd, timestamp: new Date(cursor.clock).toISOString(), gitBranch: rng.float() < 0.9 ? 'main' : 'feature/' + rng.pick(vocab) };
  };
  let lastPrompt = '';
  while (written + pendingBytes < target) {
    const prompt = base();
    lastPrompt = prose(rng, vocab, 1 + rng.int(4));
    emit(userLine({ ...prompt, text: lastPrompt }));
    cursor.parent = prompt.uuid;
    const promptId = `${rng.uuid()}`;
    const touched = `${cwd}/src/${rng.pick(vocab)}.ts`;
    emit(fileHistorySnapshotLine({ messageId: prompt.uuid, cwd, timestamp: prompt.timestamp, files: [touched] }));
    const calls = 1 + rng.int(target - written - pendingBytes < 40_000 ? 1 : 4);
    for (let i = 0; i < calls; i++) {
      const call = base();
      const read = rng.float() < 0.6;
      const tool: ToolCall = read
        ? { name: 'Read', id: `toolu_01${rng.hex(22)}`, filePath: `${cwd}/src/${rng.pick(vocab)}.ts` }
        : { name: 'Bash', id: `toolu_01${rng.hex(22)}`, command: rng.pick(['npm test', 'git log --oneline -20', `ls -la ${cwd}/src`, 'npm run build 2>&1 | tail -30']) };
      if (rng.float() < 0.5) emit(assistantLine({ ...call, text: prose(rng, vocab, 1 + rng.int(3)) }));
      emit(assistantLine({ ...call, tool }));
      cursor.parent = call.uuid;
      const result = base();
      // A code line costs ~120 bytes in the JSONL (the text is there twice): keep small targets
      // (the scenarios' 10 KB and 50 KB appends) near their size.
      const room = Math.max(10, Math.floor((target - written - pendingBytes) / 120));
      const output = read ? codeFile(rng, vocab, Math.min(room, 20 + rng.int(rng.float() < 0.2 ? 600 : 150))) : shellOutput(rng, vocab, cwd);
      emit(toolResultLine({ ...result, tool, sourceToolAssistantUUID: call.uuid, output, promptId }));
      cursor.parent = result.uuid;
    }
    const reply = base();
    emit(assistantLine({ ...reply, text: prose(rng, vocab, 2 + rng.int(14)) }));
    cursor.parent = reply.uuid;
  }
  if (cursor.parent !== null) emit(lastPromptLine({ sessionId, leafUuid: cursor.parent, lastPrompt: lastPrompt.slice(0, 200) }));
  flush();
  return written;
}

function sessionPath(claudeDir: string, cwd: string, sessionId: string): string {
  return join(claudeDir, 'projects', encodeProjectDir(cwd, 'linux'), `${sessionId}.jsonl`);
}

/** A new session file of about `bytes` bytes. */
export function writeSession(claudeDir: string, cwd: string, seed: string, bytes: number, startMs: number): SessionFile {
  const rng = new Rng(seed);
  const sessionId = rng.uuid();
  const path = sessionPath(claudeDir, cwd, sessionId);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const fd = openSync(path, 'wx', 0o600);
  try {
    const size = writeTurns(fd, rng, sessionId, cwd, bytes, { parent: null, clock: startMs });
    return { rel: join('projects', encodeProjectDir(cwd, 'linux'), `${sessionId}.jsonl`), cwd, bytes: size };
  } finally {
    closeSync(fd);
  }
}

/** The last complete line of a JSONL file (to continue its chain). */
function lastLine(path: string): Record<string, unknown> {
  const size = statSync(path).size;
  const length = Math.min(size, 4 * MB);
  const buffer = Buffer.alloc(length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buffer, 0, length, size - length);
  } finally {
    closeSync(fd);
  }
  const lines = buffer.toString('utf8').trimEnd().split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const parsed: unknown = JSON.parse(lines[i] ?? '{}');
    if (typeof parsed === 'object' && parsed !== null && 'uuid' in parsed && 'timestamp' in parsed) return { ...parsed };
  }
  throw new Error(`${path}: no conversation line to continue`);
}

/** Continue a session: about `bytes` more bytes of whole turns, as Claude appends them. */
export function appendToSession(claudeDir: string, file: SessionFile, seed: string, bytes: number): number {
  const path = join(claudeDir, file.rel);
  const last = lastLine(path);
  const sessionId = typeof last['sessionId'] === 'string' ? last['sessionId'] : '';
  const parent = typeof last['uuid'] === 'string' ? last['uuid'] : null;
  const clock = Date.parse(typeof last['timestamp'] === 'string' ? last['timestamp'] : '2026-01-01T00:00:00Z') + 3_600_000;
  const fd = openSync(path, 'a');
  try {
    return writeTurns(fd, new Rng(seed), sessionId, file.cwd, bytes, { parent, clock });
  } finally {
    closeSync(fd);
  }
}

/** Measured, not assumed: gzip -6 over a sample of every 8th session and 8 MB of the big one. */
function measureGzip(claudeDir: string, sessions: SessionFile[], big: SessionFile): number {
  let raw = 0;
  let packed = 0;
  const sample = (path: string, limit: number): void => {
    const length = Math.min(statSync(path).size, limit);
    const buffer = Buffer.alloc(length);
    const fd = openSync(path, 'r');
    try {
      readSync(fd, buffer, 0, length, 0);
    } finally {
      closeSync(fd);
    }
    raw += length;
    packed += gzipSync(buffer, { level: 6 }).length;
  };
  sessions.forEach((file, index) => {
    if (index % 8 === 0) sample(join(claudeDir, file.rel), 8 * MB);
  });
  sample(join(claudeDir, big.rel), 8 * MB);
  return raw / packed;
}

/** 246 sessions totalling ~233 MB × scale (log-normal sizes), and one 100 MB × scale session. */
export function generateCorpus(claudeDir: string, scale: number): Corpus {
  const rng = new Rng('ccsync-bench-corpus-v1');
  const cwds = PROJECTS.map((project) => `/Users/alice/${project}`);
  const raw = Array.from({ length: 246 }, () => rng.logNormal(1, 1.3));
  const sum = raw.reduce((a, b) => a + b, 0);
  const target = 233 * MB * scale;
  const start = Date.parse('2026-03-01T09:00:00Z');
  const sessions = raw.map((weight, index) => {
    const cwd = rng.zipf(cwds);
    return writeSession(claudeDir, cwd, `session:${index}`, Math.max(2048, (weight / sum) * target), start + index * 3_600_000);
  });
  const big = writeSession(claudeDir, cwds[2] ?? '/Users/alice/code/ccsync', 'session:big', 100 * MB * scale, start - 86_400_000);
  const totalBytes = sessions.reduce((a, file) => a + file.bytes, 0) + big.bytes;
  return { sessions, big, totalBytes, gzipRatio: measureGzip(claudeDir, sessions, big) };
}

/** The sessions the appends scenarios continue: five mid-sized ones, picked deterministically. */
export function appendTargets(corpus: Corpus): SessionFile[] {
  const sorted = [...corpus.sessions].sort((a, b) => a.bytes - b.bytes || a.rel.localeCompare(b.rel));
  const middle = Math.floor(sorted.length / 2);
  return [0, 7, 14, 21, 28].map((step) => sorted[Math.min(sorted.length - 1, middle + step)]).filter((file): file is SessionFile => file !== undefined);
}
