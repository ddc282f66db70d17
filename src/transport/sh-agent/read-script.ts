// The read turn of the sh agent: byte ranges of files, each through the same gate as the node
// agent's readRanges (safe path, no symlink below the top level, a regular file), concatenated
// into one body that is gzipped when the remote has gzip and the client asked for it.
// Records: B body (raw or gzip) · E an error that fails the whole read, as in the node agent.
import type { ReadRequest } from '../../wire/protocol.js';
import { shellQuote } from '../shell-quote.js';
import { PRELUDE, shText } from './prelude.js';

const READ_FUNCTION = String.raw`
: >"$T/r"
rd() { # REL OFFSET LENGTH
  inside "$1" r; k=$?
  if [ "$k" = 2 ]; then recs E "cannot read $1 [$2, +$3): no such file"; exit 0; fi
  if [ "$k" != 0 ]; then recs E "cannot read $1 [$2, +$3): $W"; exit 0; fi
  before=$(($(wc -c <"$T/r")))
  win "$A" "$2" "$3" >>"$T/r"
  if [ "$(($(wc -c <"$T/r")))" -ne $((before + $3)) ]; then
    recs E "cannot read $1 [$2, +$3): file ended before $(($2 + $3)) bytes (it changed while being read)"; exit 0; fi
}
`;

const FINISH = String.raw`
if [ "$ZIP" = 1 ] && [ "$GZ" = 1 ]; then gzip -c -6 <"$T/r" >"$T/rz" && rec Z "$T/rz"; else rec B "$T/r"; fi
`;

export function readScript(requests: ReadRequest[], gzip: boolean): { script: string; data: Buffer } {
  const calls = requests.map((request) => `rd ${shellQuote(request.path)} ${request.offset} ${request.length}`);
  const script = `${PRELUDE}ZIP=${gzip ? 1 : 0}\n${shText(READ_FUNCTION)}${calls.join('\n')}\n${shText(FINISH)}`;
  return { script, data: Buffer.alloc(0) };
}
