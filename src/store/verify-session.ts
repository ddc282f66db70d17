// `ccsync verify`, the pure half (issue #5): what is wrong with one transcript's bytes. Facts from
// ../shared/claude-code-format.md, "Lines": conversation lines carry `uuid`/`parentUuid`;
// metadata lines (summary, last-prompt, custom-title, file-history-snapshot, queue-operation, …)
// have no parent chain and are not checked; a compact boundary starts a new chain with
// `parentUuid: null` and points back through `logicalParentUuid`, which is informational (it may
// name a line that compaction left out) and is not checked either. Claude's reader strips a
// UTF-8 BOM and skips blank lines, so those are not problems.
import { parseJsonLine } from '../claude-format/jsonl.js';

export type ProblemKind = 'invalid-json' | 'dangling-parent' | 'partial-last-line' | 'two-dirs';

export interface Problem {
  kind: ProblemKind;
  /** the file, relative to the Claude dir */
  file: string;
  /** 1-based; for partial-last-line the number the line would have */
  line?: number;
  detail: string;
}

export interface PartialTail {
  /** bytes after the last '\n' */
  bytes: number;
  /** the tail is a whole JSON object that only lacks its '\n' (repair adds it instead of dropping it) */
  complete: boolean;
}

export interface TranscriptCheck {
  problems: Problem[];
  /** complete lines */
  lines: number;
  /** every `uuid` in the file */
  uuids: Set<string>;
  tail?: PartialTail;
}

interface ParsedFile {
  lines: number;
  values: Array<{ line: number; value: Record<string, unknown> }>;
  invalid: Array<{ line: number; error: string }>;
  tail?: PartialTail;
}

function parseFile(data: Buffer): ParsedFile {
  const text = data.toString('utf8');
  const parts = text.split('\n');
  const tailText = parts.pop() ?? '';
  const parsed: ParsedFile = { lines: parts.length, values: [], invalid: [] };
  parts.forEach((raw, index) => {
    const line = (index === 0 ? raw.replace(/^\uFEFF/, '') : raw).trim();
    if (line === '') return;
    const result = parseJsonLine(line);
    if (result.ok) parsed.values.push({ line: index + 1, value: result.value });
    else parsed.invalid.push({ line: index + 1, error: result.error });
  });
  if (tailText !== '') {
    const tail = parseJsonLine(tailText.trim());
    parsed.tail = { bytes: Buffer.byteLength(tailText, 'utf8'), complete: tail.ok };
  }
  return parsed;
}

function short(error: string): string {
  return error.length > 80 ? `${error.slice(0, 77)}...` : error;
}

/**
 * Checks one transcript. `outerUuids`: uuids a parent may also be found in (a subagent's file
 * may continue from its session's transcript).
 */
export function verifyTranscript(file: string, data: Buffer, outerUuids: ReadonlySet<string> = new Set()): TranscriptCheck {
  const parsed = parseFile(data);
  const problems: Problem[] = parsed.invalid.map(({ line, error }) => ({ kind: 'invalid-json', file, line, detail: `not a JSON object (${short(error)})` }));
  const uuids = new Set<string>();
  for (const { value } of parsed.values) {
    const uuid = value['uuid'];
    if (typeof uuid === 'string') uuids.add(uuid);
  }
  for (const { line, value } of parsed.values) {
    const parent = value['parentUuid'];
    if (typeof parent !== 'string' || uuids.has(parent) || outerUuids.has(parent)) continue;
    const type = typeof value['type'] === 'string' ? `${String(value['type'])} line` : 'line';
    problems.push({ kind: 'dangling-parent', file, line, detail: `${type}'s parentUuid ${parent} is not in the file: --resume cannot follow the conversation past it` });
  }
  if (parsed.tail) {
    const what = parsed.tail.complete ? 'a last line without its newline' : `an incomplete last line (${parsed.tail.bytes} bytes)`;
    problems.push({ kind: 'partial-last-line', file, line: parsed.lines + 1, detail: what });
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { problems, lines: parsed.lines, uuids, ...(parsed.tail && { tail: parsed.tail }) };
}

/** The bytes a safe repair leaves: the complete lines, plus a tail that is whole JSON with its '\n' added. */
export function repairedBytes(data: Buffer, tail: PartialTail): Buffer {
  const complete = data.subarray(0, data.length - tail.bytes);
  return tail.complete ? Buffer.concat([data, Buffer.from('\n')]) : Buffer.from(complete);
}

