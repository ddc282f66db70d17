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

// The fields whose values are never rewritten (ids). Over-matches (a key `x"uuid` also fits),
// which only sends a line to the slow walk; ASCII only.
const IDENTIFIER_FIELD = /"(?:uuid|parentUuid|leafUuid|sessionId)"[ \t\r\n]*:[ \t\r\n]*/g;

/** An identifier field's value may hold one of the (escaped) prefixes: the line needs the walk. */
export function identifierMayHoldPrefix(line: string, prefixes: readonly string[]): boolean {
  IDENTIFIER_FIELD.lastIndex = 0;
  for (let found = IDENTIFIER_FIELD.exec(line); found !== null; found = IDENTIFIER_FIELD.exec(line)) {
    const valueStart = found.index + found[0].length;
    const first = line.charCodeAt(valueStart);
    if (first === 0x7b || first === 0x5b) return true; // an object or array: let the walk decide
    if (first !== 0x22) continue;
    const close = closingQuote(line, valueStart + 1);
    const value = line.slice(valueStart + 1, close < 0 ? line.length : close);
    // every prefix is an absolute path starting with '/': a uuid (the usual value) needs no look
    if (value.includes('/') && prefixes.some((prefix) => value.includes(prefix))) return true;
  }
  return false;
}
