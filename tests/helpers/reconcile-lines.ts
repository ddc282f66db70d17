// One session and its subagent on a laptop (/home/alice/p) and a remote (/Users/alice/p), for
// the reconcile tests: lines as each side spells them.
import { createPathMap } from '../../src/mapping/path-map.js';
import { at, line } from './merge-lines.js';

export const SID = '3f2b8c1e-7d4a-4e6b-9a1c-0d5e8f7a6b21';
export const T = `${SID}.jsonl`;
export const SUB = `${SID}/subagents/agent-a1.jsonl`;
export const map = createPathMap([{ local: '/home/alice/p', remote: '/Users/alice/p' }]);
/** a line as the laptop writes it */
export const l = (uuid: string, second: number, text = 'hi'): string => line({ uuid, timestamp: at(second * 1000), cwd: '/home/alice/p', message: text });
/** the same line as the remote writes it */
export const r = (uuid: string, second: number, text = 'hi'): string => l(uuid, second, text).replaceAll('/home/alice/p', '/Users/alice/p');
