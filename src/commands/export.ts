// `ccsync export SESSION | --project PATH [-o FILE] [--no-redact] [--json]` (issue #5): the
// sessions' files → redaction → one bundle (bundle-format.ts) on stdout or written atomically
// (0600: transcripts hold what the user typed) to FILE. Redactions are reported per kind, file
// and line on stderr (or in the --json document) by src/cli/print/export.ts.
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { tempPathFor, writeTemp } from '../agent/atomic-write.js';
import { newRunId } from '../agent/backups.js';
import type { CommandContext } from './context.js';
import { readVersion } from './version.js';
import type { ProgressSink } from './progress-sink.js';
import { EXIT, ExitError } from '../errors.js';
import { formatBytes, shown } from '../display-text.js';
import { isAtOrBelow, listLocalSessions, resolveClaudeDir, type SessionListing } from '../store/claude-dir.js';
import { BUNDLE_FORMAT, BUNDLE_VERSION, type BundleFile, type BundleHeader } from '../bundle/bundle-format.js';
import { collectSessionFiles } from '../bundle/collect-session-files.js';
import { redactJsonl, redactPlainText, type Redaction } from '../bundle/redact-secrets.js';
import { decodeText, encodeBundle } from '../bundle/write-bundle.js';
import { matchSessionPrefix, type SessionRef } from '../store/session-prefix.js';

export interface ExportOptions {
  /** exactly one of session (an id or the start of one) and project */
  session?: SessionRef;
  project?: string;
  output?: string;
  redact: boolean;
  json: boolean;
}

function select(listings: readonly SessionListing[], options: ExportOptions, claudeDir: string): { chosen: SessionListing[]; root: string } {
  if (options.session !== undefined) {
    const ref = options.session;
    const candidates = listings.map((listing) => ({ id: listing.sessionId, where: listing.projectPath ?? `projects/${listing.projectDir}` }));
    const id = ref.kind === 'id' ? ref.id : matchSessionPrefix(ref.prefix, candidates, `in ${shown(claudeDir)}`, '`ccsync sessions --all` lists them');
    const found = listings.filter((listing) => listing.sessionId === id);
    if (found.length === 0) throw new ExitError(`no session ${id} in ${shown(claudeDir)}: \`ccsync sessions --all\` lists them`);
    const [only] = found;
    if (found.length > 1 || only === undefined) {
      throw new ExitError(`session ${id} is under ${found.length} project dirs (${found.map((l) => l.projectDir).join(', ')}): run \`ccsync verify --all\` and keep one`);
    }
    if (only.projectPath === undefined) throw new ExitError(`session ${id} records no cwd, so its project is unknown: nothing to export`);
    return { chosen: found, root: only.projectPath };
  }
  const root = options.project ?? '/';
  const chosen = listings.filter((listing) => isAtOrBelow(listing.projectPath, root));
  if (chosen.length === 0) throw new ExitError(`no sessions at or below ${shown(root)}: \`ccsync sessions --all\` lists the projects`);
  const ids = chosen.map((listing) => listing.sessionId);
  const twice = ids.find((id, index) => ids.indexOf(id) !== index);
  if (twice !== undefined) throw new ExitError(`session ${twice} is under two project dirs: run \`ccsync verify --all\` and keep one`);
  return { chosen, root };
}

/** Redacts text files in place of their bytes; binary files (images, archives) go as they are. */
export function redactFiles(files: readonly BundleFile[], report: Redaction[], onFile: () => void = () => undefined): BundleFile[] {
  return files.map((file) => {
    onFile();
    const text = decodeText(file.data);
    if (text === undefined) return file;
    const redacted = file.file.endsWith('.jsonl') ? redactJsonl(file.file, text, report) : redactPlainText(file.file, text, report);
    return redacted === text ? file : { ...file, data: Buffer.from(redacted, 'utf8') };
  });
}

function newestVersion(chosen: readonly SessionListing[]): string | undefined {
  const latest = [...chosen].sort((a, b) => (b.info.lastActivity ?? '').localeCompare(a.info.lastActivity ?? ''));
  return latest.find((listing) => listing.info.version !== undefined)?.info.version;
}

/** `-o DIR` (like `cp FILE DIR`): the bundle goes inside, named after the session or project. */
async function outputFile(given: string, chosenId: string | undefined, root: string): Promise<string> {
  const isDir = await stat(given).then((info) => info.isDirectory(), () => false);
  if (!isDir) return given;
  const stem = chosenId ?? (path.basename(root).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '') || 'sessions');
  return path.join(given, `ccsync-${stem}.jsonl`);
}

async function writeOutput(file: string, text: string): Promise<void> {
  const dirIsThere = await stat(path.dirname(file)).then((info) => info.isDirectory(), () => false);
  if (!dirIsThere) throw new ExitError(`-o ${shown(file)}: there is no directory ${shown(path.dirname(file))}; create it first`);
  const temp = tempPathFor(file, newRunId());
  try {
    await writeTemp(temp, Buffer.from(text, 'utf8'), Date.now());
    await rename(temp, file);
  } finally {
    await rm(temp, { force: true });
  }
}

/** What an export wrote (the bundle itself went to FILE or stdout); the CLI reports it. */
export interface ExportResult {
  exitCode: number;
  /** the bundle file, absolute; undefined: stdout */
  output: string | undefined;
  sessions: string[];
  files: number;
  bytes: number;
  redacted: boolean;
  secrets: number;
  redactions: Redaction[];
  warnings: string[];
}

export async function runExport(ctx: CommandContext, options: ExportOptions, progress: ProgressSink): Promise<ExportResult> {
  const claudeDir = resolveClaudeDir(ctx.env, ctx.home);
  const { chosen, root } = select(await listLocalSessions(claudeDir), options, claudeDir);
  const warnings: string[] = [];
  try {
    return await exportChosen(ctx, options, claudeDir, chosen, root, warnings, progress);
  } catch (error) {
    progress.fail();
    throw error;
  }
}

async function exportChosen(
  ctx: CommandContext,
  options: ExportOptions,
  claudeDir: string,
  chosen: SessionListing[],
  root: string,
  warnings: string[],
  progress: ProgressSink,
): Promise<ExportResult> {
  let files: BundleFile[] = [];
  progress.phase(`collecting ${chosen.length} session(s) from ${shown(claudeDir)}`, { count: chosen.length });
  for (const listing of chosen) {
    // select() made sure each has a project path (--project: by being under the root)
    const collected = await collectSessionFiles(claudeDir, listing, listing.projectPath ?? root);
    warnings.push(...collected.warnings);
    files.push(...collected.files);
    progress.advance(1);
  }
  const collectedBytes = files.reduce((sum, file) => sum + file.data.length, 0);
  const redactions: Redaction[] = [];
  if (options.redact) {
    progress.phase(`redacting ${files.length} file(s) (${formatBytes(collectedBytes)})`, { count: files.length, bytes: collectedBytes });
    files = redactFiles(files, redactions, () => progress.advance(1));
  }
  else warnings.push('--no-redact: secrets in these sessions (API keys, tokens, passwords) are in the bundle as they are; do not share or commit it');
  const claudeCodeVersion = newestVersion(chosen);
  const header: BundleHeader = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    createdAt: new Date().toISOString(),
    ccsyncVersion: readVersion(),
    ...(claudeCodeVersion !== undefined && { claudeCodeVersion }),
    originalPaths: { projectRoot: root, home: ctx.home, claudeDir },
    sessions: [...new Set(chosen.map((listing) => listing.sessionId))].sort(),
    redacted: options.redact,
  };
  const text = encodeBundle(header, files);
  const output = options.output === undefined ? undefined : await outputFile(path.resolve(ctx.cwd, options.output), options.session === undefined ? undefined : chosen[0]?.sessionId, root);
  const textBytes = Buffer.byteLength(text);
  progress.phase(`writing ${files.length} file(s) (${formatBytes(textBytes)}) to ${output === undefined ? 'stdout' : shown(output)}`, { count: 0, bytes: textBytes });
  if (output === undefined) ctx.stdout(text);
  else await writeOutput(output, text);
  progress.done();
  const secrets = redactions.reduce((sum, entry) => sum + entry.count, 0);
  return { exitCode: EXIT.ok, output, sessions: header.sessions, files: files.length, bytes: textBytes, redacted: options.redact, secrets, redactions, warnings };
}
