// Two "machines" on one disk for the push/pull/sync integration tests: the sandbox HOME is the
// local machine, `<root>/b-home` is remote `b` reached as `dir:`; local project L maps to R.
// L and R sit outside both homes, so only the user's mapping rewrites them (each home is
// mapped automatically, which would hide a boundary bug).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, realpathSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { makeSandbox, runCli, type CliResult, type Sandbox } from './cli-harness.js';
import { distinct, fieldValues } from '../helpers/jsonl-fields.js';
import { makeTranscriptLines, toJsonl } from '../helpers/transcripts.js';

export const summarySchema = z.object({
  remote: z.string(),
  direction: z.enum(['push', 'pull', 'sync']),
  dryRun: z.boolean(),
  done: z.number(),
  failed: z.number(),
  skipped: z.number(),
  conflicts: z.number(),
  inSync: z.number(),
  bytesWritten: z.number(),
  warnings: z.array(z.string()),
  actions: z.array(z.object({ kind: z.string(), key: z.string(), status: z.string(), bytes: z.number(), message: z.string().optional() })),
});
export type Summary = z.infer<typeof summarySchema>;

const statusSchema = z.object({
  remotes: z.array(z.object({ remote: z.string(), sessions: z.array(z.looseObject({ sessionId: z.string(), status: z.string() })).optional() })),
});

export interface Pair {
  box: Sandbox;
  root: string;
  localClaude: string;
  remoteHome: string;
  remoteClaude: string;
  /** local project path */
  L: string;
  /** the remote path L maps to */
  R: string;
  run(args: string[], cwd?: string): CliResult;
  /** runs and parses `--json` output (appended), asserting the exit code */
  json(args: string[], status?: number, cwd?: string): Summary;
  /** `ccsync status b --json`: session id → status */
  status(): Record<string, string>;
  cleanup(): Promise<void>;
}

export interface PairOptions {
  /** local project path below the sandbox root (default `a/proj`) */
  local?: string;
  /** remote project path below the sandbox root (default `b/work/proj`) */
  remote?: string;
}

export async function makePair(options: PairOptions = {}): Promise<Pair> {
  const box = await makeSandbox();
  const root = realpathSync(box.root);
  box.home = join(root, 'home');
  box.env['HOME'] = box.home;
  const localClaude = join(box.home, '.claude');
  const remoteHome = join(root, 'b-home');
  mkdirSync(localClaude, { recursive: true });
  mkdirSync(remoteHome, { recursive: true });
  const L = join(root, options.local ?? 'a/proj');
  const R = join(root, options.remote ?? 'b/work/proj');
  mkdirSync(L, { recursive: true });
  const run = (args: string[], cwd?: string): CliResult => runCli(box, args, {}, cwd ?? L);
  let result = run(['remote', 'add', 'b', `dir:${remoteHome}`]);
  assert.equal(result.status, 0, result.stderr);
  result = run(['map', 'add', 'b', L, R]);
  assert.equal(result.status, 0, result.stderr);
  return {
    box,
    root,
    localClaude,
    remoteHome,
    remoteClaude: join(remoteHome, '.claude'),
    L,
    R,
    run,
    json(args, status = 0, cwd) {
      const out = run([...args, '--json'], cwd);
      assert.equal(out.status, status, `ccsync ${args.join(' ')} exited ${String(out.status)}\n${out.stderr}\n${out.stdout}`);
      return summarySchema.parse(JSON.parse(out.stdout));
    },
    status() {
      const out = run(['status', 'b', '--json']);
      assert.equal(out.status, 0, out.stderr);
      const parsed = statusSchema.parse(JSON.parse(out.stdout));
      return Object.fromEntries((parsed.remotes[0]?.sessions ?? []).map((row) => [row.sessionId, row.status]));
    },
    cleanup: () => box.cleanup(),
  };
}

/** `<claudeDir>/projects/<encoded project>/<sid>.jsonl` */
export function transcriptPath(claudeDir: string, project: string, sid: string): string {
  return join(claudeDir, 'projects', encodeProjectDir(project, process.platform), `${sid}.jsonl`);
}

/** Writes a file (dirs made as needed) and, if given, sets its mtime (ms since epoch). */
/** `sid`'s three-turn transcript made on the laptop and pushed once: both copies in sync. */
export function pushedOnce(p: Pair, sid: string): { localFile: string; remoteFile: string; lines: ReturnType<typeof makeTranscriptLines> } {
  const localFile = transcriptPath(p.localClaude, p.L, sid);
  const remoteFile = transcriptPath(p.remoteClaude, p.R, sid);
  const lines = makeTranscriptLines(sid, p.L, 3);
  put(localFile, toJsonl(lines));
  assert.equal(p.json(['push', 'b']).done, 1, 'the first push');
  return { localFile, remoteFile, lines };
}

export function put(file: string, content: string | Buffer, mtimeMs?: number): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  if (mtimeMs !== undefined) utimesSync(file, new Date(mtimeMs), new Date(mtimeMs));
}

export function read(file: string): string {
  return readFileSync(file, 'utf8');
}

/** Every path mapping L → R inside a text (the fixtures hold no other mapped prefix). */
export function swap(text: string, from: string, to: string): string {
  return text.split(from).join(to);
}

export function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}

/** rel path → "mode size mtime sha256" for every file and dir below `dir` (absent dir: {}). */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    let names: string[];
    try {
      names = readdirSync(join(dir, rel));
    } catch {
      return;
    }
    for (const name of names.sort()) {
      const childRel = rel === '' ? name : `${rel}/${name}`;
      const info = statSync(join(dir, childRel));
      const mode = (info.mode & 0o777).toString(8);
      if (info.isDirectory()) {
        out[`${childRel}/`] = mode;
        walk(childRel);
      } else {
        const sha = createHash('sha256').update(readFileSync(join(dir, childRel))).digest('hex').slice(0, 16);
        out[childRel] = `${mode} ${info.size} ${info.mtimeMs} ${sha}`;
      }
    }
  };
  walk('');
  return out;
}

/** uuids of a transcript's lines, in file order (lines without one are left out). */
export function uuidsOf(text: string): string[] {
  return fieldValues(text, 'uuid');
}

/** Distinct `cwd` values of a transcript's lines. */
export function cwdsOf(text: string): string[] {
  return distinct(fieldValues(text, 'cwd'));
}

/** Same mtime within what a double of ms since 1970 holds (the source's ns are not all kept). */
export function assertSameMtime(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 0.002, `${what}: mtime ${actual}, source ${expected}`);
}

/** A fixed past instant (whole seconds, so mtimes compare exactly): `days` before now. */
export function daysAgo(days: number): number {
  return Math.floor((Date.now() - days * 86_400_000) / 1000) * 1000;
}
