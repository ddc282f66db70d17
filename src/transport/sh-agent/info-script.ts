// `ccsync check` over the sh agent: what the node agent's `info` answers (os, the Claude dir,
// its free space, `claude --version`), from uname, df -P and the claude on the remote PATH.
import type { AgentInfo } from '../../wire/agent-messages.js';
import { PRELUDE, shText } from './prelude.js';
import type { ShRecord } from './records.js';

export type ShInfo = AgentInfo & { tools: Record<string, string> };

const INFO_BODY = String.raw`
hello >"$T/h"; rec H "$T/h"
printf '%s' "$(uname -sr 2>/dev/null)" >"$T/i"; rec O "$T/i"
if [ -d "$C" ]; then recs Y 1; dir=$C; else recs Y 0; dir=$HOME; fi
df -Pk -- "$dir" 2>/dev/null | awk 'NR == 2 { printf "%s", $4 }' >"$T/i"; rec F "$T/i"
if command -v claude >/dev/null 2>&1; then claude --version 2>/dev/null | head -n 1 >"$T/i"; rec V "$T/i"; recs P "$(command -v claude)"; fi
`;

export function infoScript(): string {
  return `${PRELUDE}${shText(INFO_BODY)}`;
}

export function parseInfo(records: ShRecord[]): ShInfo {
  const text = (tag: string): string | undefined => records.find((record) => record.tag === tag)?.data.toString('utf8').trim();
  const tools: Record<string, string> = {};
  for (const line of (text('H') ?? '').split('\n')) {
    const [key = '', ...value] = line.split('\t');
    if (key) tools[key] = value.join('\t');
  }
  const free = Number(text('F'));
  const version = text('V');
  const where = text('P');
  return {
    os: text('O') ?? 'unknown',
    claudeDirExists: text('Y') === '1',
    ...(Number.isSafeInteger(free) && (text('F') ?? '') !== '' ? { freeBytes: free * 1024 } : {}),
    ...(version ? { claudeVersion: version } : {}),
    ...(where ? { claudePath: where } : {}),
    tools,
  };
}
