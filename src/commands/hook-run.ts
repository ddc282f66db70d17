// `ccsync hook session-start|session-end|stop`: what Claude Code runs (issue #12). Rules from
// ../shared/claude-code-format.md ("Hooks"): exit 0 whatever happens, nothing on stdout
// unless the user must know (SessionStart stdout becomes model context; a JSON
// `systemMessage` is shown to the user instead), and be fast: the work runs in a detached
// worker per remote (hook-worker.ts) whose output goes to the state dir, never to Claude's
// pipes. SessionStart waits for its pulls up to the deadline, then lets them go on; SessionEnd
// and Stop return at once.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import type { ProcessIO } from './context.js';
import { loadConfig } from '../config/config-file.js';
import { configPath, stateDir } from '../config/paths.js';
import { claudePidFor } from '../hooks/claude-pid.js';
import type { HookStep, SelfCommand } from '../hooks/hook-command.js';
import { parseHookInput, type HookInput } from '../hooks/hook-input.js';
import { appendHookRecord, hookOutputPath, readHookRecords, type HookRecord } from '../hooks/hook-log.js';
import { hookTargets } from '../hooks/hook-remotes.js';
import { describeError } from '../errors.js';

export interface HookRunArgs {
  step: HookStep;
  remotes: string[];
  deadlineSeconds: number;
  /** the hook input: Claude writes one JSON object and closes stdin */
  readInput: () => Promise<string>;
  self: SelfCommand;
  /** the hook process's parent (Claude's shell) */
  parentPid: number;
}

/** The one describer (src/errors.ts): a system error in words, never errno text. */
function describe(error: unknown): string {
  return describeError(error);
}

function record(step: HookStep, fields: Omit<HookRecord, 'at' | 'event'>): HookRecord {
  return { at: new Date().toISOString(), event: step, ...fields };
}

/** What Claude should get on stdout: nothing, or a notice for the user (shown, not sent to the model). */
export interface HookRunResult {
  systemMessage?: string;
}

export async function hookRun(io: ProcessIO, args: HookRunArgs): Promise<HookRunResult> {
  const state = stateDir(io.env, io.home);
  const log = (fields: Omit<HookRecord, 'at' | 'event'>): Promise<void> => appendHookRecord(state, record(args.step, fields)).catch(() => undefined);
  try {
    const parsed = parseHookInput(await args.readInput());
    if (!parsed.ok) {
      await log({ remote: null, action: 'none', status: 'failed', message: parsed.error });
      return {};
    }
    return await dispatch(io, args, parsed.input, state, log);
  } catch (error) {
    await log({ remote: null, action: 'none', status: 'failed', message: `internal error: ${describe(error)}` });
    return {};
  }
}

type Log = (fields: Omit<HookRecord, 'at' | 'event'>) => Promise<void>;

async function dispatch(io: ProcessIO, args: HookRunArgs, input: HookInput, state: string, log: Log): Promise<HookRunResult> {
  const base = { session: input.session_id, cwd: input.cwd };
  let config;
  try {
    config = await loadConfig(configPath(io.env, io.home));
  } catch (error) {
    await log({ remote: null, action: 'none', status: 'failed', ...base, message: describe(error) });
    return {};
  }
  // Claude names a project by realpath(cwd) (shared notes, "The directory name")
  const project = await realpath(input.cwd).catch(() => input.cwd);
  const { targets, problems } = hookTargets(config, io.env, project, args.remotes);
  const action = args.step === 'session-start' ? 'pull' : 'push';
  for (const problem of problems) await log({ remote: problem.remote, action, status: 'failed', ...base, message: problem.message });
  if (targets.length === 0) {
    if (problems.length === 0) await log({ remote: null, action: 'none', status: 'skipped', ...base, message: `no remote maps ${project}` });
    return {};
  }
  const waitPid = args.step === 'session-end' ? claudePidFor(args.parentPid) : undefined;
  const workers = targets.map((target) => {
    const run = randomUUID();
    const child = startWorker(io, state, args.self, [
      '--action', action, '--remote', target.remote.name, '--cwd', project, '--event', args.step, '--session', input.session_id, '--run', run,
      ...(waitPid !== undefined ? ['--wait-pid', String(waitPid)] : []),
    ]);
    return { run, remote: target.remote.name, child };
  });
  if (args.step !== 'session-start') {
    for (const worker of workers) worker.child.unref();
    return {};
  }
  const finished = await waitUntil(workers.map((worker) => worker.child), args.deadlineSeconds * 1000);
  const records = await readHookRecords(state);
  const pulledIntoThis: string[] = [];
  for (const [index, worker] of workers.entries()) {
    if (!finished[index]) {
      worker.child.unref();
      await log({ remote: worker.remote, action, status: 'detached', ...base, message: `not done after ${args.deadlineSeconds} s: the pull goes on in the background` });
      continue;
    }
    const done = records.filter((entry) => entry.run === worker.run).pop();
    if (done?.sessions?.includes(input.session_id)) pulledIntoThis.push(worker.remote);
  }
  // Claude loads a resumed transcript before SessionStart runs (ARCHITECTURE.md, "Hooks"): lines
  // pulled into it now are not in this conversation. The user must know; the model need not.
  if (input.source === 'resume' && pulledIntoThis.length > 0) {
    const from = pulledIntoThis.map((name) => `'${name}'`).join(', ');
    return { systemMessage: `ccsync pulled new turns of this session from ${from} after Claude had loaded it; they are not in this conversation. Exit and run \`claude --resume ${input.session_id}\` again to continue from them.` };
  }
  return {};
}

function startWorker(io: ProcessIO, state: string, self: SelfCommand, words: string[]): ChildProcess {
  mkdirSync(state, { recursive: true, mode: 0o700 });
  const out = openSync(hookOutputPath(state), 'a', 0o600);
  try {
    // detached + stdio to a file: the worker outlives this hook and never holds Claude's pipes open
    return spawn(self.node, [self.cli, 'hook-worker', ...words], { detached: true, stdio: ['ignore', out, out], env: { ...io.env } });
  } finally {
    closeSync(out);
  }
}

/** Which children exited within `ms` (each index true/false). */
function waitUntil(children: ChildProcess[], ms: number): Promise<boolean[]> {
  const exited = children.map((child) => child.exitCode !== null || child.signalCode !== null);
  return new Promise((resolve) => {
    const check = (): void => {
      if (exited.every(Boolean)) finish();
    };
    const timer = setTimeout(() => finish(), ms);
    const finish = (): void => {
      clearTimeout(timer);
      resolve([...exited]);
    };
    children.forEach((child, index) => {
      child.once('exit', () => {
        exited[index] = true;
        check();
      });
      child.once('error', () => {
        exited[index] = true;
        check();
      });
    });
    check();
  });
}
