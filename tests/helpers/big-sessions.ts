// Sessions big enough that a first sync takes the grouped write route (src/sync/grouped-writes.ts:
// 32 MB and more of copies): every line names the project path, as Claude's `cwd` does.
import { seededUuid, toJsonl, userLine } from './transcripts.js';

/** One transcript of about `bytes`, its lines ~4 KB, each with `cwd` and a path below it. */
export function bigTranscript(sessionId: string, cwd: string, bytes: number, seed: string): string {
  const filler = `${seed} `.repeat(Math.ceil(3800 / (seed.length + 1))).slice(0, 3800);
  const lines = [];
  let parent: string | null = null;
  for (let index = 0, size = 0; size < bytes; index++) {
    const uuid = seededUuid(`${seed}:${index}`);
    const line = userLine({ uuid, parentUuid: parent, sessionId, cwd, timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString(), text: `${filler} ${cwd}/src/f${index}.ts` });
    lines.push(line);
    size += JSON.stringify(line).length + 1;
    parent = uuid;
  }
  return toJsonl(lines);
}
