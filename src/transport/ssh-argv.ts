// The system ssh client's argv (issue #3): the user's own OpenSSH does the connecting, so
// ~/.ssh/config, the agent, ProxyJump and known_hosts apply. Host-key checking is never
// weakened; BatchMode stops ssh from asking for a password it cannot get. Failures are turned
// into one line that names the endpoint and says what to do (model: unjs/giget).
import { ExitError } from '../errors.js';

export interface SshEndpoint {
  user?: string;
  host: string;
  port?: number;
}

/** Split `CCSYNC_SSH_COMMAND` / `ssh_command` into words like git does for GIT_SSH_COMMAND. */
export function splitCommandWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && i + 1 < text.length) word += text.charAt(++i);
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (char === '\\' && i + 1 < text.length) {
      word += text.charAt(++i);
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote) throw new ExitError(`ssh command ${JSON.stringify(text)} has an unclosed ${quote} quote`);
  if (inWord) words.push(word);
  return words;
}

export interface SshInvocation {
  program: string;
  args: string[];
}

export function sshInvocation(
  endpoint: SshEndpoint,
  remoteCommand: string,
  options: { sshCommand?: string | undefined; batchMode: boolean; pty: boolean },
): SshInvocation {
  if (endpoint.host.startsWith('-')) throw new ExitError(`host ${JSON.stringify(endpoint.host)} starts with '-': refusing it as an ssh option`);
  const words = splitCommandWords(options.sshCommand ?? 'ssh');
  const program = words[0];
  if (program === undefined) throw new ExitError('the ssh command is empty: set CCSYNC_SSH_COMMAND or ssh_command to e.g. "ssh -i ~/.ssh/key"');
  const args = [...words.slice(1)];
  args.push(options.pty ? '-t' : '-T');
  if (options.batchMode) args.push('-o', 'BatchMode=yes');
  args.push('-o', 'ConnectTimeout=20', '-o', 'ServerAliveInterval=15', '-o', 'ServerAliveCountMax=4');
  if (endpoint.port !== undefined) args.push('-p', String(endpoint.port));
  if (endpoint.user !== undefined) args.push('-l', endpoint.user);
  args.push('--', endpoint.host, remoteCommand);
  return { program, args };
}

export type SshFailureKind = 'refused' | 'timeout' | 'host-unknown' | 'auth' | 'host-key' | 'closed' | 'no-ssh' | 'other';

/** `ssh: connect to host H port N: …`: where ssh really tried (an alias's HostName and Port). */
function connectTarget(stderr: string): { host: string; port: number } | undefined {
  const match = /connect to host (\S+) port (\d+):/.exec(stderr) ?? /Connection to (\S+) port (\d+) timed out/.exec(stderr);
  return match?.[1] && match[2] ? { host: match[1], port: Number(match[2]) } : undefined;
}

/**
 * What went wrong, from ssh's stderr, as one line that says what to do (issue #4: `check`
 * tells "port closed" from "host down" from "auth failed"). The host and port are those ssh
 * reports when it says them, so an ssh-config alias shows its real HostName and Port.
 */
export function classifySshFailure(
  stderr: string,
  where: { remote: string; endpoint: SshEndpoint; portHint?: string },
): { kind: SshFailureKind; message: string } {
  const seen = connectTarget(stderr);
  const host = seen?.host ?? where.endpoint.host;
  const port = seen?.port ?? where.endpoint.port;
  const target = `${host}${port ? ` port ${port}` : ''}`;
  const lastLine = stderr.trim().split('\n').filter((line) => line.trim() !== '').pop() ?? 'ssh failed without a message';
  const fixPort = where.portHint ?? `\`ccsync remote set ${where.remote} --port N\``;
  if (/Connection refused/i.test(stderr)) {
    return { kind: 'refused', message: `port ${port ?? 22} closed on ${host}: the host is up but nothing listens there; the pod may have restarted with a new port — ${fixPort}` };
  }
  if (/during banner exchange/i.test(stderr)) {
    return { kind: 'timeout', message: `${target} took the connection but no ssh server answered in time: a firewall or proxy in between, or the server is overloaded (check the host and port)` };
  }
  if (/timed out|No route to host|Network is unreachable|Host is unreachable/i.test(stderr)) {
    return { kind: 'timeout', message: `no answer from ${target}: the host is down or unreachable (check it is running, and your VPN/ZeroTier)` };
  }
  if (/Could not resolve hostname|Name or service not known|nodename nor servname|Temporary failure in name resolution/i.test(stderr)) {
    return { kind: 'host-unknown', message: `cannot resolve ${where.endpoint.host}: check the name, or add a Host entry to ~/.ssh/config and \`ccsync remote set ${where.remote} --dest ALIAS\`` };
  }
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED/i.test(stderr)) {
    // ssh names the known_hosts file and the key's name there (a HostKeyAlias, [host]:port)
    const remove = /^\s*(ssh-keygen -f .+ -R .+?)\s*$/m.exec(stderr)?.[1] ?? `ssh-keygen -R ${host}`;
    return { kind: 'host-key', message: `the host key of ${target} CHANGED: either the machine was re-created (a new pod) or someone is in between — verify the new key, then \`${remove}\` and \`ssh ${where.endpoint.host}\` once (ccsync never skips host-key checks)` };
  }
  if (/Host key verification failed|No .* host key is known/i.test(stderr)) {
    return { kind: 'host-key', message: `the host key of ${target} is unknown or changed: run \`ssh ${where.endpoint.host}\` once to check and accept it (ccsync never skips host-key checks)` };
  }
  if (/Permission denied|Too many authentication failures|passphrase/i.test(stderr)) {
    return { kind: 'auth', message: `authentication to ${target} failed: ccsync runs ssh with BatchMode, so it cannot ask for a password or passphrase — run \`ssh ${where.endpoint.host}\` once to check the login, load your key with \`ssh-add\`, or set IdentityFile in ~/.ssh/config` };
  }
  if (/Connection closed by|Connection reset by|kex_exchange_identification/i.test(stderr)) {
    return { kind: 'closed', message: `${target} closed the connection before login: a proxy whose target is down, or a server that refuses this client (try \`ssh -v ${where.endpoint.host}\`)` };
  }
  return { kind: 'other', message: `ssh to ${target} failed: ${lastLine}` };
}
