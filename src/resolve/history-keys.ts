// Line identity for "is every line of this copy kept elsewhere?" — the test that lets
// `resolve` remove a fork copy without losing anything. A line is its `uuid`; a line without
// one (last-prompt, custom-title, file-history-snapshot …) is its JSON without `sessionId`,
// because a fork copy is the same history with only `sessionId` renamed (fork-id.ts).
import { parseJsonLine, splitCompleteLines } from '../claude-format/jsonl.js';

function lineKey(text: string): string {
  const parsed = parseJsonLine(text);
  if (!parsed.ok) return `raw:${text}`;
  const uuid = parsed.value['uuid'];
  if (typeof uuid === 'string' && uuid !== '') return `u:${uuid}`;
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed.value)) {
    if (key !== 'sessionId') Object.defineProperty(rest, key, { value, enumerable: true });
  }
  return `j:${JSON.stringify(rest)}`;
}

/** The keys of the complete lines of a transcript (blank lines skipped). */
export function historyKeys(data: Buffer): Set<string> {
  const keys = new Set<string>();
  for (const line of splitCompleteLines(data)) {
    const text = line.toString('utf8').trim();
    if (text !== '') keys.add(lineKey(text));
  }
  return keys;
}

/** Keys of `copy` found in none of `kept`. */
export function missingFrom(copy: Buffer, kept: readonly Buffer[]): number {
  const have = new Set<string>();
  for (const data of kept) for (const key of historyKeys(data)) have.add(key);
  let missing = 0;
  for (const key of historyKeys(copy)) if (!have.has(key)) missing += 1;
  return missing;
}

export function sameHistory(a: Buffer, b: Buffer): boolean {
  const left = historyKeys(a);
  const right = historyKeys(b);
  return left.size === right.size && [...left].every((key) => right.has(key));
}
