// A session id or unique prefix (src/store/session-prefix.ts) made whole: against this
// machine's sessions (export, launch --resume, resolve), or against both sides of a run
// (push/pull/sync --session: a session may exist on the remote only).
import type { ProcessIO } from './context.js';
import { listLocalSessions, resolveClaudeDir } from '../store/claude-dir.js';
import { matchSessionPrefix, type SessionCandidate, type SessionRef } from '../store/session-prefix.js';
import type { Transport } from '../transport/transport.js';
import type { Scope } from '../planner/pair-dirs.js';
import { readManifests } from '../sync/read-manifests.js';
import { emptyAncestor } from '../sync/ancestor-store.js';

const LISTED = '`ccsync sessions --all` lists them';

/** The whole id of `ref` among every session on this machine. */
export async function localSessionId(io: Pick<ProcessIO, 'env' | 'home'>, ref: SessionRef): Promise<string> {
  if (ref.kind === 'id') return ref.id;
  const listings = await listLocalSessions(resolveClaudeDir(io.env, io.home));
  const candidates = listings.map((listing): SessionCandidate => ({ id: listing.sessionId, where: listing.projectPath ?? `projects/${listing.projectDir}` }));
  return matchSessionPrefix(ref.prefix, candidates, 'on this machine', LISTED);
}

/**
 * The whole id of `ref` among the sessions of a run's scope on both sides: one manifest turn
 * per side that lists the session names only (an empty id filter lists no files).
 */
export async function runSessionId(ref: SessionRef, sides: { local: Transport; remote: Transport | Promise<Transport> }, scope: Scope, remoteName: string): Promise<string> {
  if (ref.kind === 'id') return ref.id;
  const manifests = await readManifests(sides.local, sides.remote, emptyAncestor(), scope, []);
  const candidates: SessionCandidate[] = [];
  for (const [side, where] of [['local', 'here'], ['remote', `on '${remoteName}'`]] as const) {
    for (const project of manifests[side].projects) {
      if (!project.inScope) continue;
      for (const name of project.jsonl) {
        const id = name.replace(/\.jsonl$/, '');
        if (!id.startsWith('agent-')) candidates.push({ id, where });
      }
    }
  }
  return matchSessionPrefix(ref.prefix, candidates, `in this project here or on '${remoteName}'`, `\`ccsync sessions\` and \`ccsync status ${remoteName}\` list them (or add --all)`);
}
