// The lines `ccsync watch` prints: one per state change (connected, disconnected, busy) and
// one per sync that moved something or left a problem; a sync with nothing to do prints
// nothing, so an idle watch stays silent. `--json`: the same events, one JSON object a line.
import type { WatchCommandEvent } from '../../commands/watch.js';
import { formatBytes } from '../../display-text.js';

function clock(iso: string): string {
  return iso.slice(11, 19);
}

/** True when the event is worth a line (a sync that changed nothing is not). */
export function isWorthTelling(event: WatchCommandEvent): boolean {
  if (event.event !== 'sync') return true;
  const result = event.result;
  return result.done + result.conflicts + result.failed > 0;
}

const TRIGGERS = { start: 'on start', local: 'local change', remote: 'remote change', rescan: 'periodic check', reconnect: 'after reconnecting' } as const;

function listKeys(keys: string[]): string {
  const shown = keys.slice(0, 3).join(', ');
  return keys.length > 3 ? `${shown} and ${keys.length - 3} more` : shown;
}

export function describeWatchEvent(event: WatchCommandEvent): string {
  switch (event.event) {
    case 'watching':
      return `${clock(event.at)} watching ${event.projects.join(', ') || 'every mapped project'} with ${event.remotes.join(', ')} (${event.dirsWatched} dir(s) watched; Ctrl-C stops)`;
    case 'connected':
      return `${clock(event.at)} ${event.remote}: connected`;
    case 'disconnected':
      return `${clock(event.at)} ${event.remote}: disconnected: ${event.error}; retrying in ${Math.round(event.retryInMs / 1000)} s`;
    case 'busy':
      return `${clock(event.at)} ${event.remote}: waiting: ${event.message}`;
    case 'error':
      return `${clock(event.at)} ${event.remote}: stopped by an error: ${event.message}`;
    case 'stopped':
      return `${clock(event.at)} stopped`;
    case 'sync': {
      const result = event.result;
      const toRemote = result.written.filter((file) => file.side !== 'local').map((file) => file.key);
      const toLocal = result.written.filter((file) => file.side !== 'remote').map((file) => file.key);
      const parts = [
        ...(toRemote.length > 0 ? [`to ${event.remote}: ${listKeys(toRemote)}`] : []),
        ...(toLocal.length > 0 ? [`here: ${listKeys(toLocal)}`] : []),
        ...(result.conflicts > 0 ? [`${result.conflicts} conflict(s) (\`ccsync resolve ${event.remote}\`)`] : []),
        ...(result.failed > 0 ? [`${result.failed} failed: ${result.notes.slice(0, 2).join('; ')}`] : []),
      ];
      return `${clock(event.at)} ${event.remote}: synced (${TRIGGERS[event.trigger]}) ${result.done} file(s), ${formatBytes(result.bytes)} — ${parts.join('; ')} (${(event.ms / 1000).toFixed(1)} s)`;
    }
  }
}
