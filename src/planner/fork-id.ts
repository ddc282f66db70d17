// The session id a diverged copy is kept under (ARCHITECTURE.md, "fork"). Derived from the
// original id and the incoming copy's fingerprint, so a rerun that meets the same divergence
// names the same fork instead of making a second one.
import { createHash } from 'node:crypto';

/** A UUID-shaped id (version nibble 5, RFC 4122 variant) from sha256(sessionId, incomingFp). */
export function forkSessionId(sessionId: string, incomingFp: string): string {
  const digest = createHash('sha256').update(`ccsync-fork1\n${sessionId}\n${incomingFp}\n`).digest();
  const bytes = digest.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
