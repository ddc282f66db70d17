// Starting the agent over ssh (issue #3): the bootstrap command, the bundle when the remote
// has no copy, and the wait for the agent's greeting — a node agent's hello frame, the sh
// agent's greeting, or a failure said in one line (no node, a full home, a shell that prints
// at start-up, a master that hangs). ssh-transport.ts builds the transport on what comes back.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { describeError, ExitError } from '../errors.js';
import { helloSchema, type Hello } from '../wire/agent-messages.js';
import { agentBundle, agentRefill, bootstrapCommand, BOOTSTRAP_EXIT, sniffAgentNeeded } from './ssh-bootstrap.js';
import { sniffShGreeting } from './sh-agent/turn-reader.js';
import { classifySshFailure, sshInvocation, type SshEndpoint } from './ssh-argv.js';
import { controlOptions, REUSE_HELLO_MS, type ControlSocket } from './ssh-reuse.js';
import { FrameDecoder, type Frame } from '../wire/wire-frames.js';
import { nowMs } from '../timeline.js';

export interface SshOptions {
  remoteName: string;
  endpoint: SshEndpoint;
  sshCommand?: string | undefined;
  claudeDir?: string | undefined;
  /** the agent bundle is believed cached on the remote: send none of it */
  agentCached: boolean;
  /** the last run found node there: leave the sh fallback loop out of the command (retried with it if node is gone) */
  expectNode?: boolean;
  /** how to fix a changed port, e.g. "`export RUNPOD_PORT=…`" */
  portHint?: string;
  /** no answer for this long while a request is pending → the connection is declared dead */
  idleTimeoutMs?: number;
  /** no agent greeting this long after starting ssh → give up (default 120 s) */
  helloTimeoutMs?: number;
  /** a run that writes nothing (dry run, status): an agent sent now runs from memory, uncached */
  readOnly?: boolean;
  /** connect through (or become) ccsync's master on this socket (ssh-reuse.ts) */
  control?: ControlSocket | undefined;
}

/** A started agent: the ssh child, what it said first, and the decoder holding what followed. */
export interface Greeted {
  child: ChildProcessWithoutNullStreams;
  /** the last 16 KB ssh wrote to stderr */
  stderr: () => string;
  decoder: FrameDecoder;
  greeting: { hello: Hello; rest: Frame[] } | { sh: Buffer };
  /** the bundle went over this connection (sent up front, or asked for by the bootstrap) */
  uploaded: boolean;
  spawnedMs: number;
}

/** Start ssh with the bootstrap and wait for the agent's greeting. */
export async function greetAgent(options: SshOptions, upload: boolean, shFallback: boolean): Promise<Greeted> {
  const bundle = agentBundle();
  const command = bootstrapCommand(bundle.hash, upload ? bundle.gzipped.length : 0, options.claudeDir, { shFallback, readOnly: options.readOnly === true });
  const extraOptions = options.control ? controlOptions(options.control.path) : [];
  const { program, args } = sshInvocation(options.endpoint, command, { sshCommand: options.sshCommand, batchMode: true, pty: false, extraOptions });
  const spawnedMs = nowMs();
  const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  releaseStderrOnExit(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-16_384);
  });
  child.stdin.on('error', () => undefined); // reported through the exit below
  if (upload) child.stdin.write(bundle.gzipped);
  const decoder = new FrameDecoder();
  // What came before the hello, to show when it is not a frame (a shell's start-up output).
  let early = Buffer.alloc(0);
  const sniff = sniffShGreeting();
  let refilled = false;
  // The cache was believed present but is gone: the bootstrap asks, the bundle follows.
  const refill = sniffAgentNeeded(upload, () => {
    refilled = true;
    child.stdin.write(agentRefill(bundle, options.readOnly === true));
  });
  const greeting = await new Promise<{ hello: Hello; rest: Frame[] } | { sh: Buffer }>((resolve, reject) => {
    const fail = (error: Error): void => {
      cleanup();
      // The other end may be anything (a shell printing a banner, a hostile program that
      // never exits): without this the run would wait on it forever after reporting.
      child.kill('SIGTERM');
      child.stdout.destroy();
      child.stdin.destroy();
      reject(error);
    };
    const onData = (received: Buffer): void => {
      if (early.length < 200) early = Buffer.concat([early, received]).subarray(0, 200);
      const data = refill(received);
      if (data === undefined) return;
      const seen = sniff(data);
      if (seen === 'wait') return;
      if ('sh' in seen) {
        cleanup();
        return resolve(seen);
      }
      const chunk = seen.node;
      try {
        const frames = decoder.push(chunk);
        const first = frames.shift();
        if (first === undefined) return;
        const parsed = helloSchema.safeParse(first.header);
        if (!parsed.success) return fail(new ExitError(`remote '${options.remoteName}' answered with an unknown agent greeting; is it another ccsync version?`));
        cleanup();
        resolve({ hello: parsed.data, rest: frames });
      } catch (error) {
        fail(new ExitError(`remote '${options.remoteName}': ${describeError(error)}`));
      }
    };
    const onError = (error: NodeJS.ErrnoException): void => {
      fail(new ExitError(error.code === 'ENOENT' ? `cannot run ${program}: not found — install OpenSSH or set CCSYNC_SSH_COMMAND` : describeError(error)));
    };
    const onExit = (code: number | null): void => {
      if (code === BOOTSTRAP_EXIT.noNode && !shFallback) return fail(new NodeMissing());
      if (code === BOOTSTRAP_EXIT.noNode) return fail(new ExitError(`remote '${options.remoteName}' has no node on its PATH; ccsync's agent needs Node.js >= 16 there (install it, e.g. from your distribution)`));
      if (code === BOOTSTRAP_EXIT.uploadFailed) return fail(new ExitError(`remote '${options.remoteName}': could not store ccsync's agent under ~/.cache/ccsync (disk full or read-only home?): ${stderr.trim()}`));
      if (early.length > 0) {
        const shown = JSON.stringify(early.toString('utf8').slice(0, 60));
        return fail(new ExitError(`remote '${options.remoteName}' printed ${shown} and ended instead of starting ccsync's agent (exit ${String(code)}): check its shell start-up files and that the command is not replaced (ForceCommand)`));
      }
      const where = { remote: options.remoteName, endpoint: options.endpoint, sshCommand: options.sshCommand, ...(options.portHint ? { portHint: options.portHint } : {}) };
      fail(new ExitError(classifySshFailure(stderr, where).message));
    };
    // ssh's ConnectTimeout bounds the connection, not a remote that connects and stays silent.
    const helloTimeoutMs = options.helloTimeoutMs ?? 120_000;
    const timer = setTimeout(
      () => fail(new ExitError(`remote '${options.remoteName}': connected, but ccsync's agent did not start within ${Math.round(helloTimeoutMs / 1000)} s`)),
      helloTimeoutMs,
    );
    // Through a master that was already there, the greeting comes in well under a second.
    const reuseTimer = options.control?.existed ? setTimeout(() => fail(new MasterHung()), REUSE_HELLO_MS) : undefined;
    const cleanup = (): void => {
      clearTimeout(timer);
      clearTimeout(reuseTimer);
      child.stdout.off('data', onData);
      child.off('error', onError);
      child.off('exit', onExit);
    };
    child.stdout.on('data', onData);
    child.on('error', onError);
    child.on('exit', onExit);
  });
  return { child, stderr: () => stderr, decoder, greeting, uploaded: upload || refilled, spawnedMs };
}

/** The short command found no node: connect again with the sh fallback loop. */
export class NodeMissing extends Error {}

/** An existing master took the session and gave no greeting in time. */
export class MasterHung extends Error {}

/**
 * A ProxyCommand that ssh started keeps ssh's stderr (our pipe) open for as long as it lives,
 * and with ControlPersist that is the master's lifetime: once ssh itself has exited and its
 * last words were read, the pipe is let go so that this process can end.
 */
function releaseStderrOnExit(child: ChildProcessWithoutNullStreams): void {
  child.once('exit', () => {
    setTimeout(() => child.stderr.destroy(), 50).unref();
  });
}
