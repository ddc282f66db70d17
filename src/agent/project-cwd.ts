// The real path a project dir stands for, read from its newest transcripts' first lines
// (claude-code-format.md: a dir name is never decoded, it is lossy); readHead, the bounded read
// of a transcript's start, also names a legacy agent file's session (manifest.ts).
import { closeSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';
import path from 'node:path';
import { encodeProjectDir } from '../claude-format/encode-project-dir.js';
import { firstCwd } from '../claude-format/jsonl.js';
import type { AgentRoot } from './agent-root.js';

/** How much of a transcript is read to find its `cwd` (the first line carries one). */
const HEAD_BYTES = 65536;

export function readHead(file: string): string | undefined {
  let fd;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined; // vanished since the listing
  }
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const bytesRead = readSync(fd, buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * The real path a project dir stands for (claude-code-format.md: never decode the name; read
 * `cwd` from the lines). Newest transcripts first; the first `cwd` that encodes to the dir's
 * name wins. If none does, the first one found is used and a warning says so.
 */
export function detectCwd(root: AgentRoot, dir: string, dirPath: string, jsonl: string[], warnings: string[], stats: Map<string, Stats>): string | undefined {
  const dated: { name: string; mtimeMs: number }[] = [];
  for (const name of jsonl) {
    let info;
    try {
      info = lstatSync(path.join(dirPath, name)); // listed as a regular file: lstat is stat
    } catch {
      continue;
    }
    stats.set(`projects/${dir}/${name}`, info); // the quick check takes it (one lstat per transcript)
    dated.push({ name, mtimeMs: info.mtimeMs });
  }
  dated.sort((a, b) => b.mtimeMs - a.mtimeMs);
  let firstFound: string | undefined;
  for (const { name } of dated) {
    const head = readHead(path.join(dirPath, name));
    const cwd = head === undefined ? undefined : firstCwd(head);
    if (cwd === undefined) continue;
    if (encodeProjectDir(cwd, root.platform) === dir) return cwd;
    firstFound ??= cwd;
  }
  if (firstFound !== undefined) {
    warnings.push(`projects/${dir}: its lines record cwd ${firstFound}, which encodes to ${encodeProjectDir(firstFound, root.platform)}`);
  }
  return firstFound;
}
