// The table people read for what `ccsync check` found (src/commands/check-result.ts has the
// value and the problems it implies). Pure: no I/O here.
import { formatBytes, type AgentCheck, type CheckResult, type EndpointCheck } from '../../commands/check-result.js';
import type { ProcessIO } from '../../commands/context.js';
import { EXIT } from '../../errors.js';
import { formatColumns, shown, writeJson, writeLine } from '../output.js';

function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
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
    const writable = dir.writable === undefined ? '' : dir.writable ? ', writable' : `, NOT writable (${dir.notWritable ?? 'unknown reason'})`;
    rows.push(['  claude dir', `${shown(dir.path)}: ${dir.exists ? 'exists' : 'missing'}${dir.symlink ? ' (a symlink)' : ''}, ${free}${writable}`]);
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

/** The table (or the `--json` document) on stdout, the problems on stderr; exit 1 when the transfer endpoint fails. */
export function printCheck(io: Pick<ProcessIO, 'stdout' | 'stderr'>, result: CheckResult, json: boolean): number {
  if (json) writeJson(io, result);
  else for (const line of formatCheck(result)) writeLine(io.stdout, line);
  for (const line of formatProblems(result)) writeLine(io.stderr, line);
  return result.ok ? EXIT.ok : EXIT.error;
}
