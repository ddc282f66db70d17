// Both sides' manifests in one turn each, with the ancestor's records as probes so an
// untouched file costs neither side a read (ARCHITECTURE.md, "Quick check").
import type { ExtrasRequest, Manifest, Probe } from '../wire/protocol.js';
import type { Transport } from '../transport/transport.js';
import type { Scope } from '../planner/pair-dirs.js';
import type { AncestorState, Side } from '../planner/types.js';
import { timed } from '../timeline.js';

export function probesFor(ancestor: AncestorState, side: Side): Probe[] {
  return Object.values(ancestor.entries).map((entry) => {
    const record = entry[side];
    return record.path.endsWith('.jsonl')
      ? { path: record.path, size: record.size, mtimeMs: record.mtimeMs, prefixLen: record.len }
      : { path: record.path, size: record.size, mtimeMs: record.mtimeMs };
  });
}

/**
 * `remote` may still be opening (ssh and the agent's start-up, ~1 s): this side's manifest is
 * read meanwhile (issue #3, incremental wall goals).
 */
export async function readManifests(
  local: Transport,
  remote: Transport | Promise<Transport>,
  ancestor: AncestorState,
  scope: Scope,
  sessionIds?: string[],
  extras?: ExtrasRequest,
): Promise<{ local: Manifest; remote: Manifest }> {
  const filter = { ...(sessionIds ? { sessionIds } : {}), ...(extras ? { extras } : {}) };
  const [localManifest, remoteManifest] = await Promise.all([
    timed('manifest local', () => local.manifest({ scopeRoots: scope.localRoots, probes: probesFor(ancestor, 'local'), ...filter })),
    Promise.resolve(remote).then((far) => timed('manifest remote', () => far.manifest({ scopeRoots: scope.remoteRoots, probes: probesFor(ancestor, 'remote'), ...filter }))),
  ]);
  return { local: localManifest, remote: remoteManifest };
}
