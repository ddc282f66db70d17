// Ctrl-C (or a SIGTERM from a supervisor) on a run without a terminal (issue #10): one line on
// stderr — interrupted, what was done, what to run next — and the shell's exit code for the
// signal. The run's phases come from its progress sink (journalSink); a write is atomic per
// file, so an interrupted write phase leaves each file whole and the sync state unchanged.
import type { ProgressSink } from '../commands/progress-sink.js';
import { displayCommand } from '../transport/shell-quote.js';

interface Journal {
  done: string[];
  current: string | undefined;
}

const journal: Journal = { done: [], current: undefined };

/** The same sink, with each phase noted for the interrupt line. */
export function journalSink(sink: ProgressSink): ProgressSink {
  return {
    phase(label, work) {
      if (journal.current !== undefined) journal.done.push(journal.current);
      journal.current = label;
      sink.phase(label, work);
    },
    advance: (n) => sink.advance(n),
    advanceBytes: (n) => sink.advanceBytes(n),
    done(summary) {
      if (journal.current !== undefined) journal.done.push(journal.current);
      journal.current = undefined;
      sink.done(summary);
    },
    fail: () => sink.fail(),
  };
}

/** Forget what an earlier run in this process noted (tests run several). */
export function resetJournal(): void {
  journal.done = [];
  journal.current = undefined;
}

/** The one line for an interrupted `ccsync ARGV`. */
export function interruptLine(argv: readonly string[], signal: string): string {
  const again = `\`${displayCommand(['ccsync', ...argv])}\``;
  const how = signal === 'SIGINT' ? 'interrupted' : `stopped by ${signal}`;
  const done = journal.done.length > 0 ? ` (done: ${journal.done.join('; ')})` : '';
  if (journal.current !== undefined && /^writing /.test(journal.current)) {
    return `ccsync: ${how} while ${journal.current}${done}; each file is whole (old or new) and the sync state was not updated: run ${again} again to finish (it finds what already arrived)\n`;
  }
  if (journal.current !== undefined) return `ccsync: ${how} while ${journal.current}${done}; nothing was written: run ${again} again\n`;
  if (journal.done.some((label) => /^writing /.test(label))) {
    return `ccsync: ${how} after the writes${done}, before the sync state was saved: run ${again} again (it finds what already arrived)\n`;
  }
  return `ccsync: ${how}${done}; ccsync writes each file whole, so none is half-written: run ${again} again to finish\n`;
}
