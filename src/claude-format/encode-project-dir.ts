// The name Claude Code gives a project's transcript dir (../shared/claude-code-format.md,
// "The directory name"): every UTF-16 code unit outside [A-Za-z0-9] becomes '-', no collapsing;
// past 200 characters: the first 200, '-', then |javaHash(path)| in base 36. macOS encodes
// the NFC form. The name is lossy: never decode it, read `cwd` from the lines instead.

const MAX_NAME = 200;

/** Java's String.hashCode over UTF-16 code units, as a signed 32-bit integer. */
export function javaStringHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) {
    hash = ((hash << 5) - hash + text.charCodeAt(i)) | 0;
  }
  return hash;
}

export function encodeProjectDir(absPath: string, platform: string): string {
  const path = platform === 'darwin' ? absPath.normalize('NFC') : absPath;
  const name = path.replace(/[^A-Za-z0-9]/g, '-');
  if (name.length <= MAX_NAME) return name;
  return `${name.slice(0, MAX_NAME)}-${Math.abs(javaStringHash(path)).toString(36)}`;
}
