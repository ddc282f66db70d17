// A string field of every JSONL line that has one (uuid, cwd, …), for assertions on transcripts.
import { readFileSync } from 'node:fs';

/** The string values of `field`, in line order (a repeated line shows up twice). */
export function fieldValues(text: string, field: string): string[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .flatMap((line) => {
      const value: unknown = JSON.parse(line);
      const found = typeof value === 'object' && value !== null ? Reflect.get(value, field) : undefined;
      return typeof found === 'string' ? [found] : [];
    });
}

export function fileFieldValues(file: string, field: string): string[] {
  return fieldValues(readFileSync(file, 'utf8'), field);
}

export function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}
