// The head of every script the sh agent runs (issue #3: a remote without node). It probes the
// tools once per run (GNU or BSD stat, a sha256 tool, gzip, an exact `head -c`, how touch
// takes a fractional mtime, `sync FILE`), caches the answers in the run's scratch dir, and
// defines the helpers the operation scripts share. Everything variable reaches a script as a
// shell-quoted literal or as framed data on stdin, never as pasted text.
//
// Tools: only those of the sshd fixture's no-node PATH (tests/helpers/sshd.ts SH_TOOLS; no grep).
// Written for POSIX sh (dash, bash --posix, busybox ash); tested here with GNU coreutils only:
// the BSD branches (stat -f, shasum, `sha256 -q`) follow the BSD manuals but are not run.
import { WIRE_PATH_FUNCTIONS } from './wire-paths.js';

/** Shell `${…}` is written `%{…}` here, so that the template literal does not take it. */
export function shText(raw: string): string {
  return raw.replaceAll('%{', '${');
}

export const PRELUDE = shText(String.raw`LC_ALL=C; export LC_ALL; umask 077
T=$1; C=$2; CD=; [ -n "$C" ] || C=$CLAUDE_CONFIG_DIR; [ -n "$C" ] || { C=$HOME/.claude; CD=1; }
TAB=$(printf '\t'); CTL=$(printf '*[\001-\037\177]*')
if [ ! -f "$T/probe" ]; then
  : >"$T/p"
  {
    if command -v sha256sum >/dev/null 2>&1; then echo 'SHA=sha256sum'
    elif command -v shasum >/dev/null 2>&1; then echo "SHA='shasum -a 256'"
    elif command -v sha256 >/dev/null 2>&1; then echo "SHA='sha256 -q'"
    elif command -v openssl >/dev/null 2>&1; then echo "SHA='openssl dgst -sha256 -r'"
    else echo 'SHA='; fi
    if command -v gzip >/dev/null 2>&1; then echo GZ=1; else echo GZ=; fi
    if stat -c %s "$T/p" >/dev/null 2>&1; then
      case $(stat -c %.9Y "$T/p" 2>/dev/null) in
        *.?????????) echo "STF='%f %s %.9Y %i %d %n'; ST=gnu" ;;
        *) echo "STF='%f %s %Y.0 %i %d %n'; ST=gnu" ;;
      esac
    else echo "STF='%Xp %z %.9Fm %i %d %N'; ST=bsd"; fi
    case $(head --version 2>/dev/null) in *'GNU coreutils'*) echo HX=1 ;; *) echo HX= ;; esac
    if touch -m -d 2001-02-03T04:05:06.123456789Z "$T/p" 2>/dev/null; then echo TD=iso
    elif touch -m -d @981173106.123456789 "$T/p" 2>/dev/null; then echo TD=at
    else echo TD=t; fi
    if sync -- "$T/p" 2>/dev/null; then echo SF=1; else echo SF=; fi
  } >"$T/probe.tmp" && mv -f "$T/probe.tmp" "$T/probe" || exit 90
fi
. "$T/probe"
hello() {
  printf 'home\t%s\nclaudeDir\t%s\nclaudeDirDefault\t%s\nplatform\t%s\narch\t%s\nsha\t%s\ngzip\t%s\nstat\t%s\nexactHead\t%s\ntouch\t%s\n' \
    "$HOME" "$C" "$CD" "$(uname -s 2>/dev/null | tr 'A-Z' 'a-z')" "$(uname -m 2>/dev/null)" "$SHA" "$GZ" "$ST" "$HX" "$TD"
}
# one record: TAG LENGTH, newline, then exactly LENGTH bytes
rec() { printf '%s %s\n' "$1" "$(($(wc -c <"$2")))"; cat -- "$2"; }
recs() { printf '%s %s\n%s' "$1" "%{#2}" "$2"; }
# stat lines: hexmode size sec.nsec inode dev path (lstat: symlinks are not followed)
st() { if [ "$ST" = gnu ]; then stat -c "$STF" -- "$@"; else stat -f "$STF" -- "$@"; fi; }
stfind() { if [ "$ST" = gnu ]; then find "$@" -exec stat -c "$STF" -- {} +; else find "$@" -exec stat -f "$STF" -- {} +; fi; }
sz() { set -- $(st "$1" 2>/dev/null); [ -n "$2" ] && echo "$2"; }
sha() { x=$($SHA) && echo "%{x%% *}"; }
# exactly $1 bytes of stdin into $2: GNU head -c reads no further than asked; elsewhere the
# dd loop (one read() of at most bs bytes per dd) does the same
xread() {
  if [ "$HX" = 1 ]; then head -c "$1" >"$2"
  else
    : >"$2"; s=0
    while [ "$s" -lt "$1" ]; do b=$(($1 - s)); [ "$b" -gt 65536 ] && b=65536
      dd bs="$b" count=1 2>/dev/null >>"$2" || return 1
      n=$(($(wc -c <"$2"))); [ "$n" -gt "$s" ] || return 1; s=$n; done
  fi
  [ "$(($(wc -c <"$2")))" -eq "$1" ]
}
# bytes [$2, $2+$3) of file $1 on stdout
win() { tail -c +$(($2 + 1)) -- "$1" | head -c "$3"; }
# the gate of src/agent/safe-path.ts safeRelPath, again on this side
safe_rel() {
  case $1 in ''|/*|*//*|./*|../*|*/.|*/..|.|..|*/./*|*/../*|*/|*\\*|[A-Za-z]:*) return 1 ;; esac
  case $1 in $CTL) return 1 ;; esac
  case $1 in projects/?*|file-history/?*|tasks/?*|session-env/?*) return 0 ;; esac
  case $1 in agents/?*|commands/?*|skills/?*|output-styles/?*) return 0 ;; esac
  case $1 in CLAUDE.md|settings.json|history.jsonl|.credentials.json|.claude.json) return 0 ;; esac
  return 1
}
# resolveWirePath: a top-level file through top (wire-paths.ts); else resolveInside: no
# symlink below the top level, the leaf a regular file. $2 = w: missing parts
# are fine. Sets A. Returns 0 ok, 1 refused (message in W), 2 missing
inside() {
  A=$C/$1; W=; safe_rel "$1" || { W="path is unsafe: $1"; return 1; }
  case $1 in */*) ;; *) top "$1"; k=$?; [ "$k" = 2 ] && [ "$2" = w ] && return 0; return "$k" ;; esac
  cur=$C/%{1%%/*}; rest=%{1#*/}
  if [ ! -e "$cur" ] && [ ! -L "$cur" ]; then [ "$2" = w ] && return 0; return 2; fi
  while :; do
    seg=%{rest%%/*}; cur=$cur/$seg; done_=%{cur#"$C/"}
    if [ -L "$cur" ]; then W="refusing \"$1\": \"$done_\" is a symlink"; return 1; fi
    if [ ! -e "$cur" ]; then [ "$2" = w ] && return 0; return 2; fi
    [ "$rest" = "$seg" ] && break
    rest=%{rest#*/}
  done
  [ -f "$cur" ] || { W="refusing \"$1\": not a regular file"; return 1; }
}
# fingerprint windows of the first $2 bytes of $1 into $T/w (src/agent/fingerprint.ts)
fpw() {
  h=$(($2 < 65536 ? $2 : 65536)); ts=$(($2 - 65536 > 65536 ? $2 - 65536 : 65536)); tl=$(($2 > ts ? $2 - ts : 0))
  { printf 'ccsync-fp1\n%s\n' "$2"; head -c "$h" -- "$1"; [ "$tl" -gt 0 ] && win "$1" "$ts" "$tl"; } >"$T/w"
  [ "$(($(wc -c <"$T/w")))" -eq $((%{#2} + 12 + h + tl)) ]
}
# the hash of $T/w, or (no sha256 tool) the bytes themselves as a W record: "@" on stdout
hashw() { if [ -n "$SHA" ]; then sha <"$T/w"; else rec W "$T/w" >>"$T/ws"; echo @; fi; }
fp_of() { fpw "$1" "$2" && hashw; }
blob_fp() { cat -- "$1" >"$T/w" && hashw; }
# bytes up to and including the last newline of the first $2 bytes, 64 KiB blocks from the end
cl_of() {
  e=$2
  [ "$e" -gt 0 ] && [ "$(win "$1" $((e - 1)) 1 | wc -l)" -eq 1 ] && { echo "$e"; return 0; }
  while [ "$e" -gt 0 ]; do
    s=$((e > 65536 ? e - 65536 : 0))
    win "$1" "$s" $((e - s)) >"$T/b"
    [ "$(($(wc -c <"$T/b")))" -eq $((e - s)) ] || return 1
    printf x >>"$T/b"
    p=$(($(tail -n 1 "$T/b" | wc -c) - 1))
    if [ "$p" -lt $((e - s)) ]; then echo $((e - p)); return 0; fi
    e=$s
  done
  echo 0
}
# mtime from "SECONDS NANOS ISO" (the client computes all three forms)
settime() {
  case $TD in
    iso) touch -m -d "$4" -- "$1" ;;
    at) touch -m -d "@$2.$3" -- "$1" ;;
    *) TZ=UTC0 touch -m -t "$5" -- "$1" ;;
  esac
}
fsync() { if [ "$SF" = 1 ]; then sync -- "$@" 2>/dev/null || sync; else sync; fi; }
${WIRE_PATH_FUNCTIONS}`);
