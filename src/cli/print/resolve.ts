// The words of `ccsync resolve`: one JSON document, or per conflict its preview (unless the
// picker showed it) and what became of it, and a closing count.
import type { ProcessIO } from '../../commands/context.js';
import { writeJson } from '../output.js';
import type { ResolveResult } from '../../commands/resolve.js';
import { describeOutcome, describePreview } from './describe-resolve.js';

export function printResolve(io: Pick<ProcessIO, 'stdout'>, result: ResolveResult, json: boolean): number {
  if (result.cancelled) return result.exitCode;
  const { remote, previews, outcomes, resolved, remaining, failed, dryRun } = result;
  if (json) {
    const conflicts = previews.map((preview) => {
      const outcome = outcomes.find((item) => item.sessionId === preview.sessionId);
      return outcome ? { ...preview, choice: outcome.choice, outcome } : preview;
    });
    writeJson(io, { remote, dryRun, conflicts, resolved, remaining, failed });
    return result.exitCode;
  }
  const lines: string[] = [];
  if (previews.length === 0) {
    lines.push(result.sessionId ? `session ${result.sessionId} is not in conflict with '${remote}'` : `no conflicts with '${remote}' in scope`);
  }
  for (const preview of previews) {
    const outcome = outcomes.find((item) => item.sessionId === preview.sessionId);
    if (!result.interactive || outcome === undefined) lines.push(...describePreview(preview, remote));
    lines.push(...(outcome ? describeOutcome(outcome, dryRun) : ['  left in conflict: pass --keep local|remote|both or --merge, or run on a terminal to choose']), '');
  }
  if (previews.length > 0) lines.push(`${dryRun ? 'would resolve' : 'resolved'} ${resolved} of ${previews.length} conflict(s) with '${remote}'`);
  io.stdout(`${lines.join('\n')}\n`);
  return result.exitCode;
}
