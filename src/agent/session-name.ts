// Which `*.jsonl` files directly in a project dir are transcripts. Claude Code names a session
// `<id>.jsonl` with a lowercase UUID (randomUUID; ../shared/claude-code-format.md, "Where
// things live"); older releases wrote subagents beside it as `agent-<agentId>.jsonl`. Any other
// name (`..jsonl`, `notes.jsonl`, an upper-case copy) is not a session: taken for one, `..jsonl`
// would make session `.` whose companion tree is the whole project dir (issue #13, defect 6).
// Node builtins only: shipped to remotes with the agent, also used by the sh agent's client side.

const SESSION_FILE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.jsonl$/;
const LEGACY_AGENT_FILE = /^agent-[A-Za-z0-9_-]+\.jsonl$/;

export type TranscriptFileKind = 'session' | 'legacy-agent' | 'other';

export function transcriptFileKind(name: string): TranscriptFileKind {
  if (SESSION_FILE.test(name)) return 'session';
  if (LEGACY_AGENT_FILE.test(name)) return 'legacy-agent';
  return 'other';
}

/** The one warning for a `*.jsonl` name that is left alone. */
export function notSessionWarning(relPath: string): string {
  return `${relPath}: not named like a Claude Code session (<uuid>.jsonl); left alone`;
}
