// Which side stopped writing and why (issue #10 item 4), from its write results: the CLI says
// it once ("ssh:pod: no space left … 12 KiB free; 47 writes not done") instead of a failure
// line per file. Pure.
import type { WriteResult, WriteStop } from '../wire/protocol.js';
import type { Side } from '../planner/types.js';

export interface SideStop {
  side: Side;
  /** the side's transport label: `local`, `dir:/mnt/b`, `ssh:pod` */
  label: string;
  /** its Claude dir, as its manifest named it */
  claudeDir: string;
  cause: WriteStop['cause'];
  freeBytes?: number;
  /** the op it stopped at */
  path: string;
  /** writes of that side that did not happen: the one that failed and those not attempted */
  notDone: number;
  /** writes of that side in all */
  total: number;
}

export function writeStops(
  results: Record<Side, readonly WriteResult[]>,
  where: Record<Side, { label: string; claudeDir: string }>,
): SideStop[] {
  const stops: SideStop[] = [];
  for (const side of ['local', 'remote'] as const) {
    const list = results[side];
    const first = list.find((result) => !result.ok && result.stop?.attempted === true);
    if (first === undefined || first.ok || first.stop === undefined) continue;
    const notDone = list.filter((result) => !result.ok && result.stop !== undefined).length;
    stops.push({
      side,
      ...where[side],
      cause: first.stop.cause,
      ...(first.stop.freeBytes === undefined ? {} : { freeBytes: first.stop.freeBytes }),
      path: first.path,
      notDone,
      total: list.length,
    });
  }
  return stops;
}
