// Bundle → text (the format is drawn in bundle-format.ts). Pure: the caller has read the files,
// redacted them and chosen their order.
import { createHash } from 'node:crypto';
import type { BundleFile, BundleHeader, BundleTrailer } from './bundle-format.js';
import { BUNDLE_FORMAT } from './bundle-format.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The file as text when it is valid UTF-8 without NUL bytes (then it travels line by line), else undefined. */
export function decodeText(data: Buffer): string | undefined {
  if (data.includes(0)) return undefined;
  try {
    return utf8.decode(data);
  } catch {
    return undefined;
  }
}

/** Stable order: by session, then project files before the Claude dir's areas, then by path. */
export function compareFiles(a: BundleFile, b: BundleFile): number {
  const key = (file: BundleFile): string => `${file.session}\u0000${file.project === undefined ? '1' : '0'}${file.project ?? ''}\u0000${file.file}`;
  const ka = key(a);
  const kb = key(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function entryLines(file: BundleFile): string[] {
  const base = {
    file: file.file,
    ...(file.project !== undefined && { project: file.project }),
    session: file.session,
    mode: file.mode,
    mtimeMs: file.mtimeMs,
  };
  const text = decodeText(file.data);
  if (text === undefined) return [JSON.stringify({ ...base, encoding: 'base64', content: file.data.toString('base64') })];
  // "a\nb\n" → ["a", "b", ""]: joining with '\n' on import gives the bytes back exactly
  const parts = text.split('\n');
  return [JSON.stringify({ ...base, encoding: 'text', lines: parts.length }), ...parts.map((l) => JSON.stringify({ l }))];
}

export function trailerFor(body: string, entries: number, lines: number): BundleTrailer {
  return { end: BUNDLE_FORMAT, entries, lines, sha256: createHash('sha256').update(body, 'utf8').digest('hex') };
}

/** The whole bundle; `files` are written in `compareFiles` order. */
export function encodeBundle(header: BundleHeader, files: readonly BundleFile[]): string {
  const lines = [JSON.stringify(header)];
  for (const file of [...files].sort(compareFiles)) lines.push(...entryLines(file));
  const body = `${lines.join('\n')}\n`;
  return `${body}${JSON.stringify(trailerFor(body, files.length, lines.length))}\n`;
}
