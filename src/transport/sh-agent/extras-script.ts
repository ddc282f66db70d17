// The manifest's `extras` on the sh agent (issue #10 item 11; the node agent's
// src/agent/list-extras.ts): the top-level files asked for (history.jsonl; CLAUDE.md and
// settings.json with --config; .credentials.json; .claude.json) each through `top`
// (wire-paths.ts), and with --config every file below the config areas. Runs inside the
// manifest script, after `desc` is defined and before it changes into the Claude dir.
//
// Records: Y wire name, then that file's D (or V if it vanished) · Q NAME TAB message: a
// refused top-level file · R area: not a directory · A stat lines of the config areas, whose
// regular files are then described (D, keyed by their paths relative to the Claude dir).
import type { ExtrasRequest } from '../../wire/protocol.js';
import { CONFIG_AREAS, CLAUDE_JSON } from '../../agent/safe-path.js';
import { CONFIG_TOP_FILES, CREDENTIALS_FILE, HISTORY_FILE } from '../../agent/list-extras.js';

/** The top-level names, in the order the node agent lists them. */
export function extrasTopNames(request: ExtrasRequest | undefined): string[] {
  if (request === undefined) return [];
  return [
    ...(request.history ? [HISTORY_FILE] : []),
    ...(request.config ? CONFIG_TOP_FILES : []),
    ...(request.credentials ? [CREDENTIALS_FILE] : []),
    ...(request.claudeJson ? [CLAUDE_JSON] : []),
  ];
}

export function extrasAreas(request: ExtrasRequest | undefined): readonly string[] {
  return request?.config ? CONFIG_AREAS : [];
}

/** Shell lines that set XT (top names) and XA (areas): fixed names only, nothing from the wire. */
export function extrasVariables(request: ExtrasRequest | undefined): string {
  return `XT='${extrasTopNames(request).join(' ')}'\nXA='${extrasAreas(request).join(' ')}'`;
}

const REGULAR_FILES_AWK = String.raw`{ p = $0; for (i = 0; i < 5; i++) sub(/^[^ ]* /, "", p) } length($1) == 4 && substr($1, 1, 1) == "8" { n = split(p, parts, "/"); if (parts[n] !~ /^\..*\.ccsync-.*\.tmp$/) print p }`;

export const EXTRAS_LIST = String.raw`
for n in $XT; do
  top "$n"; k=$?
  if [ "$k" = 1 ]; then recs Q "$n$TAB$W"; elif [ "$k" = 0 ]; then recs Y "$n"; desc D - - "$A"; fi
done
if [ -n "$XA" ] && [ -d "$C" ]; then (
  cd -- "$C" || exit 0
  : >"$T/xa"
  for a in $XA; do
    if [ -d "$a" ]; then stfind -H "$a" -mindepth 1 ! -name "$CTL" >>"$T/xa" 2>/dev/null
    elif [ -e "$a" ]; then recs R "$a"; fi
  done
  rec A "$T/xa"
  awk '${REGULAR_FILES_AWK}' "$T/xa" >"$T/xf"
  while IFS= read -r f; do desc D - - "$f"; done <"$T/xf"
) fi
`;
