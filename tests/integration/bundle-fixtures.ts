// Shared by the export/import integration tests: a session in HOME A with every companion Claude
// writes (subagent, tool result, file-history backups — one binary, one an `.env` with a secret —,
// tasks, session-env), paths of the project and the home in its lines, and a key in a prompt.
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTranscript, seededUuid } from '../helpers/transcripts.js';
import { addSession, dirOf, OLD_MTIME, type Store } from './move-fixtures.js';
import { fileFieldValues } from '../helpers/jsonl-fields.js';

export const SID = seededUuid('export-test-session');
// assembled, so this file holds no token-shaped string
export const GITHUB_TOKEN = ['ghp', 'Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2'].join('_');

export interface Exported {
  project: string;
  transcript: string;
  /** rel paths (to the Claude dir, with projects/<dir>/ dropped for project files) and their bytes */
  companions: Record<string, Buffer>;
}

export function makeSessionWithCompanions(s: Store, project: string): Exported {
  mkdirSync(project, { recursive: true });
  const secretLine = {
    parentUuid: null, isSidechain: false, type: 'user', uuid: seededUuid('secret-line'), sessionId: SID, cwd: project,
    timestamp: '2026-02-01T00:00:00.000Z', version: '2.1.197',
    message: { role: 'user', content: `push with ${GITHUB_TOKEN}; config in ${join(s.sandbox.home, '.claude', 'settings.json')}` },
  };
  const body = makeTranscript(SID, project, 2) + `${JSON.stringify(secretLine)}\n`;
  const transcript = addSession(s, project, SID, body);
  const dir = dirOf(s, project);
  const companions: Record<string, Buffer> = {
    [`${SID}/subagents/agent-a1.jsonl`]: Buffer.from(`${JSON.stringify({ parentUuid: null, isSidechain: true, type: 'user', uuid: 'sub-1', sessionId: SID, agentId: 'a1', cwd: project, message: { role: 'user', content: `look at ${project}/src` } })}\n`),
    [`${SID}/subagents/agent-a1.meta.json`]: Buffer.from('{"agentType":"general-purpose"}'),
    [`${SID}/tool-results/toolu_01.txt`]: Buffer.from(`listing of ${project}\n`),
    [`file-history/${SID}/aaaaaaaaaaaaaaaa@v1`]: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 0xff]),
    [`file-history/${SID}/bbbbbbbbbbbbbbbb@v1`]: Buffer.from(`DEBUG=1\nGITHUB_TOKEN=${GITHUB_TOKEN}\n`),
    [`tasks/${SID}/1.json`]: Buffer.from('{"id":"1","subject":"ship it","status":"pending"}'),
    [`session-env/${SID}/sessionstart-hook-0.sh`]: Buffer.from(`export PATH=${project}/bin:$PATH\n`),
  };
  for (const [rel, data] of Object.entries(companions)) {
    const abs = rel.startsWith(`${SID}/`) ? join(dir, rel) : join(s.claudeDir, rel);
    mkdirSync(join(abs, '..'), { recursive: true, mode: 0o700 });
    writeFileSync(abs, data, { mode: 0o600 });
    utimesSync(abs, OLD_MTIME, OLD_MTIME);
  }
  return { project, transcript, companions };
}

export function cwdsOf(file: string): string[] {
  return fileFieldValues(file, 'cwd');
}
