// The sh agent's half of issue #13's defects 3 and 4, with the node agent's rules
// (src/agent/append-journal.ts, leftovers.ts) and the same file formats, so either agent heals
// what the other left: an append writes a journal first (`.<name>.ccsync-<run>.append.tmp`:
// "ccsync-append1 <size before> <length>\n" + the bytes, its mtime the target's old one); the
// manifest turn removes temp files of runs that are over and cuts a target back to its old size
// when it stops inside the bytes of a dead run's journal. A run's pid in those names is the pid
// of the script that writes them (`$$`), on this machine, so "over" can be checked here.
// Record: O a note for the manifest's warnings.

/** Shell functions (prelude `%{…}` syntax); need the prelude's sz, win, fsync, recs and `$TR`. */
export const HEAL_FUNCTIONS = String.raw`
# whether pid $1 runs (src/agent/live-sessions.ts isPidAlive): a zombie does not
alive() {
  kill -0 "$1" 2>/dev/null || [ -d "/proc/$1" ] || return 1
  az=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  case %{az##*)} in ' Z '*) return 1 ;; esac
}
# the journal $1 of an append to $2: cut $2 back to its old size if every byte past it is the
# journal's and $2 stops inside them. Prints "cut N", "foreign" or nothing.
heal_j() {
  IFS=' ' read -r jt jp jl <"$1" || return 0
  [ "$jt" = ccsync-append1 ] || return 0
  case $jp$jl in ''|*[!0-9]*) return 0 ;; esac
  jh=$((17 + %{#jp} + %{#jl})); jz=$(sz "$1") || return 0
  [ $((jz - jh)) -lt "$jl" ] && jl=$((jz - jh))
  [ -f "$2" ] && [ ! -L "$2" ] || return 0
  js=$(sz "$2") || return 0
  [ "$js" -gt "$jp" ] || return 0
  jn=$js; [ "$jn" -gt $((jp + jl)) ] && jn=$((jp + jl)); jn=$((jn - jp))
  [ "$(win "$2" "$jp" "$jn" | cksum)" = "$(win "$1" "$jh" "$jn" | cksum)" ] || { echo foreign; return 0; }
  [ "$js" -ge $((jp + jl)) ] && return 0
  dd if=/dev/null of="$2" bs=1 seek="$jp" 2>/dev/null; [ "$(sz "$2")" = "$jp" ] || return 1
  touch -m -r "$1" -- "$2"; fsync "$2"; echo "cut $((js - jp))"
}
# one leftover (a path from the Claude dir): nothing while its run's pid lives; a temp file is
# removed; a journal is claimed (renamed to this script's run, so no other run acts on it) and healed
heal_one() {
  hd=%{1%/*}; hn=%{1##*/}; hr=%{hn%.tmp}; hk=tmp
  case $hr in *.append) hk=append; hr=%{hr%.append} ;; esac
  hrun=%{hr##*.ccsync-}; ht=%{hr%.ccsync-*}; ht=%{ht#.}; hp=%{hrun#*-}; hp=%{hp%%-*}
  case $hp in ''|*[!0-9]*) return 0 ;; esac
  alive "$hp" && return 0
  [ "$hk" = tmp ] && { rm -f -- "$1"; return 0; }
  hc=$hd/.$ht.ccsync-$TR.append.tmp
  mv -f -- "$1" "$hc" 2>/dev/null || return 0
  ho=$(heal_j "$hc" "$hd/$ht"); rm -f -- "$hc"
  case $ho in
    cut*) recs O "$hd/$ht: an append cut short by an interrupted ccsync run ($hrun) was rolled back (%{ho#cut } bytes)" ;;
    foreign) recs O "$hd/$ht: an interrupted ccsync append ($hrun) was followed by other writes; left as it is (\`ccsync verify\` checks it)" ;;
  esac
}
# the leftovers among the regular files of stat-lines file $1; returns 0 if there were any
heal_in() {
  awk '{ split($0, f, " "); p = $0; for (i = 0; i < 5; i++) sub(/^[^ ]* /, "", p)
    n = split(p, parts, "/"); if (length(f[1]) == 4 && substr(f[1], 1, 1) == "8" && parts[n] ~ /^\..*\.ccsync-.*\.tmp$/) print p }' "$1" >"$T/lo"
  [ -s "$T/lo" ] || return 1
  while IFS= read -r hf; do heal_one "$hf"; done <"$T/lo"
  return 0
}
# with the extras: leftovers at the Claude dir's top level (history.jsonl …) and beside ~/.claude.json
heal_top() {
  [ -n "$XT" ] || return 0
  { [ -d "$C" ] && stfind "$C" -maxdepth 1 -type f -name '.*.ccsync-*.tmp'
    stfind "$HOME" -maxdepth 1 -type f -name '..claude.json.ccsync-*.tmp'; } >"$T/ht" 2>/dev/null
  heal_in "$T/ht" || return 0
}
# scratch dirs of sh agents whose loop was killed (the trap that removes them did not run)
sweep_scratch() {
  for so in "%{T%/*}"/sh.*; do
    sp=%{so##*.}; case $sp in ''|*[!0-9]*) continue ;; esac
    [ "$so" = "$T" ] && continue
    alive "$sp" && continue
    rm -rf -- "$so"
  done
  for so in "%{T%/*}"/agent-*.cjs.*.tmp; do # the node loader's upload, cut short
    sp=%{so%.tmp}; sp=%{sp##*.}; case $sp in ''|*[!0-9]*) continue ;; esac
    alive "$sp" && continue
    rm -f -- "$so"
  done
}
`;

/** `TR`: a run id in this script's name (the client's stamp and random part, the script's pid). */
export function runToken(runId: string | undefined): string {
  return runId === undefined ? 'TR=$(date -u +%Y%m%dT%H%M%S)-$$-0' : 'TR=%{RUN%%-*}-$$-%{RUN##*-}';
}
