// Temporary dirs of one test file, removed when its process exits (node:test runs each file in a
// process of its own): tests that made theirs with mkdtemp and no cleanup left ~80 dirs in /tmp
// per run of the suite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

process.on('exit', () => {
  for (const dir of made) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // a dir a test left unreadable: the OS's temp cleanup takes it
    }
  }
});

/** A new dir under the OS temp dir, named `<prefix>XXXXXX`, gone when the test file ends. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
