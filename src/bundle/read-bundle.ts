// Text → Bundle, every line parsed from unknown (issue #5, "Bad input"): not a bundle, a newer
// format version, a truncated or edited bundle, an entry outside its session's places — each is
// one ExitError naming what to do, raised before import writes anything.
import { createHash } from 'node:crypto';
import { safeRelPath } from '../agent/safe-path.js';
import { ExitError } from '../errors.js';
import { parseJsonLine } from '../claude-format/jsonl.js';
import {
  belongsToSession,
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  bundleHeadSchema,
  bundleHeaderSchema,
  entrySchema,
  textLineSchema,
  trailerSchema,
  type Bundle,
  type BundleFile,
} from './bundle-format.js';

class BundleError extends ExitError {}

function corrupt(source: string, why: string): BundleError {
  return new BundleError(`${source} is not a complete ccsync bundle (${why}): export it again; nothing was imported`);
}

function parseLine(source: string, text: string | undefined, lineNumber: number): Record<string, unknown> {
  if (text === undefined) throw corrupt(source, `line ${lineNumber} is missing`);
  const parsed = parseJsonLine(text);
  if (!parsed.ok) throw corrupt(source, `line ${lineNumber} is not a JSON object`);
  return parsed.value;
}

function issue(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  const first = error.issues[0];
  if (first === undefined) return 'invalid';
  return first.path.length === 0 ? first.message : `${first.path.map(String).join('.')}: ${first.message}`;
}

function checkHead(source: string, lines: readonly string[]): void {
  const first = lines[0];
  const head = first === undefined ? undefined : parseJsonLine(first);
  const parsed = head?.ok === true ? bundleHeadSchema.safeParse(head.value) : undefined;
  if (parsed?.success !== true || parsed.data.format !== BUNDLE_FORMAT) {
    throw new BundleError(`${source} is not a ccsync bundle (its first line is not a ccsync-bundle header); make one with \`ccsync export\``);
  }
  if (parsed.data.version > BUNDLE_VERSION) {
    throw new BundleError(`${source} is bundle format version ${parsed.data.version}, made by a newer ccsync; this one reads version ${BUNDLE_VERSION}: upgrade ccsync to import it`);
  }
  if (parsed.data.version < 1) throw corrupt(source, `format version ${parsed.data.version} does not exist`);
}

/** Checks the trailer (last line) against the bytes before it; returns the lines it covers. */
function checkTrailer(source: string, data: Buffer): { lines: string[]; entries: number } {
  if (data.length === 0 || data[data.length - 1] !== 0x0a) throw corrupt(source, 'it does not end with a complete line: truncated');
  const lastStart = data.lastIndexOf(0x0a, data.length - 2) + 1;
  const trailerLine = parseJsonLine(data.toString('utf8', lastStart, data.length - 1));
  const trailer = trailerLine.ok ? trailerSchema.safeParse(trailerLine.value) : undefined;
  if (trailer?.success !== true) throw corrupt(source, 'its end marker is missing: truncated');
  const body = data.subarray(0, lastStart);
  if (createHash('sha256').update(body).digest('hex') !== trailer.data.sha256) throw corrupt(source, 'its checksum does not match: edited or damaged');
  const lines = body.toString('utf8').split('\n').slice(0, -1);
  if (lines.length !== trailer.data.lines) throw corrupt(source, `it has ${lines.length} lines, its end marker says ${trailer.data.lines}`);
  return { lines, entries: trailer.data.entries };
}

function checkPath(source: string, file: BundleFile, sessions: readonly string[], lineNumber: number): void {
  const where = `entry on line ${lineNumber} (${JSON.stringify(file.file)})`;
  try {
    // the same string gate as sync's wire paths: relative, no '..', no control chars
    safeRelPath(file.project === undefined ? file.file : `projects/x/${file.file}`);
  } catch (error) {
    throw corrupt(source, `${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!sessions.includes(file.session) || !belongsToSession(file, file.session)) {
    throw corrupt(source, `${where} is not a file of session ${file.session} named in the header`);
  }
}

/** `source` names the bundle in messages (its path, or "the bundle"). */
export function readBundle(data: Buffer, source: string): Bundle {
  const firstLineEnd = data.indexOf(0x0a);
  checkHead(source, [data.toString('utf8', 0, firstLineEnd < 0 ? data.length : firstLineEnd)]);
  const { lines, entries } = checkTrailer(source, data);
  const header = bundleHeaderSchema.safeParse(parseLine(source, lines[0], 1));
  if (!header.success) throw corrupt(source, `header: ${issue(header.error)}`);
  const files: BundleFile[] = [];
  const seen = new Set<string>();
  let index = 1;
  while (index < lines.length) {
    const lineNumber = index + 1;
    const entry = entrySchema.safeParse(parseLine(source, lines[index], lineNumber));
    if (!entry.success) throw corrupt(source, `line ${lineNumber}: ${issue(entry.error)}`);
    index++;
    let data: Buffer;
    if (entry.data.encoding === 'base64') {
      data = Buffer.from(entry.data.content, 'base64');
    } else {
      const parts: string[] = [];
      for (let n = 0; n < entry.data.lines; n++, index++) {
        const line = textLineSchema.safeParse(parseLine(source, lines[index], index + 1));
        if (!line.success) throw corrupt(source, `line ${index + 1}: not a text line of the entry on line ${lineNumber}`);
        parts.push(line.data.l);
      }
      data = Buffer.from(parts.join('\n'), 'utf8');
    }
    const { file, project, session, mode, mtimeMs } = entry.data;
    const bundleFile: BundleFile = { file, ...(project !== undefined && { project }), session, mode, mtimeMs, data };
    checkPath(source, bundleFile, header.data.sessions, lineNumber);
    const key = `${project ?? ''}\u0000${file}`;
    if (seen.has(key)) throw corrupt(source, `line ${lineNumber}: ${JSON.stringify(file)} appears twice`);
    seen.add(key);
    files.push(bundleFile);
  }
  if (files.length !== entries) throw corrupt(source, `it holds ${files.length} files, its end marker says ${entries}`);
  for (const session of header.data.sessions) {
    if (!files.some((file) => file.project !== undefined && file.file === `${session}.jsonl`)) {
      throw corrupt(source, `the header names session ${session} but its transcript is missing`);
    }
  }
  return { header: header.data, files };
}
