// The sh agent's half of src/agent/disk-stop.ts (issue #10 item 4): after a write fails, is
// the target full, read-only or forbidden? Then the batch stops there, like the node agent's:
// the ops after it are not attempted, and the results carry the cause and the free space.
// A shell sees no errno, so it asks the file system: a probe file in the target's nearest
// existing dir (its error text), and `df` for the room left against what the op needed.
// Records: S cause TAB attempted(1|0) TAB free bytes, just before the op's F record.
import { STOP_WORDS } from '../../agent/disk-stop.js';

export const DISK_STOP_FUNCTIONS = String.raw`
STOP=
free_of() { df -Pk -- "$1" 2>/dev/null | awk 'NR == 2 { printf "%.0f", $4 * 1024 }'; }
words() { case $1 in no-space) echo '${STOP_WORDS['no-space']}' ;; read-only) echo '${STOP_WORDS['read-only']}' ;; *) echo '${STOP_WORDS['no-permission']}' ;; esac; }
# cause_at DIR NEED: no-space, read-only, no-permission, or nothing (an ordinary failure)
cause_at() {
  d=$1; while [ ! -d "$d" ] && [ "$d" != / ] && [ -n "$d" ]; do d=%{d%/*}; [ -n "$d" ] || d=/; done
  p=$d/.ccsync-probe-$RUN.tmp
  if touch -- "$p" 2>"$T/pe"; then rm -f -- "$p"
    f=$(free_of "$d"); [ -n "$f" ] && [ "$f" -lt "$2" ] && echo no-space; return 0; fi
  case $(cat "$T/pe") in
    *'No space'*|*'quota'*) echo no-space ;;
    *'Read-only'*) echo read-only ;;
    *'Permission denied'*|*'not permitted'*) echo no-permission ;;
  esac
}
# io_fail NEED MESSAGE: the op failed; a stop cause ends the batch (later ops: not_tried)
io_fail() {
  c=$(cause_at "%{A%/*}" "$1")
  if [ -z "$c" ]; then fail io "$OP $REL: $2"; return; fi
  STOP=$c$TAB$(free_of "$C"); [ -d "$C" ] || STOP=$c$TAB$(free_of "%{C%/*}")
  recs S "$c%{TAB}1$TAB%{STOP#*$TAB}"; fail io "$OP $REL: $(words "$c")"
}
not_tried() { recs S "%{STOP%%$TAB*}%{TAB}0$TAB%{STOP#*$TAB}"; fail io "$OP $1: not attempted ($(words "%{STOP%%$TAB*}"))"; }
`;
