// For the `ccsync launch` end-to-end tests (issue #4): a loopback sshd whose remote PATH holds a
// stand-in `claude` (records the command ssh received, its cwd, argv and pid, appends a line
// to the session it resumes, then exits, hangs, or waits for a go file) and a `tmux` that keeps
// its server under the remote HOME; and a local tmux server on its own socket that gives
// `ccsync launch` a real PTY. Processes are stopped by pid or through their own socket.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { shellQuote } from '../../src/transport/shell-quote.js';
import { CLI_PATH, makeSandbox, type Sandbox } from '../integration/cli-harness.js';
import { startSshd, type SshdFixture } from './sshd.js';
import { seededUuid, userLine } from './transcripts.js';

const STAND_IN = `#!/bin/sh
if [ "$1" = --version ]; then echo "2.1.197 (stand-in)"; exit 0; fi
r="$HOME/claude-run.txt"
{ printf 'command=%s\\n' "$SSH_ORIGINAL_COMMAND"; echo "cwd=$(pwd)"; for a in "$@"; do printf 'arg=%s\\n' "$a"; done
  if [ -t 0 ]; then echo tty=yes; else echo tty=no; fi; echo "pid=$$"; } > "$r.tmp"
id=""; prev=""; for a in "$@"; do if [ "$prev" = --resume ]; then id="$a"; fi; prev="$a"; done
# --continue / a new session: the test names the session the line goes to
if [ -z "$id" ]; then id=$(cat "$HOME/session-id"); fi
f=$(find "$HOME/.claude/projects/" -name "$id.jsonl" | head -n 1)
if [ -n "$f" ] && [ -f "$HOME/line1" ]; then cat "$HOME/line1" >> "$f"; fi
mv "$r.tmp" "$r"
mode=$(cat "$HOME/mode" 2>/dev/null)
if [ "$mode" = hang ]; then exec sleep 300; fi
if [ "$mode" = wait-go ]; then while [ ! -f "$HOME/go" ]; do sleep 0.1; done; cat "$HOME/line2" >> "$f"; exit 0; fi
exit 7
`;

export interface LaunchWorld {
  sshd: SshdFixture;
  cli: Sandbox;
  env: Record<string, string>;
  /** the local project (spaces, quotes, $ and unicode in its name) and its remote twin */
  localProject: string;
  remoteProject: string;
  sessionId: string;
  localSessionFile: string;
  /** the stand-in claude on the remote PATH (rename it to take claude away) */
  standInPath: string;
  /** a transcript line as claude on the remote would append it */
  remoteLine(seed: string): { uuid: string; text: string };
  /** key=value lines the stand-in recorded on its last start (undefined before) */
  lastRun(): Map<string, string[]> | undefined;
  /** run a shell command on the "remote" (this machine, the remote HOME), e.g. its tmux */
  remoteTmux(args: string[]): { status: number | null; stdout: string };
  stop(): Promise<void>;
}

export async function startLaunchWorld(): Promise<LaunchWorld> {
  const bin = realpathSync(mkdtempSync(join(tmpdir(), 'ccsync-launch-bin-')));
  writeFileSync(join(bin, 'claude'), STAND_IN, { mode: 0o755 });
  writeFileSync(join(bin, 'tmux'), '#!/bin/sh\nTMUX_TMPDIR="$HOME" exec /usr/bin/tmux "$@"\n', { mode: 0o755 });
  const sshd = await startSshd({ extraPath: bin });
  const cli = await makeSandbox();
  const env = { CCSYNC_SSH_COMMAND: sshd.sshCommand };
  const name = "proj 'q' $x é";
  const localProject = join(realpathSync(cli.home), 'code', name);
  const remoteProject = join(sshd.remoteHome, 'work', name);
  mkdirSync(localProject, { recursive: true });
  mkdirSync(remoteProject, { recursive: true });
  const sessionId = seededUuid('launch-session');
  const localSessionFile = join(cli.home, '.claude', 'projects', encodeProjectDir(localProject, process.platform), `${sessionId}.jsonl`);
  mkdirSync(join(localSessionFile, '..'), { recursive: true });
  const first = userLine({ uuid: seededUuid('l1'), parentUuid: null, sessionId, cwd: localProject, timestamp: '2026-05-01T10:00:00.000Z', text: 'plan it here' });
  writeFileSync(localSessionFile, `${JSON.stringify(first)}\n`);
  const ccsync = (args: string[]): void => {
    const result = spawnSync(process.execPath, [CLI_PATH, ...args], { env: { ...cli.env, ...env }, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`ccsync ${args.join(' ')}: ${result.stderr}`);
  };
  ccsync(['remote', 'add', 'pod', sshd.alias]);
  ccsync(['map', 'add', 'pod', join(realpathSync(cli.home), 'code'), join(sshd.remoteHome, 'work')]);
  writeFileSync(join(sshd.remoteHome, 'session-id'), sessionId);
  let seq = 0;
  return {
    sshd, cli, env, localProject, remoteProject, sessionId, localSessionFile, standInPath: join(bin, 'claude'),
    remoteLine: (seed) => {
      const uuid = seededUuid(`remote:${seed}`);
      const line = userLine({ uuid, parentUuid: seededUuid('l1'), sessionId, cwd: remoteProject, timestamp: `2026-05-01T11:00:${String(seq++).padStart(2, '0')}.000Z`, text: `on the pod: ${seed}` });
      return { uuid, text: `${JSON.stringify(line)}\n` };
    },
    lastRun: () => {
      const file = join(sshd.remoteHome, 'claude-run.txt');
      if (!existsSync(file)) return undefined;
      const fields = new Map<string, string[]>();
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        const at = line.indexOf('=');
        if (at > 0) fields.set(line.slice(0, at), [...(fields.get(line.slice(0, at)) ?? []), line.slice(at + 1)]);
      }
      return fields;
    },
    remoteTmux: (args) => {
      const result = spawnSync(join(bin, 'tmux'), args, { env: { HOME: sshd.remoteHome, PATH: '/usr/bin:/bin' }, encoding: 'utf8' });
      return { status: result.status, stdout: result.stdout };
    },
    stop: async () => {
      spawnSync(join(bin, 'tmux'), ['kill-server'], { env: { HOME: sshd.remoteHome, PATH: '/usr/bin:/bin' } });
      await sshd.stop();
      await cli.cleanup();
      rmSync(bin, { recursive: true, force: true });
    },
  };
}

/** `ccsync ARGS` in a pane of a local tmux server on its own socket: a real terminal. */
export interface PtyRun {
  /** ccsync's exit code once it is done */
  exitCode(): number | undefined;
  /** what the terminal shows (the last 300 lines) */
  screen(): string;
  /** pid of the ccsync node process (the pane's shell's child) */
  ccsyncPid(): number | undefined;
  stop(): void;
}

export function childPids(pid: number): number[] {
  const file = `/proc/${pid}/task/${pid}/children`;
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split(/\s+/).filter((word) => word !== '').map(Number);
}

export function runInPty(world: LaunchWorld, args: string[], cwd: string): PtyRun {
  const dir = mkdtempSync(join(tmpdir(), 'ccsync-pty-'));
  const socket = join(dir, 's');
  const exitFile = join(dir, 'exit');
  const env = { ...world.cli.env, ...world.env, TERM: 'xterm' };
  const exports = Object.entries(env).map(([key, value]) => `export ${key}=${shellQuote(value)}`).join('; ');
  const script = `${exports}; cd ${shellQuote(cwd)} && ${[process.execPath, CLI_PATH, ...args].map(shellQuote).join(' ')}; echo $? > ${shellQuote(exitFile)}; exec sleep 600`;
  const tmux = (more: string[]): string => spawnSync('tmux', ['-S', socket, ...more], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', TERM: 'xterm' } }).stdout;
  tmux(['new-session', '-d', '-x', '160', '-y', '50', 'sh', '-c', script]);
  const panePid = (): number | undefined => {
    const text = tmux(['display-message', '-p', '#{pane_pid}']).trim();
    return /^[0-9]+$/.test(text) ? Number(text) : undefined;
  };
  return {
    exitCode: () => (existsSync(exitFile) && readFileSync(exitFile, 'utf8').trim() !== '' ? Number(readFileSync(exitFile, 'utf8').trim()) : undefined),
    screen: () => tmux(['capture-pane', '-p', '-S', '-300']),
    ccsyncPid: () => {
      const shell = panePid();
      return shell === undefined ? undefined : childPids(shell)[0];
    },
    stop: () => {
      tmux(['kill-server']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` every 100 ms until it returns a value (bounded: these are e2e waits, not timings). */
export async function waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 30_000, screen?: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${screen ? `\n--- screen ---\n${screen()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
