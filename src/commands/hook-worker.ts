// `ccsync hook-worker` (hidden): one hook's pull or push for one remote, started detached by
// hook-run.ts. It outlives Claude (a SessionEnd push runs after Claude exits: it first waits
// for Claude's pid), queues behind another run's lock instead of failing, and writes one line
// per outcome to the hooks log. A push already queued for the same remote and project covers
// this one (coalesced): per-turn Stop hooks never pile up.
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommandContext, ProcessIO } from './context.js';
import { newRunId } from '../agent/backups.js';
import { isPidAlive } from '../agent/live-sessions.js';
import { loadConfig } from '../config/config-file.js';
import { configPath, stateDir } from '../config/paths.js';
import { appendHookRecord, type HookRecord } from '../hooks/hook-log.js';
import { hookTargets } from '../hooks/hook-remotes.js';
import { isTranscriptKey } from '../planner/plan-keys.js';
import { runSyncPass } from '../sync/sync-pass.js';
import { openRemoteTransport } from '../transport/open-transport.js';
import { describeError } from '../errors.js';

export interface HookWorkerArgs {
  action: 'pull' | 'push';
  remote: string;
  /** the session's project (real path) */
  cwd: string;
  event: string;
  session: string;
  run: string;
  /** Claude's pid: a SessionEnd push starts when it has exited (bounded) */
  waitPid?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const CLAUDE_EXIT_WAIT_MS = 15_000;
const LOCK_WAIT_MS = 10 * 60_000;

/** The one describer (src/errors.ts): a system error in words, never errno text. */
function describe(error: unknown): string {
  return describeError(error);
}

export async function hookWorker(io: ProcessIO, args: HookWorkerArgs): Promise<number> {
  const state = stateDir(io.env, io.home);
  const started = Date.now();
  const log = (fields: Pick<HookRecord, 'status'> & Partial<HookRecord>): Promise<void> =>
    appendHookRecord(state, {
      at: new Date().toISOString(), event: args.event, remote: args.remote, action: args.action,
      session: args.session, cwd: args.cwd, run: args.run, ms: Date.now() - started, ...fields,
    }).catch(() => undefined);
  try {
    await work(io, args, state, log);
  } catch (error) {
    await log({ status: 'failed', message: describe(error) });
  }
  return 0;
}

type Log = (fields: Pick<HookRecord, 'status'> & Partial<HookRecord>) => Promise<void>;

async function work(io: ProcessIO, args: HookWorkerArgs, state: string, log: Log): Promise<void> {
  if (args.waitPid !== undefined) {
    const until = Date.now() + CLAUDE_EXIT_WAIT_MS;
    while (isPidAlive(args.waitPid) && Date.now() < until) await sleep(100);
  }
  const config = await loadConfig(configPath(io.env, io.home));
  const { targets, problems } = hookTargets(config, io.env, args.cwd, [args.remote]);
  const target = targets[0];
  if (target === undefined) {
    await log({ status: 'failed', message: problems[0]?.message ?? `remote '${args.remote}' does not map ${args.cwd}` });
    return;
  }
  const claim = args.action === 'push' ? await claimQueue(state, args) : undefined;
  if (claim === 'taken') {
    await log({ status: 'coalesced', message: 'a push queued for this remote and project carries this change too' });
    return;
  }
  const ctx: CommandContext = { ...io, config, stateDir: state };
  try {
    const transport = await openRemoteTransport(ctx, target.remote, newRunId());
    try {
      const envWait = Number(io.env['CCSYNC_HOOK_LOCK_WAIT_MS']);
      const pass = await runSyncPass(ctx, {
        remote: target.remote,
        transport,
        scope: target.scope,
        direction: args.action,
        lockWaitMs: Number.isFinite(envWait) && envWait > 0 ? envWait : LOCK_WAIT_MS,
        onWait: (message) => void log({ status: 'waiting', message }),
        onLocked: () => void claim?.release(),
      });
      const sessions = pass.written.filter((file) => file.side !== 'remote' && isTranscriptKey(file.key)).map((file) => file.key.slice(0, -'.jsonl'.length));
      const status = pass.failed > 0 ? 'failed' : pass.conflicts > 0 ? 'conflicts' : 'ok';
      await log({
        status,
        moved: { done: pass.done, bytes: pass.bytes, conflicts: pass.conflicts, skipped: pass.skipped, failed: pass.failed },
        ...(args.action === 'pull' ? { sessions } : {}),
        ...(pass.notes.length > 0 ? { message: pass.notes.slice(0, 3).join('; ') } : {}),
      });
    } finally {
      await transport.close();
    }
  } finally {
    await claim?.release();
  }
}

interface QueueClaim {
  release(): Promise<void>;
}

/** The push queued for this remote and project: a pid file; a live holder means "taken". */
async function claimQueue(state: string, args: HookWorkerArgs): Promise<QueueClaim | 'taken'> {
  const dir = join(state, 'hooks');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const key = createHash('sha256').update(args.cwd).digest('hex').slice(0, 16);
  const file = join(dir, `${args.remote}-${args.action}-${key}.queued`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      let released = false;
      return {
        async release(): Promise<void> {
          if (released) return;
          released = true;
          await unlink(file).catch(() => undefined);
        },
      };
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
    }
    const holder = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    if (isPidAlive(holder)) return 'taken';
    await unlink(file).catch(() => undefined);
  }
  return 'taken';
}
