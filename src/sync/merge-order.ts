// The canonical order of a merged tail (ARCHITECTURE.md, "Merge"). Lines are grouped by
// (timestamp, anchor key): a timestamped line anchors itself, a line without a timestamp
// hangs on the nearest timestamped line before it on its own side. A key on both sides takes
// the smaller group. Inside a group the two sides' own orders are merged like two chains
// (a topological merge, ties broken by position, then key): unlike sorting by position
// alone, this keeps merge(output, input) == output, so reruns are no-ops.

/** One side's view of a line, reduced to what ordering needs. */
export interface OrderedLine {
  key: string;
  /** undefined when the line has no (string, non-empty) timestamp */
  timestamp: string | undefined;
}

interface Placement {
  groupTs: string;
  groupAnchor: string;
  /** smallest position on either side */
  index: number;
}

function smallerGroup(a: Placement, b: Placement): boolean {
  if (a.groupTs !== b.groupTs) return a.groupTs < b.groupTs;
  return a.groupAnchor < b.groupAnchor;
}

function placeSide(lines: readonly OrderedLine[], placements: Map<string, Placement>): void {
  let anchorTs = '';
  let anchorKey = '';
  lines.forEach((line, index) => {
    if (line.timestamp !== undefined) {
      anchorTs = line.timestamp;
      anchorKey = line.key;
    }
    const mine: Placement = { groupTs: anchorTs, groupAnchor: anchorKey, index };
    const seen = placements.get(line.key);
    if (seen === undefined) {
      placements.set(line.key, mine);
      return;
    }
    const group = smallerGroup(mine, seen) ? mine : seen;
    placements.set(line.key, { groupTs: group.groupTs, groupAnchor: group.groupAnchor, index: Math.min(seen.index, index) });
  });
}

function groupId(placement: Placement): string {
  return `${placement.groupTs}\u0000${placement.groupAnchor}`;
}

/**
 * Merge two chains that share some keys, keeping each chain's order where they agree. A head
 * may go next when it does not wait behind other keys in the other chain; when both may, the
 * smaller (position, key) goes first. If the chains disagree (a cycle), the smaller head wins.
 */
function mergeChains(a: readonly string[], b: readonly string[], placements: Map<string, Placement>): string[] {
  const posA = new Map(a.map((key, i) => [key, i]));
  const posB = new Map(b.map((key, i) => [key, i]));
  const placed = new Set<string>();
  const out: string[] = [];
  const before = (x: string, y: string): boolean => {
    const px = placements.get(x)?.index ?? 0;
    const py = placements.get(y)?.index ?? 0;
    return px !== py ? px < py : x < y;
  };
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && placed.has(a[i] ?? '')) i++;
    while (j < b.length && placed.has(b[j] ?? '')) j++;
    const headA = a[i];
    const headB = b[j];
    if (headA === undefined && headB === undefined) break;
    const freeA = headA !== undefined && (posB.get(headA) ?? j) === j;
    const freeB = headB !== undefined && (posA.get(headB) ?? i) === i;
    let pick: string | undefined;
    if (headA === undefined) pick = headB;
    else if (headB === undefined) pick = headA;
    else if (freeA && freeB) pick = before(headA, headB) ? headA : headB;
    else if (freeA) pick = headA;
    else if (freeB) pick = headB;
    else pick = before(headA, headB) ? headA : headB;
    if (pick === undefined) break;
    out.push(pick);
    placed.add(pick);
  }
  return out;
}

/** The merged key sequence of two sides' lines (each side's keys are unique). */
export function canonicalOrder(local: readonly OrderedLine[], remote: readonly OrderedLine[]): string[] {
  const placements = new Map<string, Placement>();
  placeSide(local, placements);
  placeSide(remote, placements);
  const groups = new Map<string, { placement: Placement; local: string[]; remote: string[] }>();
  const addChain = (lines: readonly OrderedLine[], side: 'local' | 'remote'): void => {
    for (const line of lines) {
      const placement = placements.get(line.key);
      if (placement === undefined) continue;
      const id = groupId(placement);
      let group = groups.get(id);
      if (group === undefined) {
        group = { placement, local: [], remote: [] };
        groups.set(id, group);
      }
      group[side].push(line.key);
    }
  };
  addChain(local, 'local');
  addChain(remote, 'remote');
  const sorted = [...groups.values()].sort((x, y) => (smallerGroup(x.placement, y.placement) ? -1 : smallerGroup(y.placement, x.placement) ? 1 : 0));
  return sorted.flatMap((group) => mergeChains(group.local, group.remote, placements));
}
