// What `ccsync check` found, as a value (the `--json` document), and the problems it implies
// with what to do about each. Pure: no I/O here; src/cli/print/check-report.ts draws the table.
import { shown } from '../display-text.js';
import type { AgentInfo } from '../wire/agent-messages.js';
import type { SshFailureKind } from '../transport/ssh-argv.js';
import type { ClaudeDirFacts } from '../transport/check-probe.js';

export type EndpointRole = 'transfer' | 'interactive';

export type AgentCheck =
  | { ran: false; reason: string }
  | {
      ran: true;
      ok: true;
      agent: 'node' | 'sh';
      agentVersion: string;
      runtime: string;
      /** sent in this run, not cached */
      sent: boolean;
      /** the `info` answer; an agent that greets but fails `info` still moves files */
      info?: AgentInfo;
      infoError?: string;
    }
  | { ran: true; ok: false; error: string };

export interface Problem {
  level: 'error' | 'warning';
  /** what is wrong and what to do, in one line */
  message: string;
}

export interface EndpointCheck {
  roles: EndpointRole[];
  destination: string;
  reachable: boolean;
  /** why the endpoint is unusable (a reachable transfer endpoint whose agent fails has one too) */
  failure?: { kind: SshFailureKind | 'probe' | 'agent' | 'missing'; message: string };
  connectMs?: number;
  roundTripMs?: number;
  system?: { os: string; machine: string; arch: string; home: string };
  /** null: no node on the non-login PATH */
  node?: { path: string; version: string } | null;
  claudeDir?: ClaudeDirFacts;
  /** null: not on PATH nor in a usual install spot */
  claude?: { path: string; onPath: boolean; version: string | undefined; error: string | undefined } | null;
  agent?: AgentCheck;
  /** what the remote's shell printed before the probe ran (it would corrupt the agent's frames) */
  stdoutNoise?: string;
  problems: Problem[];
}

export interface CheckResult {
  remote: string;
  kind: 'ssh' | 'dir';
  /** the transfer endpoint works: the exit code is 0 */
  ok: boolean;
  endpoints: EndpointCheck[];
}

const LOW_SPACE_BYTES = 1024 ** 3;
/** the agent bundle's target (scripts/bundle-agent.mjs) */
const MIN_AGENT_NODE = 16;

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit] ?? 'B'}`;
}

function parentDir(path: string): string {
  const index = path.lastIndexOf('/');
  return index <= 0 ? '/' : path.slice(0, index);
}

/** The problems an endpoint's facts imply, each with its fix. */
export function problemsOf(remote: string, check: EndpointCheck): Problem[] {
  const problems: Problem[] = [];
  const where = `${check.roles.join(' + ')} endpoint ${check.destination}`;
  if (check.failure) problems.push({ level: 'error', message: `${where}: ${check.failure.message}` });
  if (check.stdoutNoise) {
    const first = check.stdoutNoise.split('\n')[0] ?? '';
    problems.push({
      level: 'warning',
      message: `${where}: the remote shell prints ${JSON.stringify(first)} before running a command, which corrupts ccsync's agent protocol — make ~/.bashrc (or your shell's rc file) print nothing when not interactive`,
    });
  }
  const dir = check.claudeDir;
  if (dir && !dir.exists) {
    problems.push({
      level: 'warning',
      message: `${where}: the Claude dir ${shown(dir.path)} does not exist yet; the first push creates it (if Claude Code keeps its data elsewhere there, \`ccsync remote set ${remote} --claude-dir DIR\`)`,
    });
  }
  if (dir?.writable === false) {
    problems.push({
      level: 'warning',
      message: `${where}: ccsync cannot write to ${shown(dir.measuredAt)} (${dir.notWritable ?? 'not writable'}): pulls work, but pushes and syncs will fail there — make it writable, or \`ccsync remote set ${remote} --claude-dir DIR\``,
    });
  }
  if (dir?.freeBytes !== undefined && dir.freeBytes < LOW_SPACE_BYTES) {
    problems.push({ level: 'warning', message: `${where}: only ${formatBytes(dir.freeBytes)} free at ${shown(dir.measuredAt)}; sessions can take hundreds of MB — free some space` });
  }
  if (check.roles.includes('interactive') && check.claude === null) {
    problems.push({
      level: 'warning',
      message: `${where}: \`claude\` is neither on PATH nor in ~/.local/bin, ~/.npm-global/bin, ~/.claude/local — install Claude Code there (\`npm install -g @anthropic-ai/claude-code\`, or the official installer)`,
    });
  }
  const claude = check.claude;
  if (check.roles.includes('interactive') && claude && !claude.onPath) {
    problems.push({
      level: 'warning',
      message: `${where}: \`claude\` is at ${shown(claude.path)} but not on the PATH of non-login shells (\`ssh HOST claude\` fails) — add \`export PATH="${parentDir(claude.path)}:$PATH"\` near the top of ~/.bashrc`,
    });
  }
  const nodeMajor = check.node ? Number(/^v([0-9]+)\./.exec(check.node.version)?.[1] ?? NaN) : NaN;
  if (check.roles.includes('transfer') && nodeMajor < MIN_AGENT_NODE) {
    problems.push({
      level: 'warning',
      message: `${where}: node ${shown(check.node?.version ?? '')} at ${shown(check.node?.path ?? '')} is older than the ${MIN_AGENT_NODE} ccsync's agent needs — install a newer Node.js there`,
    });
  }
  if (check.agent?.ran && check.agent.ok && check.agent.infoError) {
    problems.push({ level: 'warning', message: `${where}: the agent runs but its info request failed (${shown(check.agent.infoError)}); push and pull do not need it` });
  }
  if (claude?.error) problems.push({ level: 'warning', message: `${where}: \`${shown(claude.path)} --version\` failed (${shown(claude.error)}): reinstall Claude Code there` });
  return problems;
}
