// The manifest turn of the sh agent. A shell cannot parse JSON, so the script gathers raw facts
// and the client builds the Manifest from them with the node agent's rules
// (manifest-assemble.ts): stat lines of projects/*/*, for each transcript the head bytes up to
// the first line that can carry an absolute `cwd`, the session trees of project dirs that may
// be in scope, fingerprints of files the quick check does not settle, settings.json, and the
// registry of live sessions with the pids that are alive.
//
// Records (prelude `rec`): H hello facts · L stat lines of projects/*/* · N path, then C head
// text · X a project dir it describes · T stat lines of session trees · U path (quick check
// settled it) · V path (vanished) · W window bytes (no sha256 tool) · D description ·
// G legacy agent-file sessionId text · S settings.json · J session registry file · P live pid.
// The extras (config and history) add Y, Q, R and A: extras-script.ts. O: a note on what was
// healed after an interrupted run (heal-script.ts).
import type { ExtrasRequest } from '../../wire/protocol.js';
import { EXTRAS_LIST, extrasVariables } from './extras-script.js';
import { HEAL_FUNCTIONS, runToken } from './heal-script.js';
import { PRELUDE, shText } from './prelude.js';

/** Whatever the client needs the script to know, as framed data after the script. */
export interface ManifestInputs {
  /** JSON-escaped scope roots (no trailing slash), one per line: the in-scope prefilter */
  roots: string[];
  /** per probe: size, seconds, nanos range matching its mtimeMs, prefixLen or -, path */
  probes: string[];
  /** project dirs described whatever the prefilter says, with whole heads (the second try after a miss) */
  forceDirs: string[];
  /** --session: ship the sessionId of legacy agent-*.jsonl files */
  legacySessionIds: boolean;
  /** the config and history files to list (the manifest's `extras`) */
  extras?: ExtrasRequest;
}

// The first line of a transcript head that can hold an absolute cwd: `"cwd":"/…"`, `C:…`, or
// an escaped slash or backslash. Lines before it cannot (firstCwd needs such a value); the
// head stops there, or is whole (64 KiB) when no line matches. The \001 marks the end of the
// head bytes so that a last line without a newline is sent as it was.
const CWD_AWK = String.raw`{ p = sub(/\001$/, "") } p { printf "%s", $0; exit } { print } /"cwd"[ \t]*:[ \t]*"(\/|\\|[A-Za-z]:)/ { exit }`;
const WHOLE_HEAD_AWK = String.raw`{ p = sub(/\001$/, "") } p { printf "%s", $0; exit } { print }`;
// does any line of the dir's heads hold a scope root (JSON-escaped)? Exit 0 if so.
const ANY_ROOT_AWK = String.raw`FILENAME == ARGV[1] { if ($0 != "") r[++n] = $0; next } { for (i = 1; i <= n; i++) if (index($0, r[i])) { f = 1; exit } } END { exit !f }`;
const SESSION_ID_AWK = String.raw`match($0, /"sessionId"[ \t]*:[ \t]*"[^"\\]*"/) { printf "%s", substr($0, RSTART, RLENGTH); exit }`;
// A session file's stem as a case pattern: the shell walks companion trees of real session ids
// only (src/agent/session-name.ts), never `projects/D/.` for a `..jsonl`.
const HEX = '[0-9a-f]';
const UUID_GLOB = [8, 4, 4, 4, 12].map((count) => HEX.repeat(count)).join('-');
const JSONL_AWK = String.raw`{ p = $0; for (i = 0; i < 5; i++) sub(/^[^ ]* /, "", p) } length($1) == 4 && substr($1, 1, 1) == "8" && p ~ /^projects\/[^\/]+\/[^\/]+\.jsonl$/ { print p }`;
// regular files of the trees, joined with the probes: settled by the quick check or to describe
const JOIN_AWK = String.raw`BEGIN { FS = "\t" }
FILENAME == ARGV[1] { size[$6] = $1; sec[$6] = $2; lo[$6] = $3; hi[$6] = $4; plen[$6] = $5; next }
{ split($0, f, " "); p = $0; for (i = 0; i < 5; i++) sub(/^[^ ]* /, "", p)
  if (!(length(f[1]) == 4 && substr(f[1], 1, 1) == "8")) next
  n = split(p, parts, "/"); if (parts[n] ~ /^\..*\.ccsync-.*\.tmp$/) next
  split(f[3], t, "."); ns = substr(t[2] "000000000", 1, 9) + 0
  if ((p in size) && size[p] == f[2] && sec[p] == t[1] && ns >= lo[p] && ns <= hi[p]) print "U\t-\t-\t" p
  else print "D\t" f[2] "\t" ((p in plen) ? plen[p] : "-") "\t" p }`;

const MANIFEST_BODY = String.raw`
hello >"$T/h"; rec H "$T/h"
sweep_scratch
desc() { # KIND(D) SIZE PLEN PATH
  tries=0
  while [ "$tries" -lt 3 ]; do tries=$((tries + 1)); : >"$T/ws"
    s1=$(st "$4" 2>/dev/null) || { recs V "$4"; return 0; }
    read -r m1 z1 t1 i1 d1 r1 <<EOF
$s1
EOF
    case $4 in
      *.jsonl) cl=$(cl_of "$4" "$z1") || continue; fp=$(fp_of "$4" "$cl") || continue; pf=-
        if [ "$3" != - ] && [ "$3" -le "$cl" ]; then pf=$(fp_of "$4" "$3") || continue; fi ;;
      *) cl=-; fp=$(blob_fp "$4") || continue; pf=- ;;
    esac
    s2=$(st "$4" 2>/dev/null) || { recs V "$4"; return 0; }
    read -r m2 z2 t2 i2 d2 r2 <<EOF
$s2
EOF
    if [ "$i1 $d1" = "$i2 $d2" ] && [ "$z2" -ge "$z1" ]; then
      case $4 in *.jsonl) ;; *) [ "$s1" = "$s2" ] || continue ;; esac
      cat "$T/ws"; recs D "$cl$TAB$fp$TAB$pf$TAB$s1"; return 0
    fi
  done
  recs E "$4: it kept changing while it was read"
}
heal_top
${EXTRAS_LIST}
cd -- "$C" 2>/dev/null || exit 0
if [ -d projects ]; then
  stfind -H projects -mindepth 1 -maxdepth 2 ! -name "$CTL" >"$T/l" 2>/dev/null
  # an interrupted run's leftovers are cleaned up before anything is described (heal-script.ts)
  if heal_in "$T/l"; then stfind -H projects -mindepth 1 -maxdepth 2 ! -name "$CTL" >"$T/l" 2>/dev/null; fi
  rec L "$T/l"
  awk '${JSONL_AWK}' "$T/l" | sort >"$T/jl"
  : >"$T/dirs"; cur=; : >"$T/acc"
  forced() { D=$1 awk 'ENVIRON["D"] == $0 { f = 1; exit } END { exit !f }' "$T/force"; }
  flush() { if [ -n "$cur" ]; then
    if forced "$cur" || awk '${ANY_ROOT_AWK}' "$T/roots" "$T/acc"; then
      printf '%s\n' "$cur" >>"$T/dirs"; recs X "$cur"; fi; fi; : >"$T/acc"; }
  while IFS= read -r f; do
    dir=%{f#projects/}; dir=%{dir%%/*}
    [ "$dir" = "$cur" ] || { flush; cur=$dir; }
    if forced "$dir"; then aw='${WHOLE_HEAD_AWK}'; else aw='${CWD_AWK}'; fi
    { head -c 65536 -- "$f" 2>/dev/null; printf '\001'; } | awk "$aw" >"$T/c"
    recs N "$f"; rec C "$T/c"; cat "$T/c" >>"$T/acc"
  done <"$T/jl"
  flush
  trees() { : >"$T/t"; while IFS= read -r dir; do
    set --
    while IFS= read -r f; do
      case $f in "projects/$dir/"*) ;; *) continue ;; esac
      name=%{f##*/}; sid=%{name%.jsonl}; set -- "$@" "$f"
      case $name in agent-*)
        if [ "$LEGACY" = 1 ]; then head -c 65536 -- "$f" 2>/dev/null | awk '${SESSION_ID_AWK}' >"$T/g"; recs N "$f"; rec G "$T/g"; fi
        continue ;; esac
      case $sid in ${UUID_GLOB}) ;; *) continue ;; esac
      for p in "projects/$dir/$sid" "file-history/$sid" "tasks/$sid" "session-env/$sid"; do
        if [ -e "$p" ] || [ -L "$p" ]; then set -- "$@" "$p"; fi; done
    done <"$T/jl"
    [ $# -gt 0 ] && stfind "$@" ! -name "$CTL" >>"$T/t" 2>/dev/null
  done <"$T/dirs"; }
  trees; if heal_in "$T/t"; then trees; fi
  rec T "$T/t"
  awk '${JOIN_AWK}' "$T/probes" "$T/t" | sort -u >"$T/todo"
  while IFS="$TAB" read -r k z pl f; do
    if [ "$k" = U ]; then recs U "$f"; else desc D "$z" "$pl" "$f"; fi
  done <"$T/todo"
fi
if [ -f settings.json ]; then cat settings.json >"$T/s" 2>/dev/null && rec S "$T/s"; fi
if [ -d sessions ]; then
  for f in sessions/*.json sessions/.*.json; do
    [ -f "$f" ] || continue; cat -- "$f" >"$T/j" 2>/dev/null || continue; recs N "$f"; rec J "$T/j"
    { sed -n 's/.*"pid"[[:space:]]*:[[:space:]]*\([0-9][0-9]*\).*/\1/p' "$T/j"; echo; } | while read -r pid; do
      [ -n "$pid" ] || continue; if alive "$pid"; then recs P "$pid"; fi; done
  done
fi
`;

function lines(items: string[]): Buffer {
  return Buffer.from(items.map((item) => `${item}\n`).join(''), 'utf8');
}

/** The script and the data it reads from stdin. */
export function manifestScript(inputs: ManifestInputs): { script: string; data: Buffer } {
  const roots = lines(inputs.roots);
  const probes = lines(inputs.probes);
  const force = lines(inputs.forceDirs);
  const read = [
    `xread ${roots.length} "$T/roots" && xread ${probes.length} "$T/probes" && xread ${force.length} "$T/force" || exit 91`,
    `LEGACY=${inputs.legacySessionIds ? 1 : 0}`,
    extrasVariables(inputs.extras),
  ].join('\n');
  const heal = shText(`${runToken(undefined)}\n${HEAL_FUNCTIONS}`);
  return { script: `${PRELUDE}${read}\n${heal}${shText(MANIFEST_BODY)}`, data: Buffer.concat([roots, probes, force]) };
}
