// What `ccsync check` found, as a value (the `--json` document), the problems it implies with
// what to do about each, and the table people read. Pure: no I/O here.
import { formatColumns, shown } from '../output.js';
import type { AgentInfo } from '../../wire/agent-messages.js';
import type { SshFailureKind } from '../../transport/ssh-argv.js';

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
  claudeDir?: { path: string; exists: boolean; symlink: boolean; freeBytes: number | undefined; measuredAt: string };
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

function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
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

function reachableCell(check: EndpointCheck): string {
  if (!check.reachable) return `no (${check.failure?.kind ?? 'failed'})`;
  const parts = [check.connectMs === undefined ? undefined : `connect ${formatMs(check.connectMs)}`, check.roundTripMs === undefined ? undefined : `round trip ${formatMs(check.roundTripMs)}`];
  const timing = parts.filter((part) => part !== undefined).join(', ');
  return timing ? `yes: ${timing}` : 'yes';
}

function agentCell(agent: AgentCheck): string {
  if (!agent.ran) return agent.reason;
  if (!agent.ok) return `failed: ${shown(agent.error)}`;
  const answered = agent.info ? 'answered' : 'started, info failed';
  return `${agent.agent} agent ${agent.agentVersion} on ${agent.runtime} ${answered} (${agent.sent ? 'sent in this run' : 'cached on the remote'})`;
}

function endpointRows(check: EndpointCheck): string[][] {
  const rows: string[][] = [[`${check.roles.join(' + ')}`, check.destination], ['  reachable', reachableCell(check)]];
  if (check.system) rows.push(['  system', `${check.system.os} ${check.system.machine}${check.system.arch === check.system.machine ? '' : ` (${check.system.arch})`}`]);
  if (check.node !== undefined) rows.push(['  node', check.node ? `${check.node.version} at ${shown(check.node.path)}` : 'none: the sh fallback agent will be used']);
  const dir = check.claudeDir;
  if (dir) {
    const free = dir.freeBytes === undefined ? 'free space unknown' : `${formatBytes(dir.freeBytes)} free`;
    rows.push(['  claude dir', `${shown(dir.path)}: ${dir.exists ? 'exists' : 'missing'}${dir.symlink ? ' (a symlink)' : ''}, ${free}`]);
  }
  if (check.claude !== undefined) {
    const claude = check.claude;
    rows.push([
      '  claude',
      claude === null
        ? 'not found'
        : `${claude.version ? shown(claude.version) : 'version unknown'} at ${shown(claude.path)}${claude.onPath ? ' (on PATH)' : ' (not on PATH)'}`,
    ]);
  }
  if (check.agent) rows.push(['  agent', agentCell(check.agent)]);
  return rows;
}

/** The table for stdout: one block per endpoint. */
export function formatCheck(result: CheckResult): string[] {
  const rows = result.endpoints.flatMap(endpointRows);
  return [`remote ${result.remote} (${result.kind}): ${result.ok ? 'ok' : 'transfer endpoint failed'}`, ...formatColumns(rows)];
}

/** The problems for stderr, one line each. */
export function formatProblems(result: CheckResult): string[] {
  return result.endpoints.flatMap((check) => check.problems.map((problem) => `${problem.level}: ${problem.message}`));
}
