// One line per side that stopped writing (issue #10 item 4), instead of a failure line per
// file: which side, why, where, how much room is left, what did not happen, what to do.
import type { SideStop } from '../../sync/write-stops.js';
import { formatBytes } from '../../display-text.js';

const WHY: Record<SideStop['cause'], string> = {
  'no-space': 'no space left on the device',
  'read-only': 'the file system is read-only',
  'no-permission': 'permission denied',
};

const FIX: Record<SideStop['cause'], string> = {
  'no-space': 'free some space there and run again',
  'read-only': 'make it writable (remount it read-write, or point --claude-dir elsewhere) and run again',
  'no-permission': 'give this user write access there (owner, mode) and run again',
};

export function describeWriteStop(stop: SideStop): string {
  const free = stop.freeBytes === undefined ? '' : `, ${formatBytes(stop.freeBytes)} free`;
  const side = stop.side === 'local' ? 'this machine' : stop.label;
  return `${side} stopped writing: ${WHY[stop.cause]} (${stop.claudeDir}${free}); ${stop.notDone} of ${stop.total} write(s) not done — ${FIX[stop.cause]}; what was written is kept`;
}
