// The order of a merged tail (ARCHITECTURE.md, "Merge"). Each side's tail is a queue that is
// never reordered: Claude Code stamps a child line up to ~1 ms before its parent and writes
// lines without a top-level timestamp (../shared/claude-code-format.md), so sorting by time
// would break the parentUuid chain order that `--resume` reads. The queues are merged like two
// sorted lists instead, and a tail that already holds every line of the other is kept as is.

/** One line as ordering sees it. */
export interface OrderLine {
  /** identity: `u:<uuid>` or `b:<bytes in local form>`, numbered when a side repeats it */
  key: string;
  timestamp: string | undefined;
  /**
   * The tie-breaker: like the key, but the same on every machine (a line without uuid is
   * compared without its paths), so every pair of machines breaks a tie the same way.
   */
  rank: () => string;
}

/** A position of the merged tail: the line's index on each side that has it. */
export interface Slot {
  local?: number;
  remote?: number;
}

interface Queue {
  lines: readonly OrderLine[];
  /** running max of the side's timestamps up to each line ('' before the first one) */
  effective: readonly string[];
  /** key → index on this side */
  index: ReadonlyMap<string, number>;
}

function queueOf(lines: readonly OrderLine[]): Queue {
  let latest = '';
  const effective = lines.map((line) => {
    if (line.timestamp !== undefined && line.timestamp > latest) latest = line.timestamp;
    return latest;
  });
  return { lines, effective, index: new Map(lines.map((line, i) => [line.key, i])) };
}

function holdsAll(big: Queue, small: Queue): boolean {
  return small.lines.every((line) => big.index.has(line.key));
}

/**
 * Between two orders of the same lines, the one to keep: compared from the end, at the first
 * place they differ the order whose line is newer (own timestamp, then rank) wins. So the order
 * that ends on the newest line — the branch `--resume` continues — is kept, and since this is
 * one total order on sequences, the same on every machine, any number of machines that meet in
 * pairs settle on one order (issue #13: the fixed point agrees on which branch is last).
 * Negative when `a` is kept.
 */
export function compareOrders(a: readonly OrderLine[], b: readonly OrderLine[]): number {
  for (let i = a.length - 1, j = b.length - 1; i >= 0 && j >= 0; i--, j--) {
    const la = a[i];
    const lb = b[j];
    if (la === undefined || lb === undefined || la.key === lb.key) continue;
    const ta = la.timestamp ?? '';
    const tb = lb.timestamp ?? '';
    if (ta !== tb) return ta > tb ? -1 : 1;
    const ra = la.rank();
    const rb = lb.rank();
    if (ra !== rb) return ra > rb ? -1 : 1;
    return la.key > lb.key ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * Which head goes first when either could: the earlier effective time; at equal times a line
 * without its own timestamp (it stays next to the line it followed), then the smaller key.
 * Nothing here depends on which side is local, so merge(a, b) and merge(b, a) agree.
 */
function goesFirst(a: Queue, i: number, b: Queue, j: number): boolean {
  const ta = a.effective[i] ?? '';
  const tb = b.effective[j] ?? '';
  if (ta !== tb) return ta < tb;
  const ownA = a.lines[i]?.timestamp !== undefined;
  const ownB = b.lines[j]?.timestamp !== undefined;
  if (ownA !== ownB) return !ownA;
  const ra = a.lines[i]?.rank() ?? '';
  const rb = b.lines[j]?.rank() ?? '';
  if (ra !== rb) return ra < rb;
  return (a.lines[i]?.key ?? '') < (b.lines[j]?.key ?? '');
}

/**
 * The two-queue merge. A head whose key the other side holds further on waits for it (shared
 * lines are sync points); a head the other side lacks may go. When both heads wait — the sides
 * order shared lines differently, which Claude never does (hand edits, or a superset pick that
 * reordered) — the one that goes first by `goesFirst` is placed now and skipped later on the
 * other side, so only lines the two sides order differently move.
 */
function interleave(local: Queue, remote: Queue): string[] {
  const placed = new Set<string>();
  const order: string[] = [];
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < local.lines.length && placed.has(local.lines[i]?.key ?? '')) i++;
    while (j < remote.lines.length && placed.has(remote.lines[j]?.key ?? '')) j++;
    const a = local.lines[i];
    const b = remote.lines[j];
    let key: string;
    if (a === undefined && b === undefined) break;
    else if (a === undefined) key = b?.key ?? '';
    else if (b === undefined || a.key === b.key) key = a.key;
    else {
      const aWaits = remote.index.has(a.key);
      const bWaits = local.index.has(b.key);
      if (aWaits !== bWaits) key = aWaits ? b.key : a.key;
      else key = goesFirst(local, i, remote, j) ? a.key : b.key;
    }
    placed.add(key);
    order.push(key);
  }
  return order;
}

/**
 * The merged order of two tails whose lines carry unique keys per side. If one side holds every
 * key of the other, its order is the result (between equal sets with different orders, the one
 * `compareOrders` keeps); this keeps a union written by a one-way run as it is, and makes
 * merging the result with either input again a no-op. `equalSetsTake` overrides that pick (a
 * one-way run gives the target the source's order, so the two copies end equal).
 */
export function mergeOrder(localLines: readonly OrderLine[], remoteLines: readonly OrderLine[], equalSetsTake?: 'local' | 'remote'): Slot[] {
  const local = queueOf(localLines);
  const remote = queueOf(remoteLines);
  const localHoldsAll = holdsAll(local, remote);
  const remoteHoldsAll = holdsAll(remote, local);
  const localWins = (): boolean => (equalSetsTake === undefined ? compareOrders(localLines, remoteLines) <= 0 : equalSetsTake === 'local');
  let order: string[];
  if (localHoldsAll && (!remoteHoldsAll || localWins())) order = localLines.map((line) => line.key);
  else if (remoteHoldsAll) order = remoteLines.map((line) => line.key);
  else order = interleave(local, remote);
  return order.map((key) => ({ local: local.index.get(key), remote: remote.index.get(key) }));
}
