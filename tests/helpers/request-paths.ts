// What a resumed Claude Code told the model about where it runs: the whole body of the last
// main-loop request for a prompt (system prompt included), and the paths stated in it. Claude
// Code 2.1.332 replays the stored "Primary working directory: …" text and the stored system
// prompt (with the memory dir) on resume (../shared/claude-code-format.md, "The latest
// release"), so these show whether a synced transcript still names the other machine.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeAnthropic } from './fake-anthropic.js';

export interface SentPaths {
  /** JSON.stringify of the request body */
  body: string;
  /** every "Primary working directory: X" line's X (an environment update reads "NEW (was OLD)") */
  workingDirs: string[];
  /** every "memory at `X`" of the system prompt */
  memoryDirs: string[];
}

export function pathsSentWith(api: FakeAnthropic, prompt: string): SentPaths {
  const last = api.conversationRequests(prompt).at(-1);
  assert.ok(last, `no request carried ${JSON.stringify(prompt)}`);
  // Read off the decoded texts, not the JSON: a path may hold characters JSON escapes.
  const texts: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') texts.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(collect);
  };
  collect(last);
  const all = (pattern: RegExp): string[] => texts.flatMap((t) => [...t.matchAll(pattern)].map((m) => m[1] ?? ''));
  return {
    body: JSON.stringify(last),
    workingDirs: all(/Primary working directory: ([^\n]*)/g),
    memoryDirs: all(/memory at `([^`]*)`/g),
  };
}

/**
 * The request told the model `project` as its working dir (and no other, not even as "NEW (was
 * OLD)"), `memory` (when given) as its memory dir, and named nothing under `foreign`.
 */
export function assertOnlyPaths(sent: SentPaths, where: string, project: string, foreign: string, memory?: string): void {
  assert.ok(sent.workingDirs.length > 0, `${where}: no "Primary working directory" in the request`);
  assert.deepEqual([...new Set(sent.workingDirs)], [project], `${where}: the model is told another working dir`);
  if (memory !== undefined) {
    for (const dir of sent.memoryDirs) assert.equal(dir, memory, `${where}: the memory dir of another machine`);
  }
  assert.ok(!sent.body.includes(foreign), `${where}: the request names ${foreign}`);
}

/** The `*.jsonl` files of a session (transcript and subagents), relative to the project dir. */
export function sessionStreams(projectDir: string, sid: string): string[] {
  const dir = join(projectDir, sid);
  if (!existsSync(dir)) return [`${sid}.jsonl`];
  const below = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.jsonl'))
    .map((name) => join(sid, name));
  return [`${sid}.jsonl`, ...below.sort()];
}

/** Every string of a parsed JSON value (object keys too), rewritten by `map`. */
export function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [map(key), mapStrings(item, map)]));
  }
  return value;
}

/** The lines of a JSONL file, each parsed. */
export function parsedLines(file: string): unknown[] {
  return readFileSync(file, 'utf8').split('\n').filter((line) => line !== '').map((line): unknown => JSON.parse(line));
}
