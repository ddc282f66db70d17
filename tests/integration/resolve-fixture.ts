// A pair in a recorded conflict, for the `ccsync resolve` tests: session S was pushed, then
// rewound locally (a different answer after the first turn) and synced, so the remote got the
// local history as fork copy F; the next sync carried F back to this machine. The remote then
// went on with its own S. Each side's S now holds a history the other lacks.
import assert from 'node:assert/strict';
import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { makeTranscript, makeTranscriptLines, seededUuid, toJsonl } from '../helpers/transcripts.js';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { makePair, put, read, transcriptPath, type Pair } from './transfer-harness.js';

export const SID = seededUuid('resolve-session');

export interface Forked {
  p: Pair;
  localFile: string;
  remoteFile: string;
  forkId: string;
  /** the file of F on each side */
  forkFile: { local: string; remote: string };
  /** S's text on each side before resolve */
  localBefore: string;
  remoteBefore: string;
}

export async function makeForked(): Promise<Forked> {
  const p = await makePair();
  const localFile = transcriptPath(p.localClaude, p.L, SID);
  const remoteFile = transcriptPath(p.remoteClaude, p.R, SID);
  const lines = makeTranscriptLines(SID, p.L, 3, { title: 'Fix the parser' });
  put(localFile, toJsonl(lines));
  assert.equal(p.json(['push', 'b']).done, 1);
  put(localFile, toJsonl(lines.slice(0, 5)) + makeTranscript(SID, p.L, [{ prompt: 'try the other approach', reply: 'Rewound answer.' }], { seed: 'rewound', start: '2026-01-05T00:00:00.000Z' }));
  p.json(['sync', 'b'], 3);
  p.json(['sync', 'b'], 3);
  appendFileSync(remoteFile, makeTranscript(SID, p.R, [{ prompt: 'continue on the pod', reply: 'Pod answer.' }], { seed: 'pod', start: '2026-01-07T00:00:00.000Z' }));
  const encL = encodeProjectDir(p.L, process.platform);
  const encR = encodeProjectDir(p.R, process.platform);
  const forkName = readdirSync(join(p.remoteClaude, 'projects', encR)).find((name) => name.endsWith('.jsonl') && name !== `${SID}.jsonl`) ?? '';
  const forkId = forkName.replace(/\.jsonl$/, '');
  assert.ok(forkId !== '', 'the sync made a fork copy on the remote');
  const forkFile = { local: join(p.localClaude, 'projects', encL, forkName), remote: join(p.remoteClaude, 'projects', encR, forkName) };
  read(forkFile.local); // carried back by the second sync
  assert.deepEqual(p.status(), { [SID]: 'conflict', [forkId]: 'in-sync' });
  return { p, localFile, remoteFile, forkId, forkFile, localBefore: read(localFile), remoteBefore: read(remoteFile) };
}

const outcomeSchema = z.object({ sessionId: z.string(), choice: z.string(), status: z.string(), ops: z.array(z.object({ side: z.string(), what: z.string(), status: z.string() })), notes: z.array(z.string()) });
export const resolveReportSchema = z.object({
  remote: z.string(),
  dryRun: z.boolean(),
  resolved: z.number(),
  remaining: z.number(),
  failed: z.number(),
  conflicts: z.array(
    z.looseObject({
      sessionId: z.string(),
      newer: z.string(),
      forkId: z.string().optional(),
      local: z.looseObject({ title: z.string().optional(), lines: z.number(), lastMessages: z.array(z.object({ role: z.string(), text: z.string() })) }),
      remote: z.looseObject({ title: z.string().optional(), lines: z.number(), lastMessages: z.array(z.object({ role: z.string(), text: z.string() })) }),
      outcome: outcomeSchema.optional(),
    }),
  ),
});
export type ResolveReport = z.infer<typeof resolveReportSchema>;

export function resolveJson(p: Pair, args: string[], status: number): ResolveReport {
  const out = p.run(['resolve', ...args, '--json']);
  assert.equal(out.status, status, `ccsync resolve ${args.join(' ')} exited ${String(out.status)}\n${out.stderr}\n${out.stdout}`);
  return resolveReportSchema.parse(JSON.parse(out.stdout));
}

/** Files of every backup run of a side, as rel paths → content. */
export function backups(stateDir: string, side: string): Map<string, string> {
  const dir = join(stateDir, 'backups', side);
  const out = new Map<string, string>();
  for (const run of readdirSync(dir)) {
    for (const entry of readdirSync(join(dir, run), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) out.set(join(entry.parentPath, entry.name).slice(join(dir, run).length + 1), read(join(entry.parentPath, entry.name)));
    }
  }
  return out;
}
