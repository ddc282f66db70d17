// Small scanners over one JSONL line as text, shared by the string rewrite (rewrite-jsonl.ts)
// and the byte rewrite (rewrite-jsonl-bytes.ts) so both find string ends and keys alike.

/** Index of the '"' that closes the JSON string holding `from`, or -1. */
export function closingQuote(line: string, from: number): number {
  for (let quote = line.indexOf('"', from); quote >= 0; quote = line.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (line.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return quote;
  }
  return -1;
}

export function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** The string that ends at `index` is an object key (a ':' follows it). */
export function isFollowedByColon(line: string, index: number): boolean {
  let next = index + 1;
  while (isJsonSpace(line.charCodeAt(next))) next++;
  return line.charCodeAt(next) === 0x3a;
}
