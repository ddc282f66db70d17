// The words of `ccsync setup`: what the setup script reported, one line per step on stdout,
// its warnings on stderr.
import type { ProcessIO } from '../../commands/context.js';
import type { SetupResult } from '../../commands/setup.js';

/** How each line of the script is shown; `warn` goes to stderr, `error` ends the run. */
const LABELS: Record<string, string> = {
  ok: 'ok',
  did: 'done',
  would: 'would',
  kept: 'kept both',
  would_keep: 'would keep both',
};

export function printSetup(io: Pick<ProcessIO, 'stdout' | 'stderr'>, result: SetupResult): number {
  const { lines, remote } = result;
  const value = (key: string): string | undefined => lines.find((line) => line.key === key)?.text;
  io.stdout(`setup ${remote}: store ${value('store') ?? '?'}, Claude dir ${value('claude_dir') ?? '?'}${result.dryRun ? ' (dry run: nothing changed)' : ''}\n`);
  let changes = 0;
  for (const line of lines) {
    if (line.key === 'warn') io.stderr(`warning: ${line.text}\n`);
    const label = LABELS[line.key];
    if (label === undefined) continue;
    if (line.key !== 'ok') changes++;
    io.stdout(`  ${label.padEnd(15)} ${line.text}\n`);
  }
  if (changes === 0) io.stdout('  nothing to change: already set up\n');
  if (!result.installClaude && lines.some((line) => line.key === 'warn' && line.text.startsWith('claude is not installed'))) {
    io.stderr(`ccsync: to install it: \`ccsync setup ${remote} --install-claude\`\n`);
  }
  return result.exitCode;
}
