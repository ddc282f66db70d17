// Which project dir on one machine is which on the other. Pure: manifests and the user's
// path pairs in, pairings out. A dir's real path comes from the `cwd` of its lines, never from
// decoding its name (../shared/claude-code-format.md, "The directory name").
import { encodeProjectDir } from '../claude-format/encode-project-dir.js';
import { createPathMap, isUnder, mapPath, type PathMap, type PathPair } from '../mapping/path-map.js';
import type { Manifest } from '../wire/protocol.js';
import type { DirPairing } from './types.js';

export interface PairingResult {
  pairings: DirPairing[];
  warnings: string[];
}

function dirWithCwd(manifest: Manifest, path: string): string | undefined {
  return manifest.projects.find((project) => project.cwd === path)?.dir;
}

export function pairProjectDirs(local: Manifest, remote: Manifest, projectMap: PathMap, remoteName: string): PairingResult {
  const pairings: DirPairing[] = [];
  const warnings: string[] = [];
  const byLocalDir = new Map<string, DirPairing>();
  for (const project of local.projects) {
    if (!project.inScope || project.cwd === undefined) continue;
    const remotePath = mapPath(projectMap, project.cwd, 'toRemote');
    if (remotePath === undefined) {
      warnings.push(`${project.cwd} has no path mapping for '${remoteName}': run \`ccsync map add ${remoteName} ${project.cwd} /REMOTE/PATH\``);
      continue;
    }
    const pairing: DirPairing = {
      localDir: project.dir,
      localPath: project.cwd,
      remotePath,
      remoteDir: dirWithCwd(remote, remotePath) ?? encodeProjectDir(remotePath, remote.platform),
    };
    pairings.push(pairing);
    byLocalDir.set(project.dir, pairing);
  }
  for (const project of remote.projects) {
    if (!project.inScope || project.cwd === undefined) continue;
    const localPath = mapPath(projectMap, project.cwd, 'toLocal');
    if (localPath === undefined) {
      warnings.push(`remote ${project.cwd} has no path mapping for '${remoteName}': run \`ccsync map add ${remoteName} /LOCAL/PATH ${project.cwd}\``);
      continue;
    }
    const localDir = dirWithCwd(local, localPath) ?? encodeProjectDir(localPath, local.platform);
    const existing = byLocalDir.get(localDir);
    if (existing && existing.remoteDir === project.dir) continue;
    if (existing) {
      // Two remote dirs claim one local dir (e.g. a dir made by hand under another name):
      // keep the mapped one and say so rather than merge two projects into one.
      warnings.push(`remote projects/${project.dir} (${project.cwd}) maps onto local projects/${localDir}, already paired with remote projects/${existing.remoteDir}; left alone`);
      continue;
    }
    const pairing: DirPairing = { localDir, localPath, remoteDir: project.dir, remotePath: project.cwd };
    pairings.push(pairing);
    byLocalDir.set(localDir, pairing);
  }
  return { pairings, warnings };
}

export interface Scope {
  localRoots: string[];
  remoteRoots: string[];
}

/**
 * The dirs a run looks at: the project of `root` and its subdirectories (issue #2, item 6),
 * or every mapped project with `all`. `undefined` when `root` is not under any mapping.
 */
export function scopeFor(pairs: readonly PathPair[], root: string | undefined): Scope | undefined {
  if (root === undefined) {
    return { localRoots: pairs.map((pair) => pair.local), remoteRoots: pairs.map((pair) => pair.remote) };
  }
  const map = createPathMap(pairs);
  const mapped = mapPath(map, root, 'toRemote');
  if (mapped !== undefined) return { localRoots: [root], remoteRoots: [mapped] };
  // A root above the mapped projects (say, the home dir) takes every mapping below it.
  const below = pairs.filter((pair) => isUnder(pair.local, root));
  if (below.length === 0) return undefined;
  return { localRoots: below.map((pair) => pair.local), remoteRoots: below.map((pair) => pair.remote) };
}

/**
 * The pairs that rewrite paths inside lines: the user's, then each side's project dirs in
 * the Claude dir (tool-results paths name the encoded dir), Claude dir and home (issue #2:
 * "each side's home and Claude dir are mapped automatically"). The user's pairs win where a
 * prefix is already taken.
 */
export function contentPairs(userPairs: readonly PathPair[], local: Manifest, remote: Manifest, pairings: readonly DirPairing[]): PathPair[] {
  const pairs: PathPair[] = [...userPairs];
  const takenLocal = new Set(userPairs.map((pair) => pair.local));
  const takenRemote = new Set(userPairs.map((pair) => pair.remote));
  const add = (pair: PathPair): void => {
    if (pair.local === '/' || pair.remote === '/' || takenLocal.has(pair.local) || takenRemote.has(pair.remote)) return;
    takenLocal.add(pair.local);
    takenRemote.add(pair.remote);
    pairs.push(pair);
  };
  for (const pairing of pairings) {
    if (pairing.localDir === undefined || pairing.remoteDir === undefined) continue;
    add({ local: `${local.claudeDir}/projects/${pairing.localDir}`, remote: `${remote.claudeDir}/projects/${pairing.remoteDir}` });
  }
  add({ local: local.claudeDir, remote: remote.claudeDir });
  add({ local: local.home, remote: remote.home });
  return pairs;
}
