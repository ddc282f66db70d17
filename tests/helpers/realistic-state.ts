// A Claude dir as a user's looks after some work in one project (for the README flow tests,
// issue #10): sessions made by the real Claude Code (offline, tests/helpers/claude-runner.ts),
// one more with a subagent transcript, a tool result and file history, settings.json, and a
// prompt history with entries for this project and for one no mapping covers.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { claudePrint } from './claude-e2e.js';
import type { FakeAnthropic } from './fake-anthropic.js';
import { makeTranscript, seededUuid } from './transcripts.js';

export interface RealisticState {
  /** every session id of the project, oldest first; the last one is the newest */
  sessions: string[];
  /** the session with a subagent, a tool result and file history */
  withCompanions: string;
  /** the first prompt of the newest session (the request of a resume must carry it) */
  firstPrompt: string;
  /** a prompt-history entry of a project no mapping covers: it must never leave the machine */
  privatePrompt: string;
  companions: string[];
}

function put(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

export async function makeRealisticState(api: FakeAnthropic, home: string, project: string, seed: string): Promise<RealisticState> {
  const claudeDir = join(home, '.claude');
  const dir = join(claudeDir, 'projects', encodeProjectDir(project, process.platform));
  const withCompanions = seededUuid(`${seed}:companions`);
  put(join(dir, `${withCompanions}.jsonl`), makeTranscript(withCompanions, project, 3, { title: 'Refactor the parser', start: '2026-01-02T00:00:00.000Z' }));
  const companions = [
    `projects/${encodeProjectDir(project, process.platform)}/${withCompanions}/subagents/agent-a1.jsonl`,
    `projects/${encodeProjectDir(project, process.platform)}/${withCompanions}/tool-results/toolu_01.txt`,
    `file-history/${withCompanions}/0123456789abcdef@v1`,
  ];
  put(join(claudeDir, companions[0] ?? ''), makeTranscript(withCompanions, project, 1, { seed: `${seed}:subagent` }));
  put(join(claudeDir, companions[1] ?? ''), `listing of ${project}/src\n`);
  put(join(claudeDir, companions[2] ?? ''), 'export const parser = 1;\n');
  put(join(claudeDir, 'settings.json'), `${JSON.stringify({ model: 'opus', permissions: { allow: [`Read(${project}/**)`] } }, null, 2)}\n`);
  const privatePrompt = `private note in ${seed}`;
  const history = [
    { display: 'fix the parser', pastedContents: {}, timestamp: Date.parse('2026-01-02T00:00:00.000Z'), project, sessionId: withCompanions },
    { display: privatePrompt, pastedContents: {}, timestamp: Date.parse('2026-01-02T00:01:00.000Z'), project: join(home, 'private'), sessionId: seededUuid(`${seed}:private`) },
  ];
  put(join(claudeDir, 'history.jsonl'), history.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
  const older = await claudePrint(api, home, project, [`first session in ${seed}`]);
  const firstPrompt = `newest session in ${seed}`;
  const newest = await claudePrint(api, home, project, [firstPrompt]);
  return { sessions: [withCompanions, older, newest], withCompanions, firstPrompt, privatePrompt, companions };
}
