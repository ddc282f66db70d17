// The remote half of `ccsync check` (issue #3): one POSIX sh script per endpoint, run over one
// ssh command, printing `key=value` lines that are parsed here from unknown text. Like the
// bootstrap (ssh-bootstrap.ts), the script has no newline, `!`, backslash or single quote, so
// csh and fish login shells hand it to sh unchanged, and every variable part is a positional
// parameter: $1 is the configured Claude dir ('' for the remote's default).
import * as z from 'zod';
import { shellQuote } from './shell-quote.js';

/** The first line the script prints, once the remote shell runs: the connect time ends here. */
export const READY_LINE = 'ccsync-check=ready';
/** Sent after the pings: the script stops echoing and probes. */
export const GO_LINE = 'go';

/**
 * Where Claude Code's installers put `claude` when it is not on a non-login shell's PATH:
 * the native installer (~/.local/bin), npm with a user prefix (~/.npm-global/bin), the old
 * local install (~/.claude/local/claude), Homebrew and /usr/local.
 */
export const CLAUDE_SPOTS = ['$HOME/.local/bin/claude', '$HOME/.npm-global/bin/claude', '$HOME/.claude/local/claude', '/usr/local/bin/claude', '/opt/homebrew/bin/claude'];

const SCRIPT = [
  'kv() { printf "%s=%s" "$1" "$2"; echo; }',
  `echo ${READY_LINE}`,
  // the round trips: each line read is echoed back at once, until "go"
  `while IFS= read -r l; do [ "$l" = ${GO_LINE} ] && break; kv pong "$l"; done`,
  'exec </dev/null',
  'kv os "$(uname -s)"',
  'kv machine "$(uname -m)"',
  'kv home "$HOME"',
  'if command -v node >/dev/null 2>&1; then kv node "$(command -v node)"; kv node_version "$(node --version 2>&1 | head -n 1)"; fi',
  // the agent's own rule (agent-main.ts agentRoot): the configured dir, CLAUDE_CONFIG_DIR, ~/.claude
  'd="${1:-${CLAUDE_CONFIG_DIR:-$HOME/.claude}}"',
  'kv claude_dir "$d"',
  'if [ -d "$d" ]; then kv claude_dir_exists yes; else kv claude_dir_exists no; fi',
  'if [ -L "$d" ]; then kv claude_dir_symlink yes; fi',
  // free space where the dir is, or would be made: its nearest existing ancestor
  'p="$d"; until [ -z "$p" ] || [ -d "$p" ]; do case "$p" in */*) p="${p%/*}";; *) p=.;; esac; done; [ -n "$p" ] || p=/',
  'kv df_path "$p"',
  'kv df "$(df -Pk -- "$p" 2>/dev/null | tail -n 1)"',
  // can this user write there (issue #10 item 4)? An empty file made and removed at once
  'w="$p/.ccsync-check-$$.tmp"; if e="$(touch -- "$w" 2>&1)"; then rm -f -- "$w"; kv writable yes; else kv writable no; kv writable_error "$e"; fi',
  'c=""; o=no',
  `if command -v claude >/dev/null 2>&1; then c="$(command -v claude)"; o=yes; else for f in ${CLAUDE_SPOTS.map((spot) => `"${spot}"`).join(' ')}; do if [ -x "$f" ]; then c="$f"; break; fi; done; fi`,
  'if [ -n "$c" ]; then kv claude "$c"; kv claude_on_path $o; if command -v timeout >/dev/null 2>&1; then v="$(timeout 20 "$c" --version 2>&1)"; else v="$("$c" --version 2>&1)"; fi; kv claude_status $?; kv claude_version "$(printf "%s" "$v" | head -n 1)"; fi',
  'kv end 1',
].join('; ');

/** The remote command: `sh -c SCRIPT ccsync CLAUDE_DIR`, every word quoted. */
export function probeCommand(claudeDir: string | undefined): string {
  return ['sh', '-c', shellQuote(SCRIPT), 'ccsync', shellQuote(claudeDir ?? '')].join(' ');
}

const yesNo = z.enum(['yes', 'no']).transform((value) => value === 'yes');

const probeSchema = z.object({
  os: z.string().min(1),
  machine: z.string().min(1),
  home: z.string(),
  node: z.string().min(1).optional(),
  node_version: z.string().optional(),
  claude_dir: z.string().min(1),
  claude_dir_exists: yesNo,
  claude_dir_symlink: yesNo.optional(),
  df_path: z.string(),
  df: z.string(),
  writable: yesNo.optional(),
  writable_error: z.string().optional(),
  claude: z.string().min(1).optional(),
  claude_on_path: yesNo.optional(),
  claude_status: z.string().regex(/^[0-9]+$/).transform(Number).optional(),
  claude_version: z.string().optional(),
  end: z.literal('1'),
});
type ProbeFields = z.infer<typeof probeSchema>;

export interface ClaudeDirFacts {
  path: string;
  exists: boolean;
  symlink: boolean;
  freeBytes: number | undefined;
  /** the dir, or the nearest existing parent it would be made in: free space and writability are measured there */
  measuredAt: string;
  /** a file can be made there; undefined: not probed (an older probe) */
  writable?: boolean;
  /** why not, e.g. "Read-only file system" */
  notWritable?: string;
}

export interface ProbeFacts {
  /** `uname -s`, e.g. Linux, Darwin */
  os: string;
  /** `uname -m`, e.g. x86_64, aarch64 */
  machine: string;
  /** the same in Node's words (process.arch), e.g. x64, arm64 */
  arch: string;
  home: string;
  /** node on the remote's non-login PATH (what the bootstrap runs), or none */
  node: { path: string; version: string } | undefined;
  claudeDir: ClaudeDirFacts;
  /** `claude` on PATH or in a usual install spot, or none */
  claude: { path: string; onPath: boolean; version: string | undefined; error: string | undefined } | undefined;
}

/** The `key=value` lines after the ready line; the first value of a key counts. */
export function parseProbeOutput(lines: readonly string[]): { ok: true; facts: ProbeFacts } | { ok: false; problem: string } {
  const fields: Record<string, string> = {};
  for (const line of lines) {
    const match = /^([a-z_]+)=(.*)$/.exec(line);
    if (match?.[1] && match[2] !== undefined && !Object.hasOwn(fields, match[1])) fields[match[1]] = match[2];
  }
  const parsed = probeSchema.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, problem: `the probe's answer is incomplete (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'})` };
  }
  return { ok: true, facts: toFacts(parsed.data) };
}

function toFacts(fields: ProbeFields): ProbeFacts {
  const df = parseDfLine(fields.df);
  const claudeVersion = fields.claude_version?.trim();
  const claudeOk = fields.claude_status === 0 && claudeVersion !== undefined && claudeVersion !== '';
  return {
    os: fields.os,
    machine: fields.machine,
    arch: nodeArch(fields.machine),
    home: fields.home,
    node: fields.node === undefined ? undefined : { path: fields.node, version: fields.node_version?.trim() ?? '' },
    claudeDir: {
      path: fields.claude_dir,
      exists: fields.claude_dir_exists,
      symlink: fields.claude_dir_symlink ?? false,
      freeBytes: df === undefined ? undefined : df.availableKiB * 1024,
      measuredAt: fields.df_path,
      ...(fields.writable === undefined ? {} : { writable: fields.writable }),
      ...(fields.writable === false ? { notWritable: (fields.writable_error ?? '').split(': ').pop()?.trim() || 'unknown reason' } : {}),
    },
    claude:
      fields.claude === undefined
        ? undefined
        : {
            path: fields.claude,
            onPath: fields.claude_on_path ?? false,
            version: claudeOk ? claudeVersion : undefined,
            error: claudeOk ? undefined : `exit ${fields.claude_status ?? '?'}${claudeVersion ? `: ${claudeVersion}` : ''}`,
          },
  };
}

/**
 * The data line of `df -Pk`: `FS 1024-blocks Used Available Capacity Mounted-on`. Read from
 * the capacity column (`NN%`), since a file system or mount name may contain spaces.
 */
export function parseDfLine(line: string): { availableKiB: number; mountedOn: string } | undefined {
  const words = line.trim().split(/\s+/);
  const capacity = words.findIndex((word, index) => index >= 4 && /^([0-9]+%|-)$/.test(word));
  const available = words[capacity - 1];
  if (capacity < 0 || available === undefined || !/^[0-9]+$/.test(available)) return undefined;
  return { availableKiB: Number(available), mountedOn: words.slice(capacity + 1).join(' ') };
}

/** `uname -m` as Node names it (process.arch), so it compares with a local build. */
export function nodeArch(machine: string): string {
  const names: Record<string, string> = {
    x86_64: 'x64',
    amd64: 'x64',
    aarch64: 'arm64',
    arm64: 'arm64',
    i386: 'ia32',
    i686: 'ia32',
    ppc64le: 'ppc64',
    s390x: 's390x',
    riscv64: 'riscv64',
  };
  if (Object.hasOwn(names, machine)) return names[machine] ?? machine;
  return /^armv[0-9]/.test(machine) ? 'arm' : machine;
}
