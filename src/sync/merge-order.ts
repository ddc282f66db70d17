// The canonical order of a merged tail (ARCHITECTURE.md, "Merge"). Lines are grouped by
// (timestamp, anchor): a timestamped line anchors itself, a line without one hangs on the
// nearest timestamped line before it on its own side ("" before any). Groups sort by
// (timestamp, anchor key); a keyed line on both sides takes the smaller group. Inside a group
// the two sides' orders are merged like two chains (ties: position, then key), so that
// merge(output, input) == output — sorting by position alone does not have that property.
import { alignChains, type Token } from './merge-align.js';

/** One line as ordering sees it. */
export interface OrderLine {
  /**
   * Identity of a line known by key: uuid, or bytes for a timestamped line (every timestamped
   * line has one). Undefined for a line known only by its bytes and place.
   */
  key: string | undefined;
  /** the line in local form */
  bytes: string;
  timestamp: string | undefined;
}

/** A position of the merged tail: the line's index on each side that has it. */
export interface Slot {
  local?: number;
  remote?: number;
}

type SideName = 'local' | 'remote';
const SIDES: readonly SideName[] = ['local', 'remote'];

interface Group {
  anchor: string;
  chains: Record<SideName, number[]>;
}

/** Each line's anchor on its own side: the key of the last timestamped line up to it. */
function anchorsOf(lines: readonly OrderLine[]): string[] {
  let anchor = '';
  return lines.map((line) => {
    if (line.timestamp !== undefined) anchor = line.key ?? '';
    return anchor;
  });
}

function tokenOf(line: OrderLine): string {
  return line.key !== undefined ? `k:${line.key}` : `p:${line.bytes}`;
}

export function canonicalOrder(local: readonly OrderLine[], remote: readonly OrderLine[]): Slot[] {
  const lines: Record<SideName, readonly OrderLine[]> = { local, remote };
  const anchors: Record<SideName, string[]> = { local: anchorsOf(local), remote: anchorsOf(remote) };
  // A group's timestamp: the smaller of its anchor's timestamps on the two sides.
  const groupTs = new Map<string, string>([['', '']]);
  for (const side of SIDES) {
    for (const line of lines[side]) {
      if (line.timestamp === undefined || line.key === undefined) continue;
      const seen = groupTs.get(line.key);
      if (seen === undefined || line.timestamp < seen) groupTs.set(line.key, line.timestamp);
    }
  }
  const before = (a: string, b: string): boolean => {
    const ta = groupTs.get(a) ?? '';
    const tb = groupTs.get(b) ?? '';
    return ta !== tb ? ta < tb : a < b;
  };
  // A keyed line joins the smaller of the groups it has on either side.
  const keyedGroup = new Map<string, string>();
  for (const side of SIDES) {
    lines[side].forEach((line, i) => {
      if (line.key === undefined) return;
      const own = line.timestamp !== undefined ? line.key : (anchors[side][i] ?? '');
      const seen = keyedGroup.get(line.key);
      if (seen === undefined || before(own, seen)) keyedGroup.set(line.key, own);
    });
  }
  const groups = new Map<string, Group>();
  for (const side of SIDES) {
    lines[side].forEach((line, i) => {
      const anchor = line.key !== undefined ? (keyedGroup.get(line.key) ?? '') : (anchors[side][i] ?? '');
      let group = groups.get(anchor);
      if (group === undefined) {
        group = { anchor, chains: { local: [], remote: [] } };
        groups.set(anchor, group);
      }
      group.chains[side].push(i);
    });
  }
  const sorted = [...groups.values()].sort((a, b) => (a.anchor === b.anchor ? 0 : before(a.anchor, b.anchor) ? -1 : 1));
  const slots: Slot[] = [];
  for (const group of sorted) {
    const tokens = (side: SideName): Token[] =>
      group.chains[side].map((index) => {
        const line = lines[side][index];
        return { index, token: line ? tokenOf(line) : '', keyed: line?.key !== undefined };
      });
    // (a loop, not push(...): a group can hold more lines than a call takes arguments)
    for (const slot of mergeGroup(tokens('local'), tokens('remote'))) slots.push(slot);
  }
  return slots;
}

/**
 * Merge two chains whose matched elements are shared nodes, keeping each chain's order where
 * they agree. A head may go next when it does not wait behind other elements of the other
 * chain; when both may, the smaller (position, token) goes first. If the chains disagree
 * (only possible for keyed lines in another order on each side), the smaller head wins.
 */
function mergeGroup(a: readonly Token[], b: readonly Token[]): Slot[] {
  const match = alignChains(a, b);
  // Node ids: a's elements are 0..a.length-1; b's unmatched ones follow.
  const nodeOfB = b.map((_, j) => {
    const i = match.bToA.get(j);
    return i !== undefined ? i : a.length + j;
  });
  const chainA = a.map((_, i) => i);
  const posA = new Map(chainA.map((node, i) => [node, i]));
  const posB = new Map(nodeOfB.map((node, j) => [node, j]));
  const slotOf = (node: number): Slot => {
    if (node >= a.length) return { remote: b[node - a.length]?.index ?? 0 };
    const j = match.aToB.get(node);
    const local = a[node]?.index ?? 0;
    return j === undefined ? { local } : { local, remote: b[j]?.index ?? 0 };
  };
  const rank = (node: number): [number, string, number] => {
    if (node >= a.length) {
      const t = b[node - a.length];
      return [t?.index ?? 0, t?.token ?? '', 1];
    }
    const t = a[node];
    const j = match.aToB.get(node);
    const other = j === undefined ? undefined : b[j];
    return [Math.min(t?.index ?? 0, other?.index ?? Number.MAX_SAFE_INTEGER), t?.token ?? '', 0];
  };
  const smaller = (x: number, y: number): number => {
    const [ix, tx, sx] = rank(x);
    const [iy, ty, sy] = rank(y);
    if (ix !== iy) return ix < iy ? x : y;
    if (tx !== ty) return tx < ty ? x : y;
    return sx <= sy ? x : y;
  };
  const placed = new Set<number>();
  const out: Slot[] = [];
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < chainA.length && placed.has(chainA[i] ?? -1)) i++;
    while (j < nodeOfB.length && placed.has(nodeOfB[j] ?? -1)) j++;
    const headA = chainA[i];
    const headB = nodeOfB[j];
    let pick: number;
    if (headA === undefined && headB === undefined) break;
    else if (headA === undefined) pick = headB ?? 0;
    else if (headB === undefined) pick = headA;
    else {
      const freeA = (posB.get(headA) ?? j) === j;
      const freeB = (posA.get(headB) ?? i) === i;
      if (freeA && !freeB) pick = headA;
      else if (freeB && !freeA) pick = headB;
      else pick = smaller(headA, headB);
    }
    out.push(slotOf(pick));
    placed.add(pick);
  }
  return out;
}
