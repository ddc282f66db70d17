// The phase timeline of each ccsync run (issue #11): ccsync writes its spans when
// CCSYNC_TIMELINE=FILE is set (src/timeline.ts); the bench prints, per scenario, when each
// phase started and ended (ms since the process started) and how long it was busy in total
// (phases such as compress run several times, overlapping others).
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

const spanSchema = z.object({ phase: z.string(), startMs: z.number(), endMs: z.number() });
export const timelineSchema = z.object({ spans: z.array(spanSchema), endMs: z.number() });
export type Timeline = z.infer<typeof timelineSchema>;

/** The phases in the order a run goes through them; manifests, reads and writes per side. */
export const PHASES = [
  ['start-up', ['start-up']],
  ['connect', ['connect']],
  ['agent start', ['agent start']],
  ['manifest local', ['manifest local']],
  ['manifest remote', ['manifest remote']],
  ['read', ['read local', 'read remote']],
  ['rewrite', ['rewrite']],
  ['compress', ['compress']],
  ['write local', ['write local']],
  ['write remote', ['write remote']],
  ['close', ['close']],
] as const;

export function readTimeline(file: string): Timeline | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = timelineSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : undefined;
}

/** "from–to (busy)" in ms for one phase, or "–" when the run did not go through it. */
export function phaseCell(timeline: Timeline, names: readonly string[]): string {
  const spans = timeline.spans.filter((span) => names.includes(span.phase));
  if (spans.length === 0) return '–';
  const start = Math.min(...spans.map((span) => span.startMs));
  const end = Math.max(...spans.map((span) => span.endMs));
  const busy = spans.reduce((sum, span) => sum + span.endMs - span.startMs, 0);
  const range = `${start.toFixed(0)}–${end.toFixed(0)}`;
  return spans.length > 1 && Math.abs(busy - (end - start)) > 1 ? `${range} (${spans.length}×, ${busy.toFixed(0)} busy)` : range;
}

export function timelineTable(rows: ReadonlyArray<{ title: string; timeline: Timeline | undefined }>): string {
  const head = ['scenario', ...PHASES.map(([name]) => name), 'exit'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const row of rows) {
    if (!row.timeline) continue;
    const timeline = row.timeline;
    lines.push(`| ${[row.title, ...PHASES.map(([, names]) => phaseCell(timeline, names)), timeline.endMs.toFixed(0)].join(' | ')} |`);
  }
  return lines.join('\n');
}
