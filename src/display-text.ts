// Sizes and paths as people read them, for result values and the CLI's printing alike: sizes
// in B, KiB, MiB; a path or value on one line (control characters escaped).
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** A path or value shown to a person stays on one line: control characters are escaped. */
export function shown(text: string): string {
  return /[\u0000-\u001f\u007f]/.test(text) ? JSON.stringify(text) : text;
}
