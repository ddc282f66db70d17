// The system ssh client's argv (issue #3): the user's own OpenSSH does the connecting, so
// ~/.ssh/config, the agent, ProxyJump and known_hosts apply. Host-key checking is never
// weakened; BatchMode stops ssh from asking for a password it cannot get. Failures are turned
// into one line that names the endpoint and says what to do (model: unjs/giget).
import { ExitError } from '../errors.js';
import { shellQuote } from './shell-quote.js';

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
  options: { sshCommand?: string | undefined; batchMode: boolean; pty: boolean; extraOptions?: readonly string[] },
): SshInvocation {
  if (endpoint.host.startsWith('-')) throw new ExitError(`host ${JSON.stringify(endpoint.host)} starts with '-': refusing it as an ssh option`);
  const words = splitCommandWords(options.sshCommand ?? 'ssh');
  const program = words[0];
  if (program === undefined) throw new ExitError('the ssh command is empty: set CCSYNC_SSH_COMMAND or ssh_command to e.g. "ssh -i ~/.ssh/key"');
  const args = [...words.slice(1)];
  args.push(options.pty ? '-t' : '-T');
  if (options.batchMode) args.push('-o', 'BatchMode=yes');
  args.push('-o', 'ConnectTimeout=20', '-o', 'ServerAliveInterval=15', '-o', 'ServerAliveCountMax=4');
  if (options.extraOptions) args.push(...options.extraOptions);
  if (endpoint.port !== undefined) args.push('-p', String(endpoint.port));
  if (endpoint.user !== undefined) args.push('-l', endpoint.user);
  args.push('--', endpoint.host, remoteCommand);
  return { program, args };
}

/**
 * The command a user runs by hand to reach the same server ccsync tried: their ssh program and
 * options (CCSYNC_SSH_COMMAND / ssh_command: -i, -J, -F …), the port, the user and host — so
 * accepting a host key there trusts the server ccsync talks to, not whatever answers on port 22.
 * Without BatchMode: the point is that ssh may ask.
 */
export function manualSshCommand(endpoint: SshEndpoint, sshCommand: string | undefined, extra: { options?: string[]; remoteCommand?: string } = {}): string {
  const words = [...splitCommandWords(sshCommand ?? 'ssh'), ...(extra.options ?? [])];
  if (endpoint.port !== undefined) words.push('-p', String(endpoint.port));
  words.push(`${endpoint.user ? `${endpoint.user}@` : ''}${endpoint.host}`);
  if (extra.remoteCommand !== undefined) words.push(extra.remoteCommand);
  return words.map((word) => (/^[A-Za-z0-9_@%+=:,./~-]+$/.test(word) ? word : shellQuote(word))).join(' ');
}

export type SshFailureKind = 'refused' | 'timeout' | 'host-unknown' | 'auth' | 'host-key' | 'closed' | 'no-ssh' | 'other';

/** The host and port ssh itself names (`connect to host H port P: …`): an alias's real HostName and Port. */
function connectTarget(stderr: string): { host: string; port: string } | undefined {
  const match = /connect to host (\S+) port (\d+):/.exec(stderr) ?? /Connection to (\S+) port (\d+) timed out/.exec(stderr);
  return match?.[1] && match[2] ? { host: match[1], port: match[2] } : undefined;
}

/**
 * What went wrong, from ssh's stderr, as one line that says what to do (issue #4: `check`
 * tells "port closed" from "host down" from "auth failed"). The port is the one ssh reports
 * when it says it, so a port from ~/.ssh/config or ProxyJump is named right.
 */
export function classifySshFailure(
  stderr: string,
  where: { remote: string; endpoint: SshEndpoint; portHint?: string; sshCommand?: string | undefined },
): { kind: SshFailureKind; message: string } {
  const host = where.endpoint.host;
  const seen = connectTarget(stderr);
  const port = where.endpoint.port === undefined ? seen?.port : String(where.endpoint.port);
  const target = `${host}${port ? ` port ${port}` : ''}${seen && seen.host !== host ? ` (${seen.host})` : ''}`;
  const lastLine = stderr.trim().split('\n').filter((line) => line.trim() !== '').pop() ?? 'ssh failed without a message';
  const fixPort = where.portHint ?? `\`ccsync remote set ${where.remote} --port N\``;
  const dest = `${where.endpoint.user ? `${where.endpoint.user}@` : ''}${host}`;
  const manual = manualSshCommand(where.endpoint, where.sshCommand);
  const verbose = manualSshCommand(where.endpoint, where.sshCommand, { options: ['-v'], remoteCommand: 'true' });
  const copyId = `ssh-copy-id ${where.endpoint.port !== undefined ? `-p ${where.endpoint.port} ` : ''}${dest}`;
  const failure = (kind: SshFailureKind, text: string): { kind: SshFailureKind; message: string } => ({ kind, message: `remote '${where.remote}': ${text}` });
  if (/Connection refused/i.test(stderr)) {
    return failure('refused', `connection to ${target} refused: port ${port ?? 22} is closed though the host is up; the pod may have restarted with a new port — ${fixPort}`);
  }
  if (/during banner exchange/i.test(stderr)) {
    return failure('timeout', `${target} took the connection but no ssh server answered in time: a firewall or proxy in between, or the server is overloaded (check the host and port)`);
  }
  if (/timed out|No route to host|Network is unreachable|Host is unreachable/i.test(stderr)) {
    return failure('timeout', `no answer from ${target}: the host is down or unreachable (check it is running, and your VPN/ZeroTier; if its port changed: ${fixPort})`);
  }
  if (/Could not resolve hostname|Name or service not known|nodename nor servname|Temporary failure in name resolution/i.test(stderr)) {
    return failure('host-unknown', `cannot resolve ${host}: check the name, or add a Host entry to ~/.ssh/config and \`ccsync remote set ${where.remote} --dest ALIAS\``);
  }
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/i.test(stderr)) {
    // ssh names the known_hosts file and the key's name there (a HostKeyAlias, [host]:port)
    // (known_hosts names a non-standard port's key `[host]:port`)
    const keyName = where.endpoint.port !== undefined && where.endpoint.port !== 22 ? shellQuote(`[${host}]:${where.endpoint.port}`) : host;
    const remove = /^\s*(ssh-keygen -f .+ -R .+?)\s*$/m.exec(stderr)?.[1] ?? `ssh-keygen -R ${keyName}`;
    return failure('host-key', `the host key of ${target} has CHANGED since it was accepted (a re-created pod, or someone in between): if you trust the new key, \`${remove}\` and run \`${manual}\` once to check and accept it — ccsync never skips host-key checks`);
  }
  if (/Host key verification failed|No .* host key is known/i.test(stderr)) {
    return failure('host-key', `the host key of ${target} is not known yet: run \`${manual}\` once to check and accept it — ccsync never skips host-key checks`);
  }
  const denied = /Permission denied \(([^)]*)\)/.exec(stderr);
  if (denied || /Too many authentication failures|passphrase/i.test(stderr)) {
    const methods = denied?.[1]?.split(',') ?? [];
    const passwordOnly = methods.length > 0 && !methods.includes('publickey');
    const need = passwordOnly
      ? `the server accepts only ${methods.join(', ')}, and ccsync runs ssh with BatchMode, which cannot type a password: set up a key (\`${copyId}\`)`
      : `no key was accepted, and ccsync runs ssh with BatchMode, which cannot ask for a password or a key's passphrase: load the key into ssh-agent (\`ssh-add KEY\`) or set IdentityFile in ~/.ssh/config (\`${verbose}\` shows which keys were tried)`;
    return failure('auth', `authentication to ${target} failed: ${need}`);
  }
  if (/Connection closed by|Connection reset by|kex_exchange_identification/i.test(stderr)) {
    return failure('closed', `${target} closed the connection before login: a proxy whose target is down, or a server that refuses this client (try \`${verbose}\`)`);
  }
  return failure('other', `ssh to ${target} failed: ${lastLine}`);
}
