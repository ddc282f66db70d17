// Start-up cost (issue #11: `ccsync --version` and `ccsync status` with no remote within 1.5×
// of `node -e 0`), and the kept-connection polls: medians of several runs, interleaved so a
// burst of load from other jobs hits every command alike.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { measuredEnv } from './harness.js';

// package.json's bin, as a user runs it
const CLI = fileURLToPath(new URL('../src/cli/ccsync.cjs', import.meta.url));
const KEPT = fileURLToPath(new URL('./kept-connection.js', import.meta.url));

export interface StartupFigures {
  runs: number;
  nodeMs: number;
  versionMs: number;
  statusMs: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

function wallMs(argv: string[], env: Record<string, string>): number {
  const started = process.hrtime.bigint();
  spawnSync(argv[0] ?? '', argv.slice(1), { env: measuredEnv(env), stdio: 'ignore' });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

export function measureStartup(runs = 11): StartupFigures {
  const home = mkdtempSync(join(tmpdir(), 'ccsync-bench-startup-'));
  // a HOME with no config: `status` stops at "no remotes are configured" (exit 2) after loading everything it needs
  const env = { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_STATE_HOME: join(home, '.local', 'state'), XDG_CACHE_HOME: join(home, '.cache') };
  const times = { node: [] as number[], version: [] as number[], status: [] as number[] };
  try {
    wallMs([process.execPath, CLI, '--version'], env); // a first run may fill caches
    for (let run = 0; run < runs; run++) {
      times.node.push(wallMs([process.execPath, '-e', '0'], env));
      times.version.push(wallMs([process.execPath, CLI, '--version'], env));
      times.status.push(wallMs([process.execPath, CLI, 'status'], env));
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  return { runs, nodeMs: median(times.node), versionMs: median(times.version), statusMs: median(times.status) };
}

const keptSchema = z.object({ openMs: z.number(), pollsMs: z.array(z.number()), actions: z.number() });
export type KeptFigures = z.infer<typeof keptSchema> & { medianPollMs: number };

/** The kept-connection polls (kept-connection.ts) with the bench's environment. */
export async function measureKeptConnection(env: Record<string, string>, polls = 7): Promise<KeptFigures> {
  const child = spawn(process.execPath, [KEPT, String(polls)], { env: measuredEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`kept-connection polls failed (exit ${String(code)}): ${stderr.trim()}`);
  const figures = keptSchema.parse(JSON.parse(stdout));
  // the first poll warms the JIT on both ends: a watch pays it once
  return { ...figures, medianPollMs: median(figures.pollsMs.slice(1)) };
}

export function startupLines(startup: StartupFigures, kept: KeptFigures | undefined): string {
  const ratio = (ms: number): string => `${(ms / startup.nodeMs).toFixed(2)}×`;
  const lines = [
    `| command | median wall (${startup.runs} runs) | vs node -e 0 |`,
    '|---|---|---|',
    `| node -e 0 | ${startup.nodeMs.toFixed(0)} ms | 1.00× |`,
    `| ccsync --version | ${startup.versionMs.toFixed(0)} ms | ${ratio(startup.versionMs)} |`,
    `| ccsync status (no remote) | ${startup.statusMs.toFixed(0)} ms | ${ratio(startup.statusMs)} |`,
  ];
  if (kept) {
    lines.push('', `No change over a kept connection: opened in ${kept.openMs.toFixed(0)} ms, polls ${kept.pollsMs.map((ms) => ms.toFixed(0)).join(', ')} ms (median after the first ${kept.medianPollMs.toFixed(0)} ms), ${kept.actions} action(s).`);
  }
  return lines.join('\n');
}
