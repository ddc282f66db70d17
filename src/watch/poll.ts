// The cheap remote check of `ccsync watch`: the remote manifest a sync would ask for now (the
// same scope, the ancestor's probes, the history extra), over the kept connection, hashed.
// One turn; the remote agent answers unchanged files from a stat (the quick check), so an
// idle remote costs a readdir and a stat per file in scope.
import { ancestorPath } from '../config/paths.js';
import { extrasRequest } from '../config-sync/extras-plan.js';
import type { Scope } from '../planner/pair-dirs.js';
import { loadAncestor } from '../sync/ancestor-store.js';
import { probesFor } from '../sync/read-manifests.js';
import { manifestDigest } from '../sync/sync-pass.js';
import type { Transport } from '../transport/transport.js';

export async function remoteManifestDigest(stateDir: string, remoteName: string, transport: Transport, scope: Scope): Promise<string> {
  const ancestor = await loadAncestor(ancestorPath(stateDir, remoteName));
  const extras = extrasRequest({ direction: 'sync', delete: false, config: false, credentials: false, projectSettings: false, scope });
  const manifest = await transport.manifest({ scopeRoots: scope.remoteRoots, probes: probesFor(ancestor, 'remote'), extras });
  return manifestDigest(manifest);
}
