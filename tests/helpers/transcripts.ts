// Synthetic transcript lines for tests of the sync engine. Field names, order and nesting are
// copied from what Claude Code 2.1.197 wrote when run offline (tests/e2e/claude-offline.test.ts);
// the content is made up. Everything is deterministic (uuids derived from seeds, fixed clock),
// so tests can compare bytes.
import { createHash } from 'node:crypto';
import { posix, win32 } from 'node:path';

export type TranscriptLine = Record<string, unknown>;

export interface LineBase {
  uuid: string;
  parentUuid: string | null;
  sessionId: string;
  cwd: string;
  timestamp: string;
  gitBranch?: string;
  version?: string;
}

/** A tool call the synthetic assistant makes; both kinds carry absolute paths. */
export type ToolCall =
  | { name: 'Read'; id: string; filePath: string }
  | { name: 'Bash'; id: string; command: string };

export const CLIENT_VERSION = '2.1.197';

/** A stable UUID (v4-shaped) from a seed, so reruns produce identical transcripts. */
export function seededUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The trailing fields every conversation line has, in the client's order. entrypoint is 'cli'
 * for interactive sessions; `claude -p` writes 'sdk-cli' (and promptSource 'sdk' on prompts).
 */
function tail(o: LineBase): TranscriptLine {
  return {
    userType: 'external', entrypoint: 'cli', cwd: o.cwd, sessionId: o.sessionId,
    version: o.version ?? CLIENT_VERSION, gitBranch: o.gitBranch ?? 'main',
  };
}

/** A typed prompt. */
export function userLine(o: LineBase & { text: string; promptId?: string }): TranscriptLine {
  return {
    parentUuid: o.parentUuid, isSidechain: false, promptId: o.promptId ?? seededUuid(`prompt:${o.uuid}`),
    type: 'user', message: { role: 'user', content: o.text },
    uuid: o.uuid, timestamp: o.timestamp, permissionMode: 'default', ...tail(o),
  };
}

/**
 * One assistant content block per line, as the client writes them (a reply with text and a
 * tool call becomes two lines sharing message.id): `text`, or a `tool` call.
 */
export function assistantLine(
  o: LineBase & ({ text: string } | { tool: ToolCall }) & { messageId?: string },
): TranscriptLine {
  const block = 'tool' in o ? toolUseBlock(o.tool) : { type: 'text', text: o.text };
  const toolCall = 'tool' in o;
  return {
    parentUuid: o.parentUuid, isSidechain: false,
    message: {
      id: o.messageId ?? `msg_${seededUuid(`msg:${o.uuid}`).replace(/-/g, '').slice(0, 24)}`,
      type: 'message', role: 'assistant', model: 'claude-opus-4-8', content: [block],
      stop_reason: toolCall ? 'tool_use' : 'end_turn', stop_sequence: null,
      usage: { input_tokens: 120, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 12 },
      stop_details: null,
    },
    type: 'assistant', uuid: o.uuid, timestamp: o.timestamp, ...tail(o),
  };
}

function toolUseBlock(tool: ToolCall): TranscriptLine {
  const input = tool.name === 'Read'
    ? { file_path: tool.filePath }
    : { command: tool.command, description: 'Run a command' };
  return { type: 'tool_use', id: tool.id, name: tool.name, input };
}

/** The user-role line carrying a tool's result: the API text plus the client's toolUseResult. */
export function toolResultLine(
  o: LineBase & { tool: ToolCall; sourceToolAssistantUUID: string; output: string; promptId?: string },
): TranscriptLine {
  const lines = o.output.split('\n');
  const read = o.tool.name === 'Read';
  const resultText = read ? lines.map((l, i) => `${i + 1}\t${l}`).join('\n') : o.output;
  const toolUseResult = o.tool.name === 'Read'
    ? { type: 'text', file: { filePath: o.tool.filePath, content: o.output, numLines: lines.length, startLine: 1, totalLines: lines.length } }
    : { stdout: o.output, stderr: '', interrupted: false, isImage: false, noOutputExpected: false };
  return {
    parentUuid: o.parentUuid, isSidechain: false, promptId: o.promptId ?? seededUuid(`prompt:${o.uuid}`),
    type: 'user',
    message: {
      role: 'user',
      content: [{ tool_use_id: o.tool.id, type: 'tool_result', content: resultText, ...(read ? {} : { is_error: false }) }],
    },
    uuid: o.uuid, timestamp: o.timestamp, toolUseResult,
    sourceToolAssistantUUID: o.sourceToolAssistantUUID, ...tail(o),
  };
}

/** Legacy compaction summary: 2.1.197 still reads these (keyed by leafUuid); none seen written. */
export function summaryLine(o: { summary: string; leafUuid: string }): TranscriptLine {
  return { type: 'summary', summary: o.summary, leafUuid: o.leafUuid };
}

/** What `claude --name <title>` writes. */
export function customTitleLine(o: { sessionId: string; customTitle: string }): TranscriptLine {
  return { type: 'custom-title', customTitle: o.customTitle, sessionId: o.sessionId };
}

export function lastPromptLine(o: { sessionId: string; leafUuid: string; lastPrompt: string }): TranscriptLine {
  return { type: 'last-prompt', lastPrompt: o.lastPrompt, leafUuid: o.leafUuid, sessionId: o.sessionId };
}

/** Which path flavour a cwd is written in, so Windows-style fixtures join with backslashes. */
function pathsFor(cwd: string): typeof posix {
  return /^[A-Za-z]:[\\/]/.test(cwd) || cwd.startsWith('\\\\') ? win32 : posix;
}

/**
 * An edit checkpoint. Keys are used verbatim: the client writes them relative to the start dir
 * for files inside it and absolute otherwise; pass absolute keys to exercise path rewriting.
 * backupFileName is `<sha256(absolute path)[:16]>@v<version>`, as in file-history/<sid>/.
 */
export function fileHistorySnapshotLine(o: {
  messageId: string; cwd: string; timestamp: string; files: string[];
  version?: number; isSnapshotUpdate?: boolean; snapshotMessageId?: string;
}): TranscriptLine {
  const p = pathsFor(o.cwd);
  const version = o.version ?? 1;
  const trackedFileBackups = Object.fromEntries(o.files.map((key) => {
    const abs = p.isAbsolute(key) ? key : p.join(o.cwd, key);
    const hash = createHash('sha256').update(abs).digest('hex').slice(0, 16);
    return [key, { backupFileName: `${hash}@v${version}`, version, backupTime: o.timestamp }];
  }));
  return {
    type: 'file-history-snapshot', messageId: o.messageId,
    snapshot: { messageId: o.snapshotMessageId ?? o.messageId, trackedFileBackups, timestamp: o.timestamp },
    isSnapshotUpdate: o.isSnapshotUpdate ?? false,
  };
}

export interface TurnSpec {
  prompt: string;
  reply?: string;
  /** Absolute file the assistant reads this turn (default `<cwd>/src/file<i>.ts`). */
  readFile?: string;
  /** Also run `ls <cwd>` with Bash, whose stdout names absolute paths. */
  bash?: boolean;
}

export interface TranscriptOptions {
  /** ISO time of the first line (default 2026-01-01T00:00:00.000Z); each line is 1 s later. */
  start?: string;
  title?: string;
  summary?: string;
  /** Seed for uuids (default the session id): different seeds give diverging copies. */
  seed?: string;
}

/** The lines of a chained session: per turn snapshot, prompt, Read call + result, [Bash], reply. */
export function makeTranscriptLines(
  sessionId: string, cwd: string, turns: number | TurnSpec[], opts: TranscriptOptions = {},
): TranscriptLine[] {
  const specs: TurnSpec[] = typeof turns === 'number'
    ? Array.from({ length: turns }, (_, i) => ({ prompt: `prompt ${i + 1}`, bash: i % 2 === 1 }))
    : turns;
  const p = pathsFor(cwd);
  const seed = opts.seed ?? sessionId;
  const t0 = Date.parse(opts.start ?? '2026-01-01T00:00:00.000Z');
  const out: TranscriptLine[] = [];
  let n = 0;
  let parent: string | null = null;
  let lastPrompt = '';
  const next = (): LineBase => {
    n++;
    return { uuid: seededUuid(`${seed}:${n}`), parentUuid: parent, sessionId, cwd, timestamp: new Date(t0 + n * 1000).toISOString() };
  };
  const push = (line: TranscriptLine, base: LineBase): void => {
    out.push(line);
    parent = base.uuid;
  };
  specs.forEach((spec, i) => {
    lastPrompt = spec.prompt;
    const file = spec.readFile ?? p.join(cwd, 'src', `file${i + 1}.ts`);
    const prompt = next();
    const promptId = seededUuid(`prompt:${prompt.uuid}`);
    push(userLine({ ...prompt, text: spec.prompt, promptId }), prompt);
    out.push(fileHistorySnapshotLine({ messageId: prompt.uuid, cwd, timestamp: prompt.timestamp, files: [file] }));
    const calls: ToolCall[] = [{ name: 'Read', id: toolId(seed, n), filePath: file }];
    if (spec.bash === true) calls.push({ name: 'Bash', id: toolId(seed, n + 1), command: `ls ${cwd}` });
    for (const tool of calls) {
      const call = next();
      push(assistantLine({ ...call, tool }), call);
      const result = next();
      const output = tool.name === 'Read' ? `// ${file}\nexport const x = ${i};` : `${p.join(cwd, 'src')}\n${file}`;
      push(toolResultLine({ ...result, tool, sourceToolAssistantUUID: call.uuid, output, promptId }), result);
    }
    const reply = next();
    push(assistantLine({ ...reply, text: spec.reply ?? `Read ${file}.` }), reply);
  });
  if (parent !== null) out.push(lastPromptLine({ sessionId, leafUuid: parent, lastPrompt }));
  if (opts.summary !== undefined && parent !== null) out.push(summaryLine({ summary: opts.summary, leafUuid: parent }));
  if (opts.title !== undefined) out.push(customTitleLine({ sessionId, customTitle: opts.title }));
  return out;
}

function toolId(seed: string, n: number): string {
  return `toolu_01${createHash('sha256').update(`${seed}:tool:${n}`).digest('hex').slice(0, 22)}`;
}

export function toJsonl(lines: TranscriptLine[]): string {
  return lines.map((l) => `${JSON.stringify(l)}\n`).join('');
}

/** A chained JSONL transcript (every line ends in '\n'). */
export function makeTranscript(
  sessionId: string, cwd: string, turns: number | TurnSpec[], opts: TranscriptOptions = {},
): string {
  return toJsonl(makeTranscriptLines(sessionId, cwd, turns, opts));
}
