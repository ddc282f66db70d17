// How the remote agent gets to run with nothing installed (issue #3): one ssh command runs a
// one-line POSIX sh script that executes the agent cached under ~/.cache/ccsync by content
// hash, or first reads the gzipped bundle from stdin (exactly N bytes, so the frames behind it
// stay for the agent), checks its hash and caches it. The script avoids newlines, `!` and
// backslashes so that csh and fish login shells pass it to sh unchanged.
// Without node the same script turns into the sh agent's loop (sh-agent-transport.ts): it
// skips the bundle bytes already sent, prints SH_GREETING, then runs one generated script per
// turn: `<length>\n<script>` arrives, the script reads its own framed data from stdin, and its
// whole output goes back as `R <length> <status>\n<output>` (exact, even if the script dies).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { shellQuote } from './shell-quote.js';

/** Exit codes of the bootstrap script, before the agent speaks. */
export const BOOTSTRAP_EXIT = { noNode: 96, uploadFailed: 97 } as const;

/**
 * Printed when the agent is not cached although the client believed it was (a pod's home is
 * wiped on restart): the client answers with agentRefill() on the same pipe,
 * so a refill costs no second connection (issue #3: one ssh process per run).
 */
export const AGENT_NEEDED = 'CCNEED1\n';

/** The first bytes the sh fallback prints (a node agent starts with a CCS1 frame instead). */
export const SH_GREETING = 'CCSH1\n';

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

// Reads exactly argv[2] bytes from fd 0 (never more: the frames that follow are the agent's),
// gunzips, checks the sha256 prefix against argv[3], writes atomically with mode 0600.
const LOADER = [
  "const fs=require('fs'),z=require('zlib'),c=require('crypto');",
  'const [a,n,h]=process.argv.slice(1);const N=Number(n);const b=Buffer.alloc(N);let o=0;',
  "while(o<N){let r=0;try{r=fs.readSync(0,b,o,N-o,null)}catch(e){if(e.code==='EAGAIN')continue;throw e}if(r===0)process.exit(3);o+=r}",
  "const s=z.gunzipSync(b);if(c.createHash('sha256').update(s).digest('hex').slice(0,32)!==h)process.exit(4);",
  "const t=a+'.'+process.pid+'.tmp';fs.writeFileSync(t,s,{mode:0o600});fs.renameSync(t,a)",
].join('');

// A read-only run (a dry run, `status`: issue #10, "write nothing anywhere") leaves no cached
// agent behind: the same bytes are read and checked, then compiled and run in this process
// (the bundle is CommonJS; argv becomes what `node agent.cjs CLAUDE_DIR` would see).
const RUNNER = [
  "const fs=require('fs'),z=require('zlib'),c=require('crypto'),M=require('module');",
  'const [a,n,h,d]=process.argv.slice(1);const N=Number(n);const b=Buffer.alloc(N);let o=0;',
  "while(o<N){let r=0;try{r=fs.readSync(0,b,o,N-o,null)}catch(e){if(e.code==='EAGAIN')continue;throw e}if(r===0)process.exit(3);o+=r}",
  "const s=z.gunzipSync(b);if(c.createHash('sha256').update(s).digest('hex').slice(0,32)!==h)process.exit(4);",
  "process.argv=[process.argv[0],a,d||''];const m=new M(a);m.filename=a;m._compile(s.toString('utf8'),a)",
].join('');

// Exactly $1 bytes of stdin into file $2. POSIX dd with count=1 does one read() of at most bs
// bytes, so it never takes bytes that belong to the next turn; a short read (pipes) just loops.
// wc -c measures what arrived; no progress means EOF.
const EXACT_READ =
  'x() { : >"$2" || return 1; s=0; while [ "$s" -lt "$1" ]; do b=$(($1-s)); [ "$b" -gt 65536 ] && b=65536; ' +
  'dd bs="$b" count=1 2>/dev/null >>"$2" || return 1; n=$(($(wc -c <"$2"))); [ "$n" -gt "$s" ] || return 1; s=$n; done; }';

// The sh agent's turn loop (no node on the remote): a private scratch dir under the cache dir,
// removed on exit; the bundle bytes already sent ($2) are skipped; each script's output is
// buffered in a file so that its length is known before it is sent.
// A read-only run keeps its scratch dir under $TMPDIR (removed on exit), not the cache dir.
function shLoop(readOnly: boolean): string {
  return [
    `for c in dd wc mkdir rm cat; do command -v $c >/dev/null 2>&1 || { echo "ccsync-bootstrap: no node on PATH (and no $c for the sh agent)" >&2; exit ${BOOTSTRAP_EXIT.noNode}; }; done`,
    'umask 077',
    ...(readOnly ? ['t="${TMPDIR:-/tmp}/ccsync-sh.$$"'] : ['mkdir -p "$d" || exit 95', 't="$d/sh.$$"']),
    'rm -rf "$t"',
    'mkdir "$t" || exit 95',
    'trap \'rm -rf "$t"\' EXIT',
    'trap \'exit 1\' HUP INT TERM PIPE',
    EXACT_READ,
    'x "$2" "$t/.upload" || exit 0',
    'rm -f "$t/.upload"',
    `printf '%s' ${shellQuote(SH_GREETING.trim())}`,
    'echo',
    'while read -r n; do x "$n" "$t/.script" || exit 0; sh "$t/.script" "$t" "$3" >"$t/.out"; r=$?; echo "R $(($(wc -c <"$t/.out"))) $r"; cat "$t/.out"; [ "$r" = 0 ] || exit "$r"; done',
    'exit 0',
  ].join('; ');
}

/**
 * The remote command. Positional parameters carry every variable part, so nothing from the
 * config is pasted into the script: $1 hash, $2 upload length (0: use the cache), $3 Claude dir.
 */
export function bootstrapCommand(hash: string, uploadLength: number, claudeDir: string | undefined, options: { shFallback?: boolean; readOnly?: boolean } = {}): string {
  // The sh loop is ~800 bytes on every connection; a remote known to have node (the client's
  // note from the last run) gets a command that only says so when node went missing, and the
  // client then connects once more with the loop (issue #3: no-change bytes ≤ rsync's).
  const readOnly = options.readOnly === true;
  const noNode = options.shFallback === false ? `exit ${BOOTSTRAP_EXIT.noNode}` : shLoop(readOnly);
  // read-only: the uploaded (or refilled) agent runs from memory and is not cached
  const upload = readOnly
    ? `if [ "$2" -gt 0 ]; then exec node -e ${shellQuote(RUNNER)} "$a" "$2" "$1" "$3"; fi`
    : `if [ "$2" -gt 0 ]; then umask 077; mkdir -p "$d" && node -e ${shellQuote(LOADER)} "$a" "$2" "$1" || exit ${BOOTSTRAP_EXIT.uploadFailed}; fi`;
  const refill = readOnly
    ? `read -r l && read -r n && exec node -e "$l" "$a" "$n" "$1" "$3"; exit ${BOOTSTRAP_EXIT.uploadFailed}`
    : `read -r l && read -r n && umask 077 && mkdir -p "$d" && node -e "$l" "$a" "$n" "$1" || exit ${BOOTSTRAP_EXIT.uploadFailed}`;
  const script = [
    'd="${XDG_CACHE_HOME:-$HOME/.cache}/ccsync"',
    'a="$d/agent-$1.cjs"',
    `command -v node >/dev/null 2>&1 || { ${noNode}; }`,
    // The loader (~450 bytes on the wire, every connection) goes only into an uploading command.
    ...(uploadLength > 0 ? [upload] : []),
    // A refill gets the loader (one line), the length and the bundle on stdin; `read` takes
    // stdin a byte at a time, so the bundle behind the two lines stays for the loader.
    `[ -f "$a" ] || { printf '%s' ${shellQuote(AGENT_NEEDED.trim())}; echo; ${refill}; }`,
    'exec node "$a" "$3"',
  ].join('; ');
  return ['sh', '-c', shellQuote(script), 'ccsync', shellQuote(hash), String(uploadLength), shellQuote(claudeDir ?? '')].join(' ');
}

/** What the client sends after AGENT_NEEDED: the loader line, the length line, the bundle. */
export function agentRefill(bundle: AgentBundle, readOnly = false): Buffer {
  return Buffer.concat([Buffer.from(`${readOnly ? RUNNER : LOADER}\n${bundle.gzipped.length}\n`), bundle.gzipped]);
}

/**
 * Watches the first bytes from the remote for AGENT_NEEDED (only when nothing was uploaded):
 * returns the bytes to pass on, or undefined while it cannot tell yet; calls `send` once.
 */
export function sniffAgentNeeded(uploaded: boolean, send: () => void): (chunk: Buffer) => Buffer | undefined {
  const marker = Buffer.from(AGENT_NEEDED);
  let head: Buffer | undefined = uploaded ? undefined : Buffer.alloc(0);
  return (chunk) => {
    if (head === undefined) return chunk;
    head = Buffer.concat([head, chunk]);
    const n = Math.min(head.length, marker.length);
    if (!head.subarray(0, n).equals(marker.subarray(0, n))) {
      const all = head;
      head = undefined;
      return all;
    }
    if (head.length < marker.length) return undefined;
    const rest = head.subarray(marker.length);
    head = undefined;
    send();
    return rest.length > 0 ? rest : undefined;
  };
}
