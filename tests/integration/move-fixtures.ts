// Shared by the `ccsync move` integration tests: a throwaway HOME with a Claude dir, sessions
// written as Claude leaves them (0600, old mtimes), and a snapshot of a tree to prove that
// a refused or dry run changed nothing.
import type { TestContext } from 'node:test';
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { makeTranscript, seededUuid } from '../helpers/transcripts.js';
import { makeSandbox, type Sandbox } from './cli-harness.js';

export const OLD_MTIME = new Date('2025-06-01T10:00:00.000Z');

export interface Store {
  sandbox: Sandbox;
  claudeDir: string;
  /** a real dir under the sandbox; project paths live below it */
  base: string;
}

export async function store(t: TestContext): Promise<Store> {
  const sandbox = await makeSandbox();
  t.after(() => sandbox.cleanup());
  const base = join(realpathSync(sandbox.root), 'w');
  mkdirSync(base, { recursive: true });
  return { sandbox, claudeDir: join(sandbox.home, '.claude'), base };
}

export const dirOf = (s: Store, project: string): string => join(s.claudeDir, 'projects', encodeProjectDir(project, process.platform));

/** A session with old mtimes, as Claude leaves it (files 0600). */
export function addSession(s: Store, cwd: string, id: string, body = makeTranscript(id, cwd, 2)): string {
  const dir = dirOf(s, cwd);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${id}.jsonl`);
  writeFileSync(file, body, { mode: 0o600 });
  utimesSync(file, OLD_MTIME, OLD_MTIME);
  return file;
}

interface Entry {
  mode: number;
  size: number;
  mtimeMs: number;
  sha: string;
}

/** Every file and dir under `root`: what "nothing changed" is checked against. */
export function snapshot(root: string): Map<string, Entry | 'dir'> {
  const out = new Map<string, Entry | 'dir'>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const abs = join(dir, name);
      const info = lstatSync(abs);
      if (info.isDirectory()) {
        out.set(relative(root, abs), 'dir');
        walk(abs);
      } else {
        const sha = createHash('sha256').update(readFileSync(abs)).digest('hex');
        out.set(relative(root, abs), { mode: info.mode & 0o777, size: info.size, mtimeMs: info.mtimeMs, sha });
      }
    }
  };
  walk(root);
  return out;
}

const lineSchema = z.looseObject({ cwd: z.string().optional(), uuid: z.string().optional(), sessionId: z.string().optional() });
export const parseLines = (text: string): Array<z.infer<typeof lineSchema>> => text.trimEnd().split('\n').map((line) => lineSchema.parse(JSON.parse(line)));

export const ID = (n: number): string => seededUuid(`move-test-${n}`);

export function historyLine(project: string, display: string): string {
  return `${JSON.stringify({ display, pastedContents: {}, timestamp: 1767225600000, project, sessionId: ID(1) })}\n`;
}
