// The write turn of the sh agent, with the node agent's semantics (src/agent/file-ops.ts):
// verified append (size checked first, never creating), put and splice through a temp file in
// the target's dir then `ln` (create only if absent) or `mv` (replace), remove with its
// expectation, a backup copy of anything replaced or removed, files 0600 and dirs 0700
// (umask 077), the mtime the plan asked for, and a sync before the result is reported.
// The data of all ops arrives as one body on stdin (gzipped when negotiated); each op takes
// its slice by offset. Temp files and append journals carry `$TR` (this script's pid), so the
// next run on this side knows when their writer is gone (heal-script.ts).
// Records: K path, stat line, fp (ok) · F code, message · W windows · S why the batch stopped
// (disk-stop-script.ts), before its F.
import type { WriteOp } from '../../wire/protocol.js';
import { shellQuote } from '../shell-quote.js';
import { HEAL_FUNCTIONS, runToken } from './heal-script.js';
import { PRELUDE, shText } from './prelude.js';
import { DISK_STOP_FUNCTIONS } from './disk-stop-script.js';

const WRITE_FUNCTIONS = String.raw`
case $XDG_STATE_HOME in /*) BK=$XDG_STATE_HOME/ccsync/backups ;; *) BK=$HOME/.local/state/ccsync/backups ;; esac
BACKED=
fail() { recs F "$1$TAB$2"; }
ok() { # REL FILE-FOR-STAT FP-SOURCE(- | path)
  stl=-; [ "$2" = - ] || stl=$(st "$2") || { fail io "$OP $1: cannot stat the result"; return; }
  fp=-; if [ "$3" != - ]; then
    z=$(sz "$3"); case $1 in *.jsonl) fp=$(fp_of "$3" "$z") ;; *) fp=$(blob_fp "$3") ;; esac || { fail io "$OP $1: cannot fingerprint the result"; return; }
  fi
  cat "$T/ws"; recs K "$1$TAB$fp$TAB$stl"
}
gate() { # REL: sets A; returns 0 (A may be missing), 1 (reported)
  REL=$1; [ -n "$STOP" ] && { not_tried "$1"; return 1; }
  : >"$T/ws"; inside "$1" w; k=$?
  [ "$k" = 1 ] && { fail refused "$OP $1: $W"; return 1; }
  return 0
}
exists() { [ -e "$A" ] || [ -L "$A" ]; }
size_is() { # REL EXPECTED
  exists || { fail changed "$OP $1: $1 no longer exists"; return 1; }
  z=$(sz "$A"); [ "$z" = "$2" ] || { fail changed "$OP $1: $1 is $z bytes, $2 expected"; return 1; }
}
backup() { # REL
  b=$BK/$RUN/$1; [ -e "$b" ] && return 0
  mkdir -p -- "%{b%/*}" && cp -- "$A" "$b" && chmod 600 -- "$b" && BACKED=1
}
temp_for() { TMP=%{A%/*}/.%{A##*/}.ccsync-$TR.tmp; rm -f -- "$TMP"; }
# data slice OFFSET LENGTH of the body into $TMP (0600, mtime set, synced)
fill() { win "$T/raw" "$1" "$2" >>"$TMP" && [ "$(($(wc -c <"$TMP")))" -eq "$3" ] && chmod 600 -- "$TMP" && settime "$TMP" "$4" "$5" "$6" "$7" && fsync "$TMP"; }
w_append() { # REL EXPECT OFF LEN SEC NSEC ISO STAMP
  OP=append; gate "$1" || return; size_is "$1" "$2" || return
  # the journal first (heal-script.ts): a kill mid-append is rolled back by the next run
  J=%{A%/*}/.%{A##*/}.ccsync-$TR.append.tmp
  { { printf 'ccsync-append1 %s %s\n' "$2" "$4" && win "$T/raw" "$3" "$4"; } >"$J" && touch -m -r "$A" -- "$J"; } 2>/dev/null ||
    { rm -f -- "$J"; io_fail "$4" "cannot write its journal beside it"; return; }
  size_is "$1" "$2" || { rm -f -- "$J"; return; }
  # a full disk can take part of the data: the journal takes ccsync's bytes back out
  if ! win "$T/raw" "$3" "$4" >>"$A"; then
    o=$(heal_j "$J" "$A") && rm -f -- "$J"; io_fail "$4" "the append failed"; return
  fi
  z=$(sz "$A"); settime "$A" "$5" "$6" "$7" "$8"; fsync "$A"; rm -f -- "$J"
  [ "$z" = $(($2 + $4)) ] || { fail changed "$OP $1: $1 was written by another program while ccsync appended to it; left for the next run"; return; }
  ok "$1" "$A" "$A"
}
w_put() { # REL EXPECT(absent|N) OFF LEN BACKUP SEC NSEC ISO STAMP
  OP=put; gate "$1" || return
  if [ "$2" = absent ]; then exists && { fail changed "$OP $1: $1 exists, absent expected"; return; }
  else size_is "$1" "$2" || return; fi
  mkdir -p -- "%{A%/*}" 2>/dev/null || { io_fail "$4" "cannot create its dir"; return; }
  temp_for; { : >"$TMP"; } 2>/dev/null; fill "$3" "$4" "$4" "$6" "$7" "$8" "$9" 2>/dev/null || { rm -f -- "$TMP"; io_fail "$4" "cannot write the temp file"; return; }
  if [ "$2" = absent ]; then
    if ! ln -- "$TMP" "$A" 2>/dev/null; then
      if exists; then rm -f -- "$TMP"; fail changed "$OP $1: $1 exists now, absent expected"; return; fi
      mv -f -- "$TMP" "$A" || { rm -f -- "$TMP"; io_fail "$4" "rename failed"; return; }
    fi
  else
    [ "$5" = 1 ] && { backup "$1" || { rm -f -- "$TMP"; fail io "$OP $1: backup failed"; return; }; }
    # the check right before the rename (src/agent/commit-replace.ts): a writer's line is not lost
    size_is "$1" "$2" || { rm -f -- "$TMP"; return; }
    mv -f -- "$TMP" "$A" || { rm -f -- "$TMP"; fail io "$OP $1: rename failed"; return; }
  fi
  rm -f -- "$TMP"; fsync "%{A%/*}"; ok "$1" "$A" -
}
w_splice() { # REL EXPECT KEEP OFF LEN BACKUP SEC NSEC ISO STAMP
  OP=splice; gate "$1" || return
  [ "$3" -gt "$2" ] && { fail refused "$OP $1: keep $3 is past the expected size $2"; return; }
  size_is "$1" "$2" || return
  temp_for; head -c "$3" -- "$A" >"$TMP" 2>/dev/null
  fill "$4" "$5" $(($3 + $5)) "$7" "$8" "$9" "%{10}" 2>/dev/null || { rm -f -- "$TMP"
    if [ -n "$(cause_at "%{A%/*}" $(($3 + $5)))" ]; then io_fail $(($3 + $5)) -; else fail changed "$OP $1: $1 changed while it was copied"; fi; return; }
  : >"$T/ws"; z=$(($3 + $5)); case $1 in *.jsonl) fp=$(fp_of "$TMP" "$z") ;; *) fp=$(blob_fp "$TMP") ;; esac
  [ "$6" = 1 ] && { backup "$1" || { rm -f -- "$TMP"; fail io "$OP $1: backup failed"; return; }; }
  size_is "$1" "$2" || { rm -f -- "$TMP"; return; }
  mv -f -- "$TMP" "$A" || { rm -f -- "$TMP"; fail io "$OP $1: rename failed"; return; }
  fsync "%{A%/*}"; stl=$(st "$A"); cat "$T/ws"; recs K "$1$TAB$fp$TAB$stl"
}
w_remove() { # REL EXPECT(any|N) BACKUP
  OP=remove; gate "$1" || return
  if [ "$2" = any ]; then exists || { ok "$1" - -; return; }; else size_is "$1" "$2" || return; fi
  [ "$3" = 1 ] && { backup "$1" || { fail io "$OP $1: backup failed"; return; }; }
  rm -f -- "$A" 2>/dev/null || { io_fail 0 "cannot remove it"; return; }
  fsync "%{A%/*}"; ok "$1" - -
}
w_backup() { # REL: a copy in the backup dir, the file stays (a fork's counterpart)
  OP=backup; gate "$1" || return
  exists || { fail changed "$OP $1: $1 no longer exists"; return; }
  backup "$1" || { fail io "$OP $1: backup failed"; return; }
  ok "$1" "$A" -
}
${DISK_STOP_FUNCTIONS}
# the side's write lock (src/agent/write-lock.ts: the same file, the holder's pid in it)
WL=$C/.ccsync-write.lock
# (a side that cannot take the file — read-only, full — is written unlocked: its writes say why)
wl_take() {
  mkdir -p -- "$C" 2>/dev/null || return 0; wn=0
  while ! (set -C; printf '%s\n' "$$" >"$WL") 2>/dev/null; do
    [ -e "$WL" ] || { wn=$((wn + 1)); [ "$wn" -gt 3 ] && return 0; continue; }
    wo=$(cat -- "$WL" 2>/dev/null); wn=$((wn + 1))
    case $wo in
      ''|*[!0-9]*) [ "$wn" -gt 100 ] && rm -f -- "$WL" ;;
      *) alive "$wo" || { rm -f -- "$WL"; continue; } ;;
    esac
    [ "$wn" -gt 6000 ] && return 1
    sleep 0.1 2>/dev/null || sleep 1
  done
  trap '[ "$(cat -- "$WL" 2>/dev/null)" = "$$" ] && rm -f -- "$WL"' EXIT
}
prune() { # keep the newest 20 backup runs (src/agent/backups.ts), never this one
  ls -1 "$BK" 2>/dev/null | awk '/^[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]-[0-9]+-[0-9a-f]+$/' | sort >"$T/runs"
  n=$(($(wc -l <"$T/runs") - 20)); [ "$n" -gt 0 ] || return 0
  head -n "$n" "$T/runs" | while IFS= read -r r; do [ "$r" = "$RUN" ] || { [ -d "$BK/$r" ] && rm -rf -- "$BK/$r"; }; done
}
`;

/**
 * The mtime exactly as the node agent sets it (src/agent/atomic-write.ts finishFile): seconds
 * as a double (mtimeMs / 1000), which libuv splits and truncates to whole microseconds.
 */
export function mtimeArgs(mtimeMs: number): string[] {
  const time = mtimeMs / 1000;
  const sec = Math.trunc(time);
  let nsec = Math.trunc((time - sec) * 1e9);
  nsec -= nsec % 1000;
  const iso = new Date(sec * 1000).toISOString().replace(/\.\d{3}Z$/, `.${String(nsec).padStart(9, '0')}Z`);
  const d = new Date(sec * 1000);
  const p = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}.${p(d.getUTCSeconds())}`;
  return [String(sec), String(nsec).padStart(9, '0'), iso, stamp];
}

export interface WriteScriptOptions {
  runId: string;
  gzip: boolean;
  /** compressed (or raw) body length on the wire, and the raw length */
  bodyLength: number;
  rawLength: number;
}

/** One call per op, in op order; `offsets` are the ops' data offsets in the raw body. */
export function writeScript(ops: WriteOp[], offsets: number[], options: WriteScriptOptions): string {
  const q = shellQuote;
  const calls = ops.map((op, index) => {
    const off = String(offsets[index] ?? 0);
    const flag = (on: boolean): string => (on ? '1' : '0');
    switch (op.kind) {
      case 'append':
        return ['w_append', q(op.path), String(op.expect.size), off, String(op.data.length), ...mtimeArgs(op.mtimeMs).map(q)].join(' ');
      case 'put':
        return ['w_put', q(op.path), 'absent' in op.expect ? 'absent' : String(op.expect.size), off, String(op.data.length), flag(op.backup), ...mtimeArgs(op.mtimeMs).map(q)].join(' ');
      case 'splice':
        return ['w_splice', q(op.path), String(op.expect.size), String(op.keep), off, String(op.data.length), flag(op.backup), ...mtimeArgs(op.mtimeMs).map(q)].join(' ');
      case 'remove':
        return ['w_remove', q(op.path), 'any' in op.expect ? 'any' : String(op.expect.size), flag(op.backup)].join(' ');
      case 'backup':
        return ['w_backup', q(op.path)].join(' ');
    }
  });
  const body = options.gzip
    ? `xread ${options.bodyLength} "$T/in" && gzip -dc <"$T/in" >"$T/raw" || exit 91`
    : `xread ${options.bodyLength} "$T/raw" || exit 91`;
  return [
    PRELUDE,
    `RUN=${q(options.runId)}`,
    shText(runToken(options.runId)),
    body,
    `[ "$(($(wc -c <"$T/raw")))" -eq ${options.rawLength} ] || exit 92`,
    shText(HEAL_FUNCTIONS),
    shText(WRITE_FUNCTIONS),
    'wl_take || { echo "another ccsync run has been writing $C for 10 minutes; try again later, or remove $WL if no ccsync runs" >&2; exit 93; }',
    ...calls,
    '[ -n "$BACKED" ] && prune',
    'exit 0',
    '',
  ].join('\n');
}
