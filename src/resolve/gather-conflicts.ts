// The I/O half of finding what is in conflict with one remote: both manifests (one turn per
// side), the same classification the planner and `status` use (plan-classify.ts), then one
// read turn per side for the whole of each conflicting transcript and of its fork copies.
import { createPathMap, type PathMap, type PathPair } from '../mapping/path-map.js';
import type { FileEntry, Manifest, ReadRequest } from '../wire/protocol.js';
import type { Transport } from '../transport/transport.js';
import { forkSessionId } from '../planner/fork-id.js';
import { contentPairs, pairProjectDirs, type Scope } from '../planner/pair-dirs.js';
import { compareCopies } from '../planner/compare-copies.js';
import { assess, sideFacts } from '../planner/plan-classify.js';
import { comparisonBasis } from '../planner/plan-reconcile.js';
import { rewriteLineBytes } from '../mapping/rewrite-jsonl.js';
import { indexSide, isTranscriptKey, splitProjectPath, type SideIndex } from '../planner/plan-keys.js';
import { readManifests } from '../sync/read-manifests.js';
import type { AncestorState, Side } from '../planner/types.js';
import type { ConflictFacts, TranscriptCopy } from './resolve-types.js';

export interface GatherRequest {
  remoteName: string;
  local: Transport;
  remote: Transport;
  ancestor: AncestorState;
  userPairs: readonly PathPair[];
  scope: Scope;
  /** only this session (`resolve REMOTE SESSION`) */
  sessionId?: string;
}

export interface Gathered {
  conflicts: ConflictFacts[];
  /** converts lines between the sides, as sync does (user pairs, project dirs, homes) */
  map: PathMap;
  warnings: string[];
}

/** Where one file sits on one side and how many complete bytes it has. */
interface Located {
  entry: FileEntry;
  len: number;
}

interface Candidate {
  sid: string;
  reason: string;
  recorded: boolean;
  /** not recorded: a conflict only if the comparison finds a rewrite (planner/compare-copies.ts) */
  basis?: ReturnType<typeof comparisonBasis>;
  forkId?: string;
  keepBothId: string;
  files: Record<Side, Located>;
  fork: Partial<Record<Side, Located>>;
  keepBoth: Partial<Record<Side, Located>>;
}

function only(index: SideIndex, key: string): FileEntry | undefined {
  const entries = index.byKey.get(key);
  return entries?.length === 1 ? entries[0] : undefined;
}

function describeChange(local: string, remote: string): string {
  const changed = [local === 'changed' ? 'local' : '', remote === 'changed' ? 'remote' : ''].filter((side) => side !== '');
  const who = changed.length === 2 ? 'both copies' : `the ${changed.join('')} copy`;
  return `${who} no longer extend${changed.length === 2 ? '' : 's'} the last-synced history (rewritten or shortened)`;
}

function candidatesOf(local: Manifest, remote: Manifest, ancestor: AncestorState, sessionId: string | undefined): Candidate[] {
  const sides: Record<Side, SideIndex> = { local: indexSide('local', local), remote: indexSide('remote', remote) };
  const out: Candidate[] = [];
  for (const key of [...sides.local.byKey.keys()].filter(isTranscriptKey).sort()) {
    const sid = key.slice(0, -'.jsonl'.length);
    if (sessionId !== undefined && sid !== sessionId) continue;
    const localEntry = only(sides.local, key);
    const remoteEntry = only(sides.remote, key);
    const record = ancestor.entries[key];
    if (!localEntry || !remoteEntry || !record) continue;
    const localFacts = sideFacts(localEntry, record.local);
    const remoteFacts = sideFacts(remoteEntry, record.remote);
    const assessment = assess('jsonl', localFacts, remoteFacts, record);
    const compare = assessment?.status === 'diverged' && assessment.reconcile;
    if (assessment === undefined || (assessment.status !== 'conflict' && !compare)) continue;
    const locate = (id: string): Partial<Record<Side, Located>> => {
      const found: Partial<Record<Side, Located>> = {};
      for (const side of ['local', 'remote'] as const) {
        const entry = only(sides[side], `${id}.jsonl`);
        if (entry) found[side] = { entry, len: sideFacts(entry, ancestor.entries[`${id}.jsonl`]?.[side]).len };
      }
      return found;
    };
    const keepBothId = forkSessionId(sid, remoteFacts.fp ?? `len:${remoteFacts.len}`);
    const candidate: Candidate = {
      sid,
      reason: record.conflict?.reason ?? describeChange(assessment.local, assessment.remote),
      recorded: record.conflict !== undefined,
      keepBothId,
      files: { local: { entry: localEntry, len: localFacts.len }, remote: { entry: remoteEntry, len: remoteFacts.len } },
      fork: record.conflict ? locate(record.conflict.forkId) : {},
      keepBoth: locate(keepBothId),
    };
    if (record.conflict) candidate.forkId = record.conflict.forkId;
    if (compare) candidate.basis = comparisonBasis(assessment, record, { local: localFacts.len, remote: remoteFacts.len });
    out.push(candidate);
  }
  return out;
}

export async function gatherConflicts(request: GatherRequest): Promise<Gathered> {
  const { local, remote, ancestor } = request;
  const manifests = await readManifests(local, remote, ancestor, request.scope);
  const paired = pairProjectDirs(manifests.local, manifests.remote, createPathMap(request.userPairs), request.remoteName);
  const map = createPathMap(contentPairs(request.userPairs, manifests.local, manifests.remote, paired.pairings));
  const candidates = candidatesOf(manifests.local, manifests.remote, ancestor, request.sessionId);
  const reads: Record<Side, ReadRequest[]> = { local: [], remote: [] };
  const want = (side: Side, located: Located | undefined): void => {
    if (located && !reads[side].some((read) => read.path === located.entry.path)) reads[side].push({ path: located.entry.path, offset: 0, length: located.len });
  };
  for (const candidate of candidates) {
    for (const side of ['local', 'remote'] as const) {
      want(side, candidate.files[side]);
      want(side, candidate.fork[side]);
      want(side, candidate.keepBoth[side]);
    }
  }
  const [localData, remoteData] = await Promise.all([local.read(reads.local), remote.read(reads.remote)]);
  const bytes = { local: new Map(localData.map((result) => [result.path, result.data])), remote: new Map(remoteData.map((result) => [result.path, result.data])) };
  const manifestOf: Record<Side, Manifest> = { local: manifests.local, remote: manifests.remote };
  const copyOf = (side: Side, located: Located, id: string): TranscriptCopy => {
    const dir = splitProjectPath(located.entry.path)?.dir;
    const manifest = manifestOf[side];
    return {
      path: located.entry.path,
      size: located.entry.size,
      mtimeMs: located.entry.mtimeMs,
      data: bytes[side].get(located.entry.path) ?? Buffer.alloc(0),
      live: manifest.liveSessionIds.includes(id),
      dirHasIndex: manifest.projects.some((project) => project.dir === dir && project.hasSessionsIndex),
    };
  };
  const copies = (found: Partial<Record<Side, Located>>, id: string): Partial<Record<Side, TranscriptCopy>> => {
    const out: Partial<Record<Side, TranscriptCopy>> = {};
    for (const side of ['local', 'remote'] as const) {
      const located = found[side];
      if (located) out[side] = copyOf(side, located, id);
    }
    return out;
  };
  // A copy that only changed order or gained lines elsewhere is no conflict: the next sync merges it.
  const rewriteOf = (candidate: Candidate): string | undefined => {
    if (candidate.basis === undefined) return candidate.reason;
    const toLocal = (line: Buffer): Buffer => rewriteLineBytes(map, line, 'toLocal');
    const toRemote = (line: Buffer): Buffer => rewriteLineBytes(map, line, 'toRemote');
    const data = { local: copyOf('local', candidate.files.local, candidate.sid).data, remote: copyOf('remote', candidate.files.remote, candidate.sid).data };
    const verdict = compareCopies({ ...data, toLocal, toRemote, ...candidate.basis });
    return verdict.kind === 'rewritten' ? verdict.reason : undefined;
  };
  const conflicts = candidates.flatMap((candidate): ConflictFacts[] => {
    const reason = rewriteOf(candidate);
    if (reason === undefined) return [];
    const facts: ConflictFacts = {
      sessionId: candidate.sid,
      reason,
      recorded: candidate.recorded,
      local: copyOf('local', candidate.files.local, candidate.sid),
      remote: copyOf('remote', candidate.files.remote, candidate.sid),
      fork: candidate.forkId ? copies(candidate.fork, candidate.forkId) : {},
      keepBothId: candidate.keepBothId,
      keepBoth: copies(candidate.keepBoth, candidate.keepBothId),
      ancestorKeys: {
        fork: candidate.forkId !== undefined && ancestor.entries[`${candidate.forkId}.jsonl`] !== undefined,
        keepBoth: ancestor.entries[`${candidate.keepBothId}.jsonl`] !== undefined,
      },
    };
    if (candidate.forkId) facts.forkId = candidate.forkId;
    return [facts];
  });
  const warnings = [
    ...manifests.local.warnings.map((line) => `local: ${line}`),
    ...manifests.remote.warnings.map((line) => `${remote.label}: ${line}`),
    ...paired.warnings,
  ];
  return { conflicts, map, warnings };
}
