// What a user needs to recognise a session in a listing: its title, first prompt, last
// activity and start dir, read from the transcript's complete lines only (issue #2; a partial
// last line is still being written). Line shapes: ../shared/claude-code-format.md, "Lines".
// Metadata field names and the title/first-prompt rules were read off Claude Code 2.1.197's
// own code (the notes list the line types but not their fields): `custom-title{customTitle}`,
// `ai-title{aiTitle}`, `summary{summary}`; the last line of each kind wins, and an empty
// `customTitle`/`aiTitle` clears it (that is how Claude reloads them).

import { isAbsoluteCwd, isRecord, parseJsonLine, splitCompleteLines } from '../claude-format/jsonl.js';

export type SessionInfo = {
  /** Complete lines (ending in '\n'). */
  lines: number;
  /** 1-based numbers of complete lines that are not a JSON object (blank lines excepted). */
  invalidLines: number[];
  /** Bytes after the last '\n': a line Claude is still writing (or a torn write). */
  partialTail: boolean;
  /** customTitle, else aiTitle, else the last summary, else the first prompt; one line, <= 80. */
  title?: string;
  /** The first prompt the user typed, as Claude's resume picker shows it; one line, <= 200. */
  firstPrompt?: string;
  /** The latest `timestamp`, as ISO 8601. */
  lastActivity?: string;
  /** The first absolute `cwd`: the dir the session started in (its project dir's source). */
  cwd?: string;
  /** Distinct `sessionId` values in order of appearance (a fork or a copy may hold several). */
  sessionIds: string[];
  /** The last `version` seen: the Claude Code release that wrote most recently. */
  version?: string;
};

const TITLE_MAX = 80;
const PROMPT_MAX = 200; // Claude's picker cuts first prompts at 200 characters too.

export function describeSession(data: Buffer): SessionInfo {
  const lines = splitCompleteLines(data);
  const info: SessionInfo = {
    lines: lines.length,
    invalidLines: [],
    partialTail: data.length > 0 && data[data.length - 1] !== 0x0a,
    sessionIds: [],
  };
  const titles = new TitleCandidates();
  let lastActivityMs: number | undefined;
  lines.forEach((bytes, index) => {
    // Claude's JSONL reader strips a UTF-8 BOM and skips blank lines; so do we.
    const text = (index === 0 ? stripBom(bytes.toString('utf8')) : bytes.toString('utf8')).trim();
    if (text === '') return;
    const parsed = parseJsonLine(text);
    if (!parsed.ok) {
      info.invalidLines.push(index + 1);
      return;
    }
    const line = parsed.value;
    titles.see(line);
    const cwd = line['cwd'];
    if (info.cwd === undefined && typeof cwd === 'string' && isAbsoluteCwd(cwd)) info.cwd = cwd;
    const sessionId = line['sessionId'];
    if (typeof sessionId === 'string' && !info.sessionIds.includes(sessionId)) {
      info.sessionIds.push(sessionId);
    }
    const version = line['version'];
    if (typeof version === 'string' && version !== '') info.version = version;
    const timestamp = line['timestamp'];
    const ms = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
    if (!Number.isNaN(ms) && (lastActivityMs === undefined || ms > lastActivityMs)) lastActivityMs = ms;
  });
  if (lastActivityMs !== undefined) info.lastActivity = new Date(lastActivityMs).toISOString();
  const firstPrompt = titles.firstPrompt();
  if (firstPrompt !== undefined) info.firstPrompt = truncate(firstPrompt, PROMPT_MAX);
  const title = titles.title();
  if (title !== undefined) info.title = truncate(title, TITLE_MAX);
  return info;
}

class TitleCandidates {
  private customTitle: string | undefined;
  private aiTitle: string | undefined;
  private summary: string | undefined;
  private prompt: string | undefined;
  private commandFallback: string | undefined;

  see(line: Record<string, unknown>): void {
    const type = line['type'];
    // A title line without its string field is ignored, as Claude's reload ignores it.
    const customTitle = stringField(line, 'customTitle');
    const aiTitle = stringField(line, 'aiTitle');
    if (type === 'custom-title' && customTitle !== undefined) this.customTitle = customTitle || undefined;
    else if (type === 'ai-title' && aiTitle !== undefined) this.aiTitle = aiTitle || undefined;
    else if (type === 'summary') this.summary = stringField(line, 'summary') || this.summary;
    else if (type === 'user' && this.prompt === undefined) this.seeUserLine(line);
  }

  firstPrompt(): string | undefined {
    return this.prompt ?? this.commandFallback;
  }

  title(): string | undefined {
    return this.customTitle ?? this.aiTitle ?? this.summary ?? this.firstPrompt();
  }

  // Mirrors Claude 2.1.197's first-prompt rule: skip meta and compact-summary lines and tool
  // results; skip texts that open with a tag (slash-command wrappers `<command-…>`,
  // `<local-command-stdout>`, reminders) or an interruption note; a slash command counts only
  // when nothing else was typed; `<bash-input>` shows as `! cmd`.
  private seeUserLine(line: Record<string, unknown>): void {
    if (line['isMeta'] === true || line['isCompactSummary'] === true) return;
    const message = line['message'];
    if (!isRecord(message)) return;
    const texts = userTexts(message['content']);
    for (const raw of texts) {
      const text = oneLine(raw);
      if (text === '') continue;
      const command = COMMAND_NAME.exec(text);
      if (command) {
        this.commandFallback ??= command[1];
        continue;
      }
      const bash = BASH_INPUT.exec(text);
      if (bash) {
        this.prompt = `! ${oneLine(bash[1] ?? '')}`;
        return;
      }
      if (WRAPPER_OR_INTERRUPTION.test(text)) continue;
      this.prompt = text;
      return;
    }
  }
}

const COMMAND_NAME = /<command-name>(.*?)<\/command-name>/;
const BASH_INPUT = /<bash-input>([\s\S]*?)<\/bash-input>/;
const WRAPPER_OR_INTERRUPTION = /^(?:\s*<[a-z][\w-]*[\s>]|\[Request interrupted by user[^\]]*\])/;

/** The typed text of a user message; none when it carries a tool result (not typed). */
function userTexts(content: unknown): string[] {
  if (typeof content === 'string') return [content];
  if (!Array.isArray(content)) return [];
  const texts: string[] = [];
  for (const block of content) {
    if (!isRecord(block)) continue;
    if (block['type'] === 'tool_result') return [];
    const text = block['text'];
    if (block['type'] === 'text' && typeof text === 'string') texts.push(text);
  }
  return texts;
}

function stringField(line: Record<string, unknown>, key: string): string | undefined {
  const value = line[key];
  return typeof value === 'string' ? value : undefined;
}

function stripBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** One line of at most `max` UTF-16 units, '…' marking a cut; never splits a surrogate pair. */
export function truncate(text: string, max: number): string {
  const line = oneLine(text);
  if (line.length <= max) return line;
  let cut = line.slice(0, max - 1);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}
