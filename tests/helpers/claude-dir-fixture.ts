// A Claude dir with the awkward cases an agent must list the same way everywhere: in- and
// out-of-scope project dirs, a dir whose lines record another cwd, a symlinked project dir,
// companions, file-history blobs, temp files of crashed writes, symlinks inside session trees,
// a legacy agent-*.jsonl, a transcript around the 64 KiB fingerprint windows with a partial
// last line, one whose first line is longer than the head window, settings and live sessions.
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Session files are named by lowercase UUIDs (src/agent/session-name.ts). */
const MOVED_SID = '55555555-5555-4555-8555-555555555555';
const EMPTY_SID = '66666666-6666-4666-8666-666666666666';
export const SID = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333'] as const;

export function line(fields: Record<string, unknown>): string {
  return `${JSON.stringify(fields)}\n`;
}

function put(root: string, rel: string, data: string | Buffer, mtimeMs?: number): void {
  const abs = join(root, rel);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, data);
  if (mtimeMs !== undefined) spawnSync('touch', ['-m', '-d', `@${(mtimeMs / 1000).toFixed(9)}`, abs]);
}

/** A transcript of about `bytes` bytes: lines of the session in `cwd`, optionally a partial last line. */
export function transcript(sessionId: string, cwd: string, bytes: number, partial = false): string {
  let text = line({ type: 'summary', summary: 'no cwd here', leafUuid: 'x' });
  for (let i = 0; text.length < bytes; i++) {
    text += line({ parentUuid: null, type: 'user', message: { role: 'user', content: `prompt ${i} ${'é'.repeat(i % 50)}` }, uuid: `${sessionId}-${i}`, timestamp: new Date(1.7e12 + i * 1000).toISOString(), cwd, sessionId });
  }
  return partial ? `${text}{"type":"assistant","partial":"` : text;
}

export function buildClaudeDir(claudeDir: string, livePid: number, deadPid: number): void {
  const inScope = '/work/app';
  const dirIn = '-work-app';
  put(claudeDir, `projects/${dirIn}/${SID[0]}.jsonl`, transcript(SID[0], inScope, 200_000, true), 1.7e12 + 123.456);
  put(claudeDir, `projects/${dirIn}/${SID[0]}/subagents/agent-a1.jsonl`, transcript(SID[0], inScope, 70_000));
  put(claudeDir, `projects/${dirIn}/${SID[0]}/tool-results/t1.txt`, 'tool output\n');
  put(claudeDir, `projects/${dirIn}/${SID[0]}/tool-results/.t2.txt.ccsync-20260101T000000-1-abc.tmp`, 'torn write');
  put(claudeDir, `projects/${dirIn}/${SID[0]}/bad\\name.txt`, 'a backslash in the name');
  symlinkSync('/etc/hostname', join(claudeDir, `projects/${dirIn}/${SID[0]}/tool-results/link.txt`));
  // first line longer than the 64 KiB head: the cwd is found later, or by the partial-line regex
  const longFirst = line({ type: 'user', message: { content: 'x'.repeat(70_000) }, cwd: inScope, sessionId: SID[1], uuid: 'u-long' });
  put(claudeDir, `projects/${dirIn}/${SID[1]}.jsonl`, longFirst + transcript(SID[1], inScope, 1000), 1.7e12 - 5000);
  put(claudeDir, `projects/${dirIn}/agent-legacy1.jsonl`, line({ type: 'user', cwd: inScope, sessionId: SID[1], uuid: 'lg' }));
  put(claudeDir, `projects/${dirIn}/sessions-index.json`, '{"entries":[]}');
  put(claudeDir, `file-history/${SID[0]}/abc@v1`, Buffer.from([0, 1, 2, 255, 10, 13]));
  put(claudeDir, `file-history/${SID[0]}/abc@v2`, Buffer.alloc(300_000, 7));
  put(claudeDir, `tasks/${SID[0]}/1.json`, '{"id":"1"}');
  put(claudeDir, `session-env/${SID[1]}/empty`, '');
  // out of scope, and a dir whose lines name another cwd (warned)
  put(claudeDir, `projects/-elsewhere/${SID[2]}.jsonl`, transcript(SID[2], '/elsewhere', 3000));
  put(claudeDir, `projects/-work-moved/${MOVED_SID}.jsonl`, transcript(MOVED_SID, '/work/app', 500));
  put(claudeDir, `projects/-no-cwd/${EMPTY_SID}.jsonl`, '');
  mkdirSync(join(claudeDir, 'projects/-work-app-real'), { recursive: true });
  symlinkSync(join(claudeDir, 'projects/-work-app-real'), join(claudeDir, 'projects/-work-app-link'));
  put(claudeDir, 'settings.json', '{"cleanupPeriodDays": 45}');
  put(claudeDir, `sessions/${livePid}.json`, JSON.stringify({ pid: livePid, sessionId: SID[0], cwd: inScope }));
  put(claudeDir, `sessions/${deadPid}.json`, JSON.stringify({ pid: deadPid, sessionId: SID[1] }));
}

/** A pid that existed and is gone now. */
export function deadPid(): number {
  const child = spawnSync('true');
  return child.pid ?? 999_999;
}
