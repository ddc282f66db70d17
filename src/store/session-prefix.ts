// Session ids as people type them (issue #10): the full UUID, or a unique prefix of it — the 8
// characters `status` and `sessions` show are enough, as with git's short hashes. A prefix
// that names several sessions lists them; one that names none says where to look.
import { ExitError } from '../errors.js';

/** What the user gave: a whole id, or the start of one (at least 4 characters). */
export type SessionRef = { kind: 'id'; id: string } | { kind: 'prefix'; prefix: string };

/** A session a prefix may name, and where it is (a project path, "local", "remote 'pod'"). */
export interface SessionCandidate {
  id: string;
  where: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DASHES = new Set([8, 13, 18, 23]);
export const MIN_PREFIX = 4;

export function isSessionId(text: string): boolean {
  return UUID.test(text);
}

/** The start of a UUID as `status` prints it (lowercase hex, dashes where a UUID has them). */
export function isSessionPrefix(text: string): boolean {
  if (text.length < MIN_PREFIX || text.length > 36) return false;
  return [...text].every((char, index) => (DASHES.has(index) ? char === '-' : /[0-9a-f]/.test(char)));
}

/** A typed id or prefix (case and surrounding blanks ignored); undefined when it is neither. */
export function parseSessionRef(text: string): SessionRef | undefined {
  const value = text.trim().toLowerCase();
  if (isSessionId(value)) return { kind: 'id', id: value };
  if (isSessionPrefix(value)) return { kind: 'prefix', prefix: value };
  return undefined;
}

const SHOWN = 10;

/**
 * The one session `prefix` names among `candidates` (one id may be listed from several
 * places: it counts once). `scope` finishes "no session starts with P …", e.g. "here or on 'pod'".
 */
export function matchSessionPrefix(prefix: string, candidates: readonly SessionCandidate[], scope: string, hint: string): string {
  const places = new Map<string, string[]>();
  for (const candidate of candidates) {
    if (!candidate.id.startsWith(prefix)) continue;
    places.set(candidate.id, [...(places.get(candidate.id) ?? []), candidate.where]);
  }
  const ids = [...places.keys()].sort();
  const [only] = ids;
  if (ids.length === 1 && only !== undefined) return only;
  if (only === undefined) throw new ExitError(`no session id starts with ${prefix} ${scope}: ${hint}`);
  const rows = ids.slice(0, SHOWN).map((id) => `  ${id}  ${[...new Set(places.get(id))].join(', ')}`);
  const more = ids.length > SHOWN ? [`  … and ${ids.length - SHOWN} more`] : [];
  throw new ExitError([`${prefix} is the start of ${ids.length} session ids ${scope}; give more of the id:`, ...rows, ...more].join('\n'));
}
