// The remote half of `ccsync setup` (issue #4): one POSIX sh script over one ssh command that
// moves the remote's ~/.claude parts that matter onto a persistent store and links them back,
// and optionally installs claude. Same rules as the check probe: no newline, `!`, backslash
// or single quote in the script (csh and fish login shells), every variable part a positional
// parameter. It prints `key=text` lines that setup-report.ts reads as unknown text.
import { CLAUDE_SPOTS } from '../transport/check-probe.js';
import { shellQuote } from '../transport/shell-quote.js';

/**
 * What lives on the store (../shared/claude-code-format.md, "Where things live"):
 * the sessions and their companions (`projects/` with auto-memory, `file-history/` for rewind,
 * `todos/`, `tasks/`, `session-env/`), the prompt history (`history.jsonl`), and the user's
 * configuration (`settings.json`, `CLAUDE.md`, `agents/`, `commands/`, `skills/`,
 * `output-styles/`). Left out on purpose: `.credentials.json` (a secret, not configuration),
 * `~/.claude.json` (outside the dir, holds account data), and what the notes call machine-local
 * and regenerated (`sessions/`, `shell-snapshots/`, `ide/`, `statsig/`, `plugins/` caches, `debug/`).
 */
export const STORE_DIRS = ['projects', 'file-history', 'todos', 'tasks', 'session-env', 'agents', 'commands', 'skills', 'output-styles'] as const;
/**
 * Files, with what a new one holds (settings.json must be JSON), or `undefined`: linked but not
 * created. An empty CLAUDE.md in the store would differ from this machine's and make the first
 * `push --config` a conflict (issue #10 item 1); a link to a missing file reads as no file, and
 * the first writer (ccsync or Claude) creates it in the store through the link.
 */
export const STORE_FILES: ReadonlyArray<readonly [string, string | undefined]> = [
  ['settings.json', '{}'],
  ['CLAUDE.md', undefined],
  ['history.jsonl', ''],
];

/** Written once into ~/.profile and ~/.bashrc by `--install-claude` (passed as $6, so `$` stays literal). */
export const PATH_LINE = 'case ":$PATH:" in *":$HOME/.local/bin:"*) ;; *) PATH="$HOME/.local/bin:$PATH"; export PATH;; esac # ccsync setup: claude on PATH';
const PATH_MARK = 'ccsync setup: claude on PATH';

/** The npm package of Claude Code and the official installer (README of anthropics/claude-code). */
export const CLAUDE_NPM_PACKAGE = '@anthropic-ai/claude-code';
export const CLAUDE_INSTALLER_URL = 'https://claude.ai/install.sh';

const SCRIPT = [
  'umask 077',
  'n="$2"; ts="$5"',
  'say() { printf "%s=%s" "$1" "$2"; echo; }',
  'v=did; vk=kept; if [ "$n" = 1 ]; then v=would; vk=would_keep; fi',
  // `act CMD...`: run it, or in a dry run only say it would be run
  'act() { if [ "$n" = 1 ]; then return 0; fi; "$@"; }',
  'fail() { say error "$1"; exit 3; }',
  's="$1"',
  'if [ -z "$s" ]; then if [ -d /workspace ]; then s=/workspace/claude-sessions; else fail "no /workspace on this machine: give --store DIR, a dir on a volume that survives a restart"; fi; fi',
  'case "$s" in /*) ;; *) fail "--store must be an absolute path, got $s";; esac',
  'd="${3:-${CLAUDE_CONFIG_DIR:-$HOME/.claude}}"',
  'say store "$s"; say claude_dir "$d"',
  'if [ -d "$s" ]; then say ok "store $s exists"; else act mkdir -p "$s" || fail "cannot create $s"; say $v "create the store $s"; fi',
  'if [ -d "$d" ]; then :; else act mkdir -p "$d" || fail "cannot create $d"; say $v "create $d"; fi',
  // merge SRC DST: what is only in SRC moves to DST, identical files are dropped from SRC, and
  // when both differ the store keeps its own and SRC is kept beside it as DST.ccsync-home-TS
  'same() { command -v cmp >/dev/null 2>&1 && cmp -s "$1" "$2"; }',
  'merge() ( if [ -L "$2" ] || [ -e "$2" ]; then :; else act mv "$1" "$2" || fail "cannot move $1 to $2"; say $v "move $1 to $2"; exit 0; fi; ' +
    'if [ -d "$1" ] && [ -d "$2" ] && { [ -L "$1" ] || [ -L "$2" ]; } ; then :; elif [ -d "$1" ] && [ -d "$2" ]; then for x in "$1"/* "$1"/.*; do case "${x##*/}" in .|..) continue;; esac; if [ -L "$x" ] || [ -e "$x" ]; then merge "$x" "$2/${x##*/}" || exit 3; fi; done; act rmdir "$1" || fail "cannot remove the emptied $1"; exit 0; fi; ' +
    'if [ -f "$1" ] && [ -f "$2" ] && same "$1" "$2"; then act rm -f "$1" || fail "cannot remove $1"; say $v "drop $1: the same as $2"; exit 0; fi; ' +
    'k="$2.ccsync-home-$ts"; act mv "$1" "$k" || fail "cannot move $1 to $k"; say $vk "$1 differs from $2: the store keeps its own, the one from here is $k" )',
  // place NAME KIND CONTENT: make <claude dir>/NAME a symlink to <store>/NAME (KIND dir, file, or
  // link: a file left for its first writer)
  'place() { h="$d/$1"; t="$s/$1"; ' +
    'if [ -L "$h" ]; then l="$(readlink "$h")"; if [ "$l" = "$t" ]; then say ok "$h links to the store"; else say warn "$h is a symlink to $l, not to the store: left as it is (remove it and run setup again to use the store)"; fi; return 0; fi; ' +
    'if [ -e "$h" ]; then merge "$h" "$t" || exit 3; fi; ' +
    'if [ -L "$t" ] || [ -e "$t" ]; then :; elif [ "$2" = dir ]; then act mkdir -p "$t" || fail "cannot create $t"; elif [ "$2" = link ] || [ "$n" = 1 ]; then :; else printf "%s" "$3" > "$t" || fail "cannot create $t"; fi; ' +
    'act ln -s "$t" "$h" || fail "cannot link $h"; say $v "link $h -> $t"; }',
  ...STORE_DIRS.map((name) => `place ${name} dir ""`),
  ...STORE_FILES.map(([name, content]) => (content === undefined ? `place ${name} link ""` : `place ${name} file "${content}"`)),
  'c=""',
  `if command -v claude >/dev/null 2>&1; then c="$(command -v claude)"; else for f in ${CLAUDE_SPOTS.map((spot) => `"${spot}"`).join(' ')}; do if [ -x "$f" ]; then c="$f"; break; fi; done; fi`,
  'if [ -n "$c" ]; then say ok "claude is installed: $c"; elif [ "$4" = 1 ]; then :; else say warn "claude is not installed here"; fi',
  // install: npm when present (global, else a user prefix), else the official installer
  `if [ -z "$c" ] && [ "$4" = 1 ]; then if [ "$n" = 1 ]; then say would "install Claude Code (npm install -g ${CLAUDE_NPM_PACKAGE}, or ${CLAUDE_INSTALLER_URL})"; ` +
    `elif command -v npm >/dev/null 2>&1; then if npm install -g ${CLAUDE_NPM_PACKAGE} >&2; then c="$(npm prefix -g)/bin/claude"; say did "npm install -g ${CLAUDE_NPM_PACKAGE}"; ` +
    `elif npm install -g --prefix "$HOME/.npm-global" ${CLAUDE_NPM_PACKAGE} >&2; then c="$HOME/.npm-global/bin/claude"; say did "npm install -g --prefix $HOME/.npm-global ${CLAUDE_NPM_PACKAGE}"; else fail "npm could not install ${CLAUDE_NPM_PACKAGE} (see above)"; fi; ` +
    `elif command -v curl >/dev/null 2>&1; then curl -fsSL ${CLAUDE_INSTALLER_URL} | bash >&2 || fail "the installer from ${CLAUDE_INSTALLER_URL} failed (see above)"; c="$HOME/.local/bin/claude"; say did "run the installer from ${CLAUDE_INSTALLER_URL}"; ` +
    `else fail "neither npm nor curl here: install one of them, or Claude Code by hand"; fi; fi`,
  'if [ -n "$c" ] && [ "$n" = 1 ]; then :; elif [ -n "$c" ] && [ -x "$c" ]; then :; elif [ -n "$c" ]; then fail "claude was installed but $c is not there"; fi',
  // on PATH for login and non-login shells: ~/.local/bin/claude, and ~/.local/bin on PATH in
  // ~/.profile (login) and at the top of ~/.bashrc (before its return for non-interactive shells)
  'b="$HOME/.local/bin"',
  'if [ "$4" = 1 ] && [ -n "$c" ]; then if [ -L "$b/claude" ] || [ -e "$b/claude" ]; then say ok "$b/claude exists"; else act mkdir -p "$b" && act ln -s "$c" "$b/claude" || fail "cannot link $b/claude"; say $v "link $b/claude -> $c"; fi; fi',
  `if [ "$4" = 1 ]; then for f in "$HOME/.profile" "$HOME/.bashrc"; do if [ -f "$f" ] && grep -qF "${PATH_MARK}" "$f"; then say ok "$f puts ~/.local/bin on PATH"; continue; fi; ` +
    'if [ "$n" = 1 ]; then :; elif [ "$f" = "$HOME/.profile" ]; then { echo; printf "%s" "$6"; echo; } >> "$f" || fail "cannot write $f"; ' +
    'else { printf "%s" "$6"; echo; if [ -f "$f" ]; then cat "$f"; fi; } > "$f.ccsync-tmp" && cat "$f.ccsync-tmp" > "$f" && rm -f "$f.ccsync-tmp" || fail "cannot write $f"; fi; say $v "add ~/.local/bin to PATH in $f"; done; fi',
  'say end 1',
].join('; ');

export interface SetupRequest {
  /** absolute, or undefined: /workspace/claude-sessions when /workspace exists */
  store: string | undefined;
  dryRun: boolean;
  /** the remote's configured Claude dir, or undefined for its default */
  claudeDir: string | undefined;
  installClaude: boolean;
  /** the suffix for a kept duplicate, e.g. 20260501T101500Z */
  timestamp: string;
}

/** `sh -c SCRIPT ccsync-setup STORE DRY CLAUDE_DIR INSTALL TIMESTAMP PATH_LINE`, every word quoted. */
export function setupRemoteCommand(request: SetupRequest): string {
  const words = [request.store ?? '', request.dryRun ? '1' : '0', request.claudeDir ?? '', request.installClaude ? '1' : '0', request.timestamp, PATH_LINE];
  return ['sh', '-c', shellQuote(SCRIPT), 'ccsync-setup', ...words.map(shellQuote)].join(' ');
}

/** The script itself, for the test that it stays one line fit for any login shell. */
export function setupScriptText(): string {
  return SCRIPT;
}
