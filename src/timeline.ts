// Where a run's time goes, for `npm run bench` (issue #11: "a phase timeline so the next
// regression is visible"). Off unless the entry point turns it on (CCSYNC_TIMELINE=FILE): then
// each phase records spans in ms since the process started (performance.now()), and the entry
// point writes them to FILE as one JSON document. Recording costs one array push per span.

export interface Span {
  phase: string;
  startMs: number;
  endMs: number;
}

let spans: Span[] | undefined;

export function enableTimeline(): void {
  spans ??= [];
}

export function timelineSpans(): readonly Span[] {
  return spans ?? [];
}

/** Milliseconds since the process started (performance's time origin). */
export function nowMs(): number {
  return performance.now();
}

/** Record a span that was measured elsewhere (e.g. from a remote's own clock). */
export function recordSpan(phase: string, startMs: number, endMs: number): void {
  spans?.push({ phase, startMs, endMs });
}

/** Time `work` as one span of `phase` (also when it fails). */
export async function timed<T>(phase: string, work: () => Promise<T>): Promise<T> {
  if (spans === undefined) return work();
  const startMs = nowMs();
  try {
    return await work();
  } finally {
    recordSpan(phase, startMs, nowMs());
  }
}

/** The synchronous form of `timed`. */
export function timedSync<T>(phase: string, work: () => T): T {
  if (spans === undefined) return work();
  const startMs = nowMs();
  try {
    return work();
  } finally {
    recordSpan(phase, startMs, nowMs());
  }
}
