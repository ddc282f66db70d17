// Which line of one side's group is which line of the other's. Keyed lines (uuid, timestamped
// bytes) are the same line wherever they sit; lines known only by their bytes are paired by
// a heaviest common subsequence, so equal lines pair up in order and the pairing never
// contradicts either side's order (pairing the i-th copy with the i-th copy can).

export interface Token {
  /** the line's index on its side */
  index: number;
  /** `k:<key>` or `p:<bytes>`: equal tokens are candidates for the same line */
  token: string;
  keyed: boolean;
}

export interface Alignment {
  /** chain position in a → chain position in b, and back */
  aToB: Map<number, number>;
  bToA: Map<number, number>;
}

/** Above this many table cells the pairing falls back to i-th copy with i-th copy. */
const MAX_LCS_CELLS = 1 << 20;

function pair(alignment: Alignment, i: number, j: number): void {
  alignment.aToB.set(i, j);
  alignment.bToA.set(j, i);
}

/**
 * Heaviest common subsequence over a[start..endA) and b[start..endB). A keyed pair outweighs
 * every bytes-only pair together, so lines paired by bytes never contradict the keyed lines'
 * order. Ties between skipping a[i] and skipping b[j] skip the larger token, so swapping the
 * sides gives the same pairs.
 */
function lcsAlign(a: readonly Token[], b: readonly Token[], alignment: Alignment, start: number, endA: number, endB: number): void {
  const n = endA - start;
  const m = endB - start;
  const width = m + 1;
  const keyedWeight = n + m + 1;
  const table = new Float64Array((n + 1) * width);
  const at = (i: number, j: number): number => table[i * width + j] ?? 0;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const ta = a[start + i];
      const skip = Math.max(at(i + 1, j), at(i, j + 1));
      // Equal tokens: pairing them is always part of some heaviest subsequence.
      table[i * width + j] = ta !== undefined && ta.token === b[start + j]?.token ? at(i + 1, j + 1) + (ta.keyed ? keyedWeight : 1) : skip;
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const ta = a[start + i]?.token ?? '';
    const tb = b[start + j]?.token ?? '';
    if (ta === tb) {
      pair(alignment, start + i, start + j);
      i++;
      j++;
      continue;
    }
    const skipA = at(i + 1, j);
    const skipB = at(i, j + 1);
    if (skipA > skipB || (skipA === skipB && ta > tb)) i++;
    else j++;
  }
}

function occurrenceAlign(a: readonly Token[], b: readonly Token[], alignment: Alignment, start: number, endA: number, endB: number): void {
  const free = new Map<string, number[]>();
  for (let j = start; j < endB; j++) {
    const token = b[j]?.token ?? '';
    const list = free.get(token);
    if (list) list.push(j);
    else free.set(token, [j]);
  }
  for (let i = start; i < endA; i++) {
    const j = free.get(a[i]?.token ?? '')?.shift();
    if (j !== undefined) pair(alignment, i, j);
  }
}

export function alignChains(a: readonly Token[], b: readonly Token[]): Alignment {
  const alignment: Alignment = { aToB: new Map(), bToA: new Map() };
  // Equal heads and equal tails always belong to some longest common subsequence.
  let start = 0;
  while (start < a.length && start < b.length && a[start]?.token === b[start]?.token) {
    pair(alignment, start, start);
    start++;
  }
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1]?.token === b[endB - 1]?.token) {
    endA--;
    endB--;
    pair(alignment, endA, endB);
  }
  if ((endA - start) * (endB - start) <= MAX_LCS_CELLS) lcsAlign(a, b, alignment, start, endA, endB);
  else occurrenceAlign(a, b, alignment, start, endA, endB);
  // A keyed line left unpaired because the sides order it differently is still one line.
  const unpairedB = new Map<string, number>();
  b.forEach((token, j) => {
    if (token.keyed && !alignment.bToA.has(j)) unpairedB.set(token.token, j);
  });
  a.forEach((token, i) => {
    if (!token.keyed || alignment.aToB.has(i)) return;
    const j = unpairedB.get(token.token);
    if (j !== undefined) pair(alignment, i, j);
  });
  return alignment;
}
