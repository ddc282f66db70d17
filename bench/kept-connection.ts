// "No change over a kept connection" (issue #11: `watch` and hooks keep one connection): one
// process opens both sides once, as `watch` would, then runs the same no-change push several
// times over them, and prints each poll's wall time (JSON on stdout). Run by bench.ts with the
// bench's environment, after the scenarios (the ancestor is then current).
import { homedir } from 'node:os';
import { createContext } from '../src/commands/context.js';
import { ancestorPath } from '../src/config/paths.js';
import { resolveRemote } from '../src/config/resolve-remote.js';
import { newRunId } from '../src/agent/backups.js';
import { loadAncestor } from '../src/sync/ancestor-store.js';
import { remoteScope } from '../src/commands/remote-scope.js';
import { syncSides } from '../src/sync/sync-session.js';
import { openLocalTransport, openRemoteTransport } from '../src/transport/open-transport.js';

const POLLS = Number(process.argv[2] ?? '7');

async function main(): Promise<void> {
  const ctx = await createContext({ env: { ...process.env }, home: process.env['HOME'] ?? homedir(), cwd: process.cwd(), stdout: () => undefined, stderr: (text) => void process.stderr.write(text), isTTY: false });
  const remote = resolveRemote(ctx.config, 'bench', ctx.env);
  const scope = await remoteScope(remote, { kind: 'all' });
  const runId = newRunId();
  const openStarted = performance.now();
  const local = await openLocalTransport(ctx, runId);
  const far = await openRemoteTransport(ctx, remote, runId);
  const openMs = performance.now() - openStarted;
  const pollsMs: number[] = [];
  let actions = 0;
  try {
    for (let poll = 0; poll < POLLS; poll++) {
      const started = performance.now();
      const ancestor = await loadAncestor(ancestorPath(ctx.stateDir, remote.name));
      const result = await syncSides({
        remoteName: remote.name,
        local,
        remote: far,
        ancestor,
        userPairs: remote.pairs,
        scope,
        options: { direction: 'push', delete: false, force: false, now: Date.now() },
        extras: { config: false, credentials: false, projectSettings: false },
        dryRun: false,
      });
      pollsMs.push(performance.now() - started);
      actions += result.plan.actions.length;
    }
  } finally {
    await far.close();
  }
  process.stdout.write(`${JSON.stringify({ openMs, pollsMs, actions })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`kept-connection: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
