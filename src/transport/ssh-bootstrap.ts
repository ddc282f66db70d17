// How the remote agent gets to run with nothing installed (issue #3): one ssh command runs a
// one-line POSIX sh script that executes the agent cached under ~/.cache/ccsync by content
// hash, or first reads the gzipped bundle from stdin (exactly N bytes, so the frames behind it
// stay for the agent), checks its hash and caches it. The script avoids newlines, `!` and
// backslashes so that csh and fish login shells pass it to sh unchanged.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/** Exit codes of the bootstrap script, before the agent speaks. */
export const BOOTSTRAP_EXIT = { noNode: 96, uploadFailed: 97, needAgent: 98 } as const;

export interface AgentBundle {
  readonly hash: string;
  readonly gzipped: Buffer;
}

let cached: AgentBundle | undefined;

/** The bundle built next to the CLI (dist/agent/ccsync-agent.cjs). */
export function agentBundle(): AgentBundle {
  if (cached) return cached;
  const source = readFileSync(new URL('../../agent/ccsync-agent.cjs', import.meta.url));
  let gzipped: Buffer | undefined;
  cached = {
    hash: createHash('sha256').update(source).digest('hex').slice(0, 32),
    // gzipped only when it is sent: a run whose remote has the agent cached skips it (~0.1 s)
    get gzipped() {
      gzipped ??= gzipSync(source, { level: 9 });
      return gzipped;
    },
  };
  return cached;
}

/** POSIX single quotes: the only quoting a remote shell cannot reinterpret. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'"'"'`)}'`;
}

// Reads exactly argv[2] bytes from fd 0 (never more: the frames that follow are the agent's),
// gunzips, checks the sha256 prefix against argv[3], writes atomically with mode 0600.
const LOADER = [
  "const fs=require('fs'),z=require('zlib'),c=require('crypto');",
  'const [a,n,h]=process.argv.slice(1);const N=Number(n);const b=Buffer.alloc(N);let o=0;',
  "while(o<N){let r=0;try{r=fs.readSync(0,b,o,N-o,null)}catch(e){if(e.code==='EAGAIN')continue;throw e}if(r===0)process.exit(3);o+=r}",
  "const s=z.gunzipSync(b);if(c.createHash('sha256').update(s).digest('hex').slice(0,32)!==h)process.exit(4);",
  "const t=a+'.'+process.pid+'.tmp';fs.writeFileSync(t,s,{mode:0o600});fs.renameSync(t,a)",
].join('');

/**
 * The remote command. Positional parameters carry every variable part, so nothing from the
 * config is pasted into the script: $1 hash, $2 upload length (0: use the cache), $3 Claude dir.
 */
export function bootstrapCommand(hash: string, uploadLength: number, claudeDir: string | undefined): string {
  const script = [
    'd="${XDG_CACHE_HOME:-$HOME/.cache}/ccsync"',
    'a="$d/agent-$1.cjs"',
    `command -v node >/dev/null 2>&1 || { echo "ccsync-bootstrap: no node on PATH" >&2; exit ${BOOTSTRAP_EXIT.noNode}; }`,
    // The loader (~450 bytes on the wire, every connection) goes only into an uploading command.
    ...(uploadLength > 0 ? [`if [ "$2" -gt 0 ]; then umask 077; mkdir -p "$d" && node -e ${shellQuote(LOADER)} "$a" "$2" "$1" || exit ${BOOTSTRAP_EXIT.uploadFailed}; fi`] : []),
    `[ -f "$a" ] || { echo "ccsync-bootstrap: agent not cached" >&2; exit ${BOOTSTRAP_EXIT.needAgent}; }`,
    'exec node "$a" "$3"',
  ].join('; ');
  return ['sh', '-c', shellQuote(script), 'ccsync', shellQuote(hash), String(uploadLength), shellQuote(claudeDir ?? '')].join(' ');
}
