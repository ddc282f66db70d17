// Shared output shapes: one JSON document for `--json`, aligned columns for people.
import type { ProcessIO } from '../commands/context.js';

export { shown } from '../display-text.js';

/** A `--json` document as printed: every command the same way (two-space indent, one final newline). */
export function jsonDocument(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** `--json`: exactly one document on stdout. */
export function writeJson(io: Pick<ProcessIO, 'stdout'>, value: unknown): void {
  io.stdout(jsonDocument(value));
}

export function writeLine(write: (text: string) => void, line: string): void {
  write(`${line}\n`);
}

/** Rows as lines with every column but the last padded to its widest cell. */
export function formatColumns(rows: readonly (readonly string[])[], gap = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, [...cell].length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, index) => (index === row.length - 1 ? cell : cell + ' '.repeat((widths[index] ?? 0) - [...cell].length)))
      .join(gap)
      .trimEnd(),
  );
}
