// The sh agent's half of src/agent/wire-path.ts and store-link.ts (issue #10 item 11: the sh
// agent carries config and history like the node agent): which file a top-level wire name
// stands for. `.claude.json` is the side's global config (defaultClaudeJsonPath: beside a
// `~/.claude`, else inside the dir; a symlink to it is followed, as realpath does); the other
// names live in the Claude dir, where a symlink is allowed only into the store `ccsync setup`
// made (the dir `projects` links to) and then the store's file is the one read and written.
// Messages match the node agent's word for word (the engine must not tell the agents apart).
//
// Shell `${…}` is written `%{…}` (prelude.ts shText). Tools: no readlink on the fixture's
// no-node PATH, so a link's target comes from GNU `find -printf %l` or BSD `stat -f %Y`.

export const WIRE_PATH_FUNCTIONS = String.raw`
case $C in "$HOME/.claude"|"$HOME/.claude/") CJ=$HOME/.claude.json ;; *) CJ=%{C%/}/.claude.json ;; esac
# the target of symlink $1, as written in the link
lnk() { if [ "$ST" = gnu ]; then find "$1" -maxdepth 0 -printf '%l'; else stat -f %Y -- "$1"; fi; }
# <store>/NAME when $C/NAME links there and $C/projects links to <store>/projects (both absolute)
store_target() {
  t=$(lnk "$C/$1") && p=$(lnk "$C/projects") || return 1
  case $t in /*) ;; *) return 1 ;; esac
  case $p in /*/projects|/projects) ;; *) return 1 ;; esac
  [ "$t" = "%{p%/projects}/$1" ] || return 1
  printf '%s' "$t"
}
# top NAME: the file a top-level wire name stands for, in A. 0 a regular file, 1 refused
# (message in W), 2 missing (A is where a write creates it)
top() {
  W=
  if [ "$1" = .claude.json ]; then
    A=$CJ; i=0
    while [ -L "$A" ] && [ "$i" -lt 32 ]; do
      l=$(lnk "$A") || break; i=$((i + 1))
      case $l in /*) A=$l ;; *) A=%{A%/*}/$l ;; esac
    done
    if [ ! -e "$A" ] && [ ! -L "$A" ]; then A=$CJ; return 2; fi
    if [ -L "$A" ] || [ ! -f "$A" ]; then W="refusing .claude.json: $CJ is not a regular file"; return 1; fi
    return 0
  fi
  A=$C/$1
  if [ -L "$A" ]; then
    A=$(store_target "$1") || { W="refusing \"$1\": it is a symlink, and not one into the store that ccsync setup made"; return 1; }
    if [ -L "$A" ] || { [ -e "$A" ] && [ ! -f "$A" ]; }; then W="refusing \"$1\": $A in the store is not a regular file"; return 1; fi
    [ -e "$A" ] || return 2
    return 0
  fi
  [ -e "$A" ] || return 2
  [ -f "$A" ] || { W="refusing \"$1\": not a regular file"; return 1; }
}
`;
