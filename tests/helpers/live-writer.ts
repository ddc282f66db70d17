// A program other than ccsync writing a session while ccsync syncs it (issue #13: "live writers
// on both sides"): it appends JSONL lines, chained by parentUuid, each with open-append-close as
// Claude Code does — but, unlike Claude Code, some lines in two writes with a pause between, so
// a line is visibly half-written at times. Lines come in bursts with pauses between. Runs until SIGTERM, finishes the line it is writing,
// then prints how many lines it wrote. argv: file sessionId cwd tag seed
import { appendFileSync } from 'node:fs';
import { seededRandom } from './kill-schedule.js';

const [file = '', sessionId = '', cwd = '', tag = '', seedText = '1'] = process.argv.slice(2);
const random = seededRandom(Number(seedText));
let stopping = false;
process.on('SIGTERM', () => {
  stopping = true;
});

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

let parent: string | null = null;
let written = 0;
while (!stopping) {
  const uuid = `${tag}-${String(written).padStart(5, '0')}`;
  const line = `${JSON.stringify({ parentUuid: parent, type: written % 2 ? 'assistant' : 'user', message: { role: written % 2 ? 'assistant' : 'user', content: `${tag} line ${written} in ${cwd}/src/app.ts ${'x'.repeat(Math.floor(random() * 2000))}` }, uuid, timestamp: new Date().toISOString(), cwd, sessionId })}\n`;
  if (random() < 0.35) {
    const cut = 1 + Math.floor(random() * (line.length - 2));
    appendFileSync(file, line.slice(0, cut));
    await pause(Math.floor(random() * 15));
    appendFileSync(file, line.slice(cut));
  } else appendFileSync(file, line);
  parent = uuid;
  written++;
  // bursts of a few lines (a turn), then a pause (the model thinking), as a session goes
  await pause(random() < 0.3 ? 150 + Math.floor(random() * 600) : Math.floor(random() * 20));
}
process.stdout.write(`${written}\n`);
