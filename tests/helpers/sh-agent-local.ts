// The sh agent run locally, exactly as the remote runs it: the bootstrap command through
// `sh -c`, with a PATH of the tools the sshd fixture offers (no node), under dash or
// `bash --posix`. Lets unit tests compare its answers with the node agent's on the same files.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bootstrapCommand, SH_GREETING } from '../../src/transport/ssh-bootstrap.js';
import { ShAgentTransport } from '../../src/transport/sh-agent-transport.js';

/** The no-node PATH of tests/helpers/sshd.ts (SH_TOOLS), minus the shells (sh is set below). */
export const SH_AGENT_TOOLS = ['cat', 'head', 'tail', 'mkdir', 'mv', 'rm', 'ls', 'stat', 'find', 'sha256sum', 'cksum', 'gzip', 'od', 'dd', 'wc', 'printf', 'env', 'date', 'sort', 'tr', 'cut', 'awk', 'sed', 'touch', 'chmod', 'cp', 'ln', 'test', 'expr', 'sleep', 'df', 'uname', 'id', 'tee', 'xargs', 'sync', 'basename', 'dirname', 'truncate'];

export type Shell = 'dash' | 'bash';

export interface LocalShAgentOptions {
  shell: Shell;
  /** a scratch dir for the bin dir */
  dir: string;
  home: string;
  claudeDir?: string;
  /** tools to leave out (e.g. sha256sum: the window fallback; gzip) */
  without?: string[];
  /** a `head` that does not say GNU: stdin is then read with the portable dd loop */
  plainHead?: boolean;
  env?: Record<string, string>;
  /** shell words run before the bootstrap (e.g. `ulimit -f 160;` for a disk that fills up) */
  before?: string;
}

export function makeBin(dir: string, shell: Shell, without: string[] = [], plainHead = false): string {
  const bin = join(dir, `bin-${shell}-${without.join('-') || 'all'}${plainHead ? '-plainhead' : ''}`);
  if (existsSync(bin)) return bin;
  mkdirSync(bin, { recursive: true });
  for (const tool of SH_AGENT_TOOLS) {
    if (without.includes(tool) || (plainHead && tool === 'head')) continue;
    const found = ['/usr/bin', '/bin'].map((base) => join(base, tool)).find((path) => existsSync(path));
    if (found) symlinkSync(found, join(bin, tool));
  }
  if (plainHead) writeFileSync(join(bin, 'head'), '#!/bin/sh\n[ "$1" = --version ] && exit 1\nexec /usr/bin/head "$@"\n', { mode: 0o755 });
  if (shell === 'dash') symlinkSync('/bin/dash', join(bin, 'sh'));
  else writeFileSync(join(bin, 'sh'), '#!/bin/bash\nexec /bin/bash --posix "$@"\n', { mode: 0o755 });
  return bin;
}

export async function startLocalShAgent(options: LocalShAgentOptions): Promise<ShAgentTransport> {
  const bin = makeBin(options.dir, options.shell, options.without, options.plainHead);
  const command = `${options.before ?? ''}${bootstrapCommand('0'.repeat(32), 0, options.claudeDir)}`;
  const program = options.shell === 'dash' ? '/bin/dash' : '/bin/bash';
  const args = options.shell === 'dash' ? ['-c', command] : ['--posix', '-c', command];
  const child = spawn(program, args, { env: { PATH: bin, HOME: options.home, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const rest = await new Promise<Buffer>((resolve, reject) => {
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      if (head.length < SH_GREETING.length) return;
      child.stdout.off('data', onData);
      if (head.toString('latin1', 0, SH_GREETING.length) !== SH_GREETING) reject(new Error(`no sh greeting: ${head.toString('latin1')} ${stderr}`));
      else resolve(head.subarray(SH_GREETING.length));
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`bootstrap exited ${code}: ${stderr}`)));
  });
  return new ShAgentTransport(child, { label: `sh:${options.shell}`, rest, stderr: () => stderr });
}
