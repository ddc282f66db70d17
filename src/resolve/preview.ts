// What the user sees before choosing (issue #5: "titles, last messages, line counts, which
// side is newer"). Pure: a conflict's facts in, a preview out. Message shapes:
// ../shared/claude-code-format.md, "Lines" (user text or text blocks; assistant text blocks).
import { isRecord, parseJsonLine, splitCompleteLines } from '../claude-format/jsonl.js';
import { describeSession, truncate } from '../store/session-info.js';
import type { Side } from '../planner/types.js';
import type { ConflictFacts, TranscriptCopy } from './resolve-types.js';

const MESSAGES = 3;
const MESSAGE_MAX = 100;

export interface SidePreview {
  path: string;
  title?: string;
  lines: number;
  size: number;
  /** the latest line timestamp, else the file's mtime (ISO 8601) */
  lastActivity: string;
  /** the last few user/assistant texts, oldest first */
  lastMessages: Array<{ role: 'user' | 'assistant'; text: string }>;
}

export interface ConflictPreview {
  sessionId: string;
  reason: string;
  recorded: boolean;
  forkId?: string;
  /** the side with the later last activity; `same` when equal */
  newer: Side | 'same';
  local: SidePreview;
  remote: SidePreview;
}

/** A typed or answered text of a line, if it is one (tool calls, results and meta lines are not). */
function messageText(line: Record<string, unknown>): { role: 'user' | 'assistant'; text: string } | undefined {
  const type = line['type'];
  if ((type !== 'user' && type !== 'assistant') || line['isMeta'] === true || line['isCompactSummary'] === true) return undefined;
  const message = line['message'];
  if (!isRecord(message)) return undefined;
  const content = message['content'];
  const texts: string[] = [];
  if (typeof content === 'string') texts.push(content);
  else if (Array.isArray(content)) {
    for (const block of content) {
      if (!isRecord(block)) continue;
      if (block['type'] === 'tool_result') return undefined;
      const text = block['text'];
      if (block['type'] === 'text' && typeof text === 'string') texts.push(text);
    }
  }
  const text = texts.join(' ').trim();
  // Slash-command wrappers and reminders open with a tag: not something the user would recognise.
  if (text === '' || /^<[a-z][\w-]*[\s>]/.test(text)) return undefined;
  return { role: type, text: truncate(text, MESSAGE_MAX) };
}

export function lastMessages(data: Buffer, count = MESSAGES): SidePreview['lastMessages'] {
  const lines = splitCompleteLines(data);
  const found: SidePreview['lastMessages'] = [];
  for (let index = lines.length - 1; index >= 0 && found.length < count; index--) {
    const parsed = parseJsonLine((lines[index] ?? Buffer.alloc(0)).toString('utf8'));
    if (!parsed.ok) continue;
    const message = messageText(parsed.value);
    if (message) found.unshift(message);
  }
  return found;
}

function sidePreview(copy: TranscriptCopy): SidePreview {
  const info = describeSession(copy.data);
  const preview: SidePreview = {
    path: copy.path,
    lines: info.lines,
    size: copy.size,
    lastActivity: info.lastActivity ?? new Date(copy.mtimeMs).toISOString(),
    lastMessages: lastMessages(copy.data),
  };
  if (info.title !== undefined) preview.title = info.title;
  return preview;
}

export function previewConflict(facts: ConflictFacts): ConflictPreview {
  const local = sidePreview(facts.local);
  const remote = sidePreview(facts.remote);
  const newer = local.lastActivity === remote.lastActivity ? 'same' : local.lastActivity > remote.lastActivity ? 'local' : 'remote';
  const preview: ConflictPreview = { sessionId: facts.sessionId, reason: facts.reason, recorded: facts.recorded, newer, local, remote };
  if (facts.forkId !== undefined) preview.forkId = facts.forkId;
  return preview;
}
