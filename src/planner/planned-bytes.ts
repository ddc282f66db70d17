// How many bytes an action is planned to write, before anything is read (issue #10: a dry run's
// counts are filled in). Exact for copies, appends, forks and replacements; a merge writes at
// most the other side's new lines onto each side it writes, which is what is counted; a
// reconcile (both copies compared after the read) at most the other side's whole copy.
import type { Action } from './types.js';

export function plannedBytes(action: Action): number {
  switch (action.kind) {
    case 'copy':
    case 'append':
    case 'fork':
    case 'replace':
      return action.length;
    case 'merge':
      return action.writeSides.reduce((sum, side) => {
        const other = side === 'local' ? action.remote : action.local;
        return sum + Math.max(0, other.length - other.keep);
      }, 0);
    case 'reconcile':
      // both copies are read and compared first: at most the other side's whole copy goes over
      return action.writeSides.reduce((sum, side) => sum + (side === 'local' ? action.remote : action.local).length, 0);
    case 'delete':
    case 'record':
    case 'skip':
      return 0;
  }
}
