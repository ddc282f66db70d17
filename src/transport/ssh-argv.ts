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

export type SshFailureKind = 'refused' | 'timeout' | 'host-unknown' | 'auth' | 'host-key' | 'no-ssh' | 'other';

/** The host and port ssh itself names (`connect to host H port P: …`), for ports that come from ~/.ssh/config. */
function connectTarget(stderr: string): { host: string; port: string } | undefined {
  const match = /connect to host (\S+) port (\d+)/.exec(stderr);
  return match?.[1] && match[2] ? { host: match[1], port: match[2] } : undefined;
}

/** What went wrong, from ssh's exit code and stderr, as one line that says what to do. */
export function classifySshFailure(
  stderr: string,
  where: { remote: string; endpoint: SshEndpoint; portHint?: string },
): { kind: SshFailureKind; message: string } {
  const host = where.endpoint.host;
  const seen = connectTarget(stderr);
  // The port ssh reports is the one it used, even when ~/.ssh/config or ProxyJump chose it.
  const port = where.endpoint.port === undefined ? seen?.port : String(where.endpoint.port);
  const target = `${host}${port ? ` port ${port}` : ''}${seen && seen.host !== host ? ` (${seen.host})` : ''}`;
  const lastLine = stderr.trim().split('\n').filter((line) => line.trim() !== '').pop() ?? 'ssh failed without a message';
  const fixPort = where.portHint ?? `\`ccsync remote set ${where.remote} --port N\``;
  const dest = `${where.endpoint.user ? `${where.endpoint.user}@` : ''}${host}`;
  if (/Connection refused/i.test(stderr)) {
    return { kind: 'refused', message: `remote '${where.remote}': connection to ${target} refused: the host is up but nothing listens there — if its port changed, run ${fixPort}` };
  }
  if (/timed out|No route to host|Network is unreachable/i.test(stderr)) {
    return { kind: 'timeout', message: `remote '${where.remote}': no answer from ${target}: the host is down or unreachable (check it is running, and your VPN/ZeroTier; if its port changed, run ${fixPort})` };
  }
  if (/Could not resolve hostname|Name or service not known/i.test(stderr)) {
    return { kind: 'host-unknown', message: `remote '${where.remote}': cannot resolve ${host}: check the name, or add a Host entry to ~/.ssh/config and \`ccsync remote set ${where.remote} --dest ALIAS\`` };
  }
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/i.test(stderr)) {
    return { kind: 'host-key', message: `remote '${where.remote}': the host key of ${target} has CHANGED since it was accepted (a reinstalled host, or someone in between): if you trust the new key, remove the old one with \`ssh-keygen -R ${host}\` and run \`ssh ${dest}\` once to check and accept it — ccsync never skips host-key checks` };
  }
  if (/Host key verification failed|No .* host key is known/i.test(stderr)) {
    return { kind: 'host-key', message: `remote '${where.remote}': the host key of ${target} is not known yet: run \`ssh ${dest}\` once to check and accept it — ccsync never skips host-key checks` };
  }
  const denied = /Permission denied \(([^)]*)\)/.exec(stderr);
  if (denied || /Too many authentication failures|passphrase/i.test(stderr)) {
    const methods = denied?.[1]?.split(',') ?? [];
    const passwordOnly = methods.length > 0 && !methods.includes('publickey');
    const need = passwordOnly
      ? `the server accepts only ${methods.join(', ')}, and ccsync runs ssh with BatchMode, which cannot type a password: set up a key (\`ssh-copy-id ${dest}\`)`
      : `no key was accepted, and ccsync runs ssh with BatchMode, which cannot ask for a password or a key's passphrase: load the key into ssh-agent (\`ssh-add KEY\`) or set IdentityFile in ~/.ssh/config (\`ssh -v ${dest} true\` shows which keys were tried)`;
    return { kind: 'auth', message: `remote '${where.remote}': authentication to ${target} failed: ${need}` };
  }
  return { kind: 'other', message: `remote '${where.remote}': ssh to ${target} failed: ${lastLine}` };
}
