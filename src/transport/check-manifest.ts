// A manifest from another machine names the files the engine will read and write: every
// path in it must be a safe relative path inside the synced areas, every dir name one plain
// segment (issue #3: a malicious remote must not steer a write outside the local Claude dir).
import { ExitError } from '../errors.js';
import { CONFIG_AREAS, safeRelPath, UnsafePathError, WIRE_FILES } from '../agent/safe-path.js';
import type { Manifest } from '../wire/protocol.js';

function refuse(label: string, what: string): never {
  throw new ExitError(`${label} sent an unsafe path (${what}); nothing was written — the remote agent or its files may be tampered with`);
}

export function checkManifestPaths(manifest: Manifest, label: string): Manifest {
  for (const absolute of [manifest.home, manifest.claudeDir]) {
    if (!absolute.startsWith('/') || absolute.includes('\0')) refuse(label, JSON.stringify(absolute));
  }
  for (const project of manifest.projects) {
    if (!/^[^/\\\0]+$/.test(project.dir) || project.dir === '.' || project.dir === '..') refuse(label, `project dir ${JSON.stringify(project.dir)}`);
    for (const name of project.jsonl) {
      if (!/^[^/\\\0]+\.jsonl$/.test(name)) refuse(label, `file ${JSON.stringify(name)} in projects/${project.dir}`);
    }
  }
  const check = (path: string, areas?: readonly string[], files?: readonly string[]): void => {
    try {
      safeRelPath(path, areas, files);
    } catch (error) {
      if (error instanceof UnsafePathError) refuse(label, error.message);
      throw error;
    }
  };
  for (const file of manifest.files) check(file.path);
  // extras (issue #5) name only the config dirs and the top-level files, never a session path
  for (const file of manifest.extras ?? []) check(file.path, CONFIG_AREAS, WIRE_FILES);
  return manifest;
}
