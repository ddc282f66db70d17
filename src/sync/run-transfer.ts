// `ccsync push | pull | sync`: open both sides, take the lock, run one sync, save the state,
// report. Exit codes: 0 done, 1 a write failed, 3 conflicts left to resolve (README).
import { join } from 'node:path';
import type { CommandContext } from '../cli/context.js';
import type { TransferOptions } from '../cli/commands/transfer.js';
import { ancestorPath, backupsDir, lockPath } from '../config/paths.js';
import { EXIT, ExitError } from '../errors.js';
import { newRunId, pruneBackups } from '../agent/backups.js';
import { acquireLock } from '../fs/lock.js';
import { openLocalTransport, openRemoteTransport } from '../transport/open-transport.js';
import { loadAncestor, saveAncestor } from './ancestor-store.js';
import { describeOutcomes, describePlan, summarize } from './describe-plan.js';
import { remoteScope } from './remote-scope.js';
import { syncSides, type SyncResult } from './sync-session.js';

/** `--session ID` that names no session on either side is a typo, not "nothing to do". */
function requireSession(sessionId: string, manifests: SyncResult['manifests'], remoteName: string): void {
  const name = `${sessionId}.jsonl`;
  const found = [manifests.local, manifests.remote].some((manifest) => manifest.projects.some((project) => project.inScope && project.jsonl.includes(name)));
  if (!found) {
    throw new ExitError(`no session ${sessionId} in this project here or on '${remoteName}': \`ccsync sessions\` and \`ccsync status ${remoteName} --all\` list them (or add --all)`);
  }
}

export async function runTransfer(ctx: CommandContext, options: TransferOptions): Promise<number> {
  const remote = options.remote;
  const scope = await remoteScope(remote, options.scope);
  const runId = newRunId();
  const lock = await acquireLock(lockPath(ctx.stateDir));
  try {
    const local = await openLocalTransport(ctx, runId);
    const statePath = ancestorPath(ctx.stateDir, remote.name);
    const ancestor = await loadAncestor(statePath);
    // Not awaited here: ssh and the remote agent start while the local manifest is read.
    const opening = openRemoteTransport(ctx, remote, runId);
    opening.catch(() => undefined); // a failure surfaces through syncSides
    try {
      const result = await syncSides({
        remoteName: remote.name,
        local,
        remote: opening,
        ancestor,
        userPairs: remote.pairs,
        scope,
        ...(options.sessionId ? { sessionIds: [options.sessionId] } : {}),
        options: { direction: options.direction, delete: options.delete, force: options.force, now: Date.now() },
        dryRun: options.dryRun,
        progress: (line) => {
          if (ctx.isTTY && !options.json) ctx.stderr(`${line}\n`);
        },
      });
      const far = await opening;
      if (options.sessionId !== undefined) requireSession(options.sessionId, result.manifests, remote.name);
      if (result.outcomes) {
        await saveAncestor(statePath, result.ancestor);
        await pruneBackups(join(backupsDir(ctx.stateDir), 'local'), undefined, runId);
        await pruneBackups(join(backupsDir(ctx.stateDir), remote.name), undefined, runId);
      }
      const summary = summarize(result.plan, result.outcomes, result.warnings);
      if (options.json) {
        ctx.stdout(`${JSON.stringify({ remote: remote.name, turns: { local: local.turns, remote: far.turns }, ...summary })}\n`);
      } else {
        for (const warning of result.warnings) ctx.stderr(`warning: ${warning}\n`);
        const lines = result.outcomes ? describeOutcomes(summary) : describePlan(result.plan);
        ctx.stdout(`${lines.join('\n')}\n`);
      }
      if (summary.failed > 0) return EXIT.error;
      if (summary.conflicts > 0) return EXIT.conflicts;
      return EXIT.ok;
    } finally {
      // the local side may have failed first: the remote, once open, is closed all the same
      await opening.then((far) => far.close(), () => undefined);
    }
  } finally {
    await lock.release();
  }
}
