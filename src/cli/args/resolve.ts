// `ccsync resolve [REMOTE] [SESSION|PATH] [--keep local|remote|both | --merge]`: check the
// arguments and hand one typed value to the command (src/commands/resolve.ts). REMOTE may be
// left out when exactly one remote has recorded conflicts (or only one remote is configured).
import { remoteNames, resolveRemote } from '../../config/resolve-remote.js';
import { ancestorPath } from '../../config/paths.js';
import { UsageError } from '../../errors.js';
import { loadAncestor } from '../../sync/ancestor-store.js';
import { runResolve, type ResolveOptions } from '../../commands/resolve.js';
import { pickChoices, type PickerIO } from '../picker.js';
import { printResolve } from '../print/resolve.js';
import { CHOICES, type Choice } from '../../resolve/resolve-types.js';
import { parseScope, parseSessionArg } from './scope.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseSessionRef } from '../../store/session-prefix.js';
import { localSessionId } from '../../commands/session-ref.js';
import type { CommandContext } from '../../commands/context.js';
import { checkRemoteName } from './remote.js';

export interface ResolveArgs {
  remote?: string;
  target?: string;
  keep?: string;
  merge: boolean;
  all: boolean;
  dryRun: boolean;
  json: boolean;
  force: boolean;
}

const CHOICE_FLAGS = '--keep local, --keep remote, --keep both or --merge';

function parseChoice(keep: string | undefined, merge: boolean): Choice | undefined {
  if (keep !== undefined && merge) throw new UsageError('give --keep or --merge, not both');
  if (merge) return 'merge';
  if (keep === undefined) return undefined;
  const choice = CHOICES.find((item) => item === keep && item !== 'merge');
  if (choice === undefined) throw new UsageError(`--keep ${JSON.stringify(keep)}: use --keep local, --keep remote or --keep both`);
  return choice;
}

/** The remotes whose sync state records a conflict. */
async function remotesWithConflicts(ctx: CommandContext, names: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const name of names) {
    const state = await loadAncestor(ancestorPath(ctx.stateDir, name));
    if (Object.values(state.entries).some((entry) => entry.conflict !== undefined)) out.push(name);
  }
  return out;
}

/** The remote named, or the only sensible one; and what is left as SESSION|PATH. */
async function pickRemote(ctx: CommandContext, args: ResolveArgs): Promise<{ name: string; target: string | undefined }> {
  const names = remoteNames(ctx.config.file);
  if (names.length === 0) throw new UsageError('no remotes are configured; add one with `ccsync remote add NAME DEST`');
  const first = args.remote;
  if (first !== undefined && (names.includes(first) || args.target !== undefined || !(parseSessionRef(first) !== undefined || /[/.~]/.test(first)))) {
    return { name: checkRemoteName(first), target: args.target };
  }
  // The first argument is a session id or a path: the remote is the one with conflicts.
  if (names.length === 1 && names[0] !== undefined) return { name: names[0], target: first };
  const withConflicts = await remotesWithConflicts(ctx, names);
  if (withConflicts.length === 1 && withConflicts[0] !== undefined) return { name: withConflicts[0], target: first };
  const which = withConflicts.length === 0 ? `configured: ${names.join(', ')}` : `with recorded conflicts: ${withConflicts.join(', ')}`;
  throw new UsageError(`name the remote: \`ccsync resolve REMOTE${first === undefined ? '' : ` ${first}`}\` (${which})`);
}

export async function parseResolveArgs(ctx: CommandContext, args: ResolveArgs, picker: PickerIO | undefined): Promise<ResolveOptions> {
  const choice = parseChoice(args.keep, args.merge);
  const { name, target } = await pickRemote(ctx, args);
  // a session id or the start of one (`status` prints 8 characters); anything else is a PATH
  const isSession = target !== undefined && parseSessionRef(target) !== undefined && !existsSync(resolve(ctx.cwd, target));
  if (isSession && args.all) throw new UsageError('give either SESSION or --all, not both');
  const scope = parseScope(ctx.cwd, isSession ? undefined : target, args.all, 'PATH');
  const interactive = choice === undefined && ctx.isTTY && !args.json && picker !== undefined;
  const options: ResolveOptions = {
    remote: resolveRemote(ctx.config, name, ctx.env),
    scope,
    dryRun: args.dryRun,
    json: args.json,
    force: args.force,
  };
  const ref = isSession ? parseSessionArg(target, 'SESSION') : undefined;
  const sessionId = ref === undefined ? undefined : await localSessionId(ctx, ref);
  if (sessionId !== undefined) options.sessionId = sessionId;
  if (choice !== undefined) options.choice = choice;
  if (interactive) options.choose = (previews, remoteName) => pickChoices(previews, remoteName, picker);
  // Nothing to choose with: fine when nothing is in conflict (the run says so, exit 0); a
  // usage error naming the flags once there is something to choose (src/commands/resolve.ts).
  if (choice === undefined && !interactive && !args.dryRun) {
    const why = args.json ? '--json asks for no prompt' : 'there is no terminal to ask on';
    options.noChoice = `choose what to keep with ${CHOICE_FLAGS} (${why}); --dry-run lists them`;
  }
  return options;
}

export async function resolveCommand(ctx: CommandContext, args: ResolveArgs, picker?: PickerIO): Promise<number> {
  const options = await parseResolveArgs(ctx, args, picker);
  return printResolve(ctx, await runResolve(ctx, options), options.json);
}
