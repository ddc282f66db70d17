// Local changes for `ccsync watch`: which session files changed, told once writes go quiet.
// Node 20's recursive fs.watch on Linux puts one inotify watch on every file and dir of the
// tree (measured: 4,201 watches for 200 dirs × 20 files; ARCHITECTURE.md, "Watch"), and a
// Claude dir holds tens of thousands of file-history files. Claude appends to a session's
// transcript on every turn, and the transcript sits directly in its project dir, so a
// non-recursive watch on `projects/` and on each project dir in scope sees every session
// change with one watch per dir, on Linux (inotify) and macOS (FSEvents/kqueue) alike.
// Files deeper down (subagent transcripts, tool results) change with a transcript line, and
// the watch's periodic rescan catches anything else.
import { watch, type FSWatcher } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';

export interface LocalChangesOptions {
  /** `<claude dir>/projects` */
  projectsDir: string;
  /** encoded project dir names in scope start with one of these (undefined: every project) */
  prefixes: readonly string[] | undefined;
  /** writes must have been quiet this long before a change is told (~1 s) */
  quietMs: number;
  /** ... but a change is told at most this long after the first write (a long streaming turn) */
  maxDelayMs: number;
  onChange: () => void;
}

export interface LocalChanges {
  /** dirs watched right now (the projects dir and the project dirs in scope) */
  watched(): number;
  /** look for project dirs that appeared without an event (also done on every projects/ event) */
  refresh(): void;
  close(): void;
}

export function watchLocalChanges(options: LocalChangesOptions): LocalChanges {
  const watchers = new Map<string, FSWatcher>();
  let quiet: NodeJS.Timeout | undefined;
  let first: number | undefined;
  let closed = false;

  const fire = (): void => {
    clearTimeout(quiet);
    quiet = undefined;
    first = undefined;
    if (!closed) options.onChange();
  };
  const changed = (): void => {
    const now = Date.now();
    first ??= now;
    clearTimeout(quiet);
    const wait = Math.min(options.quietMs, Math.max(0, first + options.maxDelayMs - now));
    quiet = setTimeout(fire, wait);
  };
  const inScope = (name: string): boolean => options.prefixes === undefined || options.prefixes.some((prefix) => name === prefix || name.startsWith(`${prefix}-`));

  const add = (dir: string, onEvent: (name: string | null) => void): void => {
    if (watchers.has(dir) || closed) return;
    try {
      const watcher = watch(dir, { persistent: true }, (_event, name) => onEvent(typeof name === 'string' ? name : null));
      // a watched dir that is removed: forget it (a new one with the name is found by the rescan)
      watcher.on('error', () => {
        watcher.close();
        watchers.delete(dir);
      });
      watchers.set(dir, watcher);
    } catch {
      // not there (yet): the next rescan tries again
    }
  };

  const rescan = async (): Promise<void> => {
    add(options.projectsDir, (name) => {
      if (name === null || inScope(name)) {
        void rescan();
        changed();
      }
    });
    const names = await readdir(options.projectsDir).catch(() => [] as string[]);
    for (const name of names) {
      if (inScope(name)) add(path.join(options.projectsDir, name), () => changed());
    }
  };
  void rescan();
  return {
    watched: () => watchers.size,
    refresh: () => void rescan(),
    close: () => {
      closed = true;
      clearTimeout(quiet);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}
