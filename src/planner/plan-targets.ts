// Where a file goes on the other side. A session id must live under one project dir only
// (../shared/claude-code-format.md, "How a session is found"), so a session that already sits
// on the target wins over what the dir pairing says.
import type { FileEntry, RelPath } from '../wire/protocol.js';
import { projectPath, sessionIdOfKey, splitProjectPath, type SideIndex } from './plan-keys.js';
import type { DirPairing, LogicalKey, Side } from './types.js';

export type Target =
  | { kind: 'path'; path: RelPath; warning?: string }
  /** the source's project dir has no counterpart: nothing can be written */
  | { kind: 'unpaired'; sourceDir: string }
  /** the session sits on the target in a dir this run does not look into */
  | { kind: 'elsewhere'; message: string };

/** The dir paired with `dir` of side `from`, on the other side. */
export function pairedDir(pairings: readonly DirPairing[], from: Side, dir: string): string | undefined {
  for (const pairing of pairings) {
    const source = from === 'local' ? pairing.localDir : pairing.remoteDir;
    if (source === dir) return from === 'local' ? pairing.remoteDir : pairing.localDir;
  }
  return undefined;
}

function wrongDirWarning(sid: string, to: Side, actualDir: string, from: Side, sourceDir: string, paired: string | undefined): string {
  const expected = paired === undefined ? 'no paired dir' : `projects/${paired} (where ${from} projects/${sourceDir} maps)`;
  return `session ${sid}: the ${to} copy is in projects/${actualDir}, not ${expected}; written there so the id stays under one dir`;
}

/** The target path for a file that exists on `from` only. */
export function targetFor(key: LogicalKey, source: FileEntry, from: SideIndex, to: SideIndex, pairings: readonly DirPairing[]): Target {
  const split = splitProjectPath(source.path);
  if (split === undefined) return { kind: 'path', path: source.path };
  const sid = sessionIdOfKey(key);
  const paired = pairedDir(pairings, from.side, split.dir);
  const existing = sid === undefined ? [] : [...(to.sessionDirs.get(sid) ?? [])];
  const [dir] = existing;
  if (sid !== undefined && dir !== undefined) {
    if (to.projects.get(dir)?.inScope === false) {
      return {
        kind: 'elsewhere',
        message: `session ${sid} already sits on ${to.side} in projects/${dir}, outside this run's scope; not written (one id must not live under two dirs)`,
      };
    }
    const path = projectPath(dir, split.rest);
    return dir === paired ? { kind: 'path', path } : { kind: 'path', path, warning: wrongDirWarning(sid, to.side, dir, from.side, split.dir, paired) };
  }
  if (paired === undefined) return { kind: 'unpaired', sourceDir: split.dir };
  return { kind: 'path', path: projectPath(paired, split.rest) };
}

/** When both copies exist but not in paired dirs: the existing one is the counterpart. */
export function counterpartWarning(key: LogicalKey, local: FileEntry, remote: FileEntry, pairings: readonly DirPairing[]): string | undefined {
  const localSplit = splitProjectPath(local.path);
  const remoteSplit = splitProjectPath(remote.path);
  const sid = sessionIdOfKey(key);
  if (localSplit === undefined || remoteSplit === undefined || sid === undefined) return undefined;
  const paired = pairedDir(pairings, 'local', localSplit.dir);
  if (paired === undefined || paired === remoteSplit.dir) return undefined;
  return wrongDirWarning(sid, 'remote', remoteSplit.dir, 'local', localSplit.dir, paired);
}
