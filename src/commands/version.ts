// The package's version, read from its package.json.
import { readFileSync } from 'node:fs';
import * as z from 'zod';

const packageJsonSchema = z.object({ version: z.string() });

/**
 * The package version (`--version`, bundle headers). The compiled file sits at
 * dist/src/commands/version.js, or inside the bundle dist/src/cli/cli.js: both three levels
 * below the package root.
 */
export function readVersion(): string {
  try {
    const text = readFileSync(new URL('../../../package.json', import.meta.url), 'utf8');
    const parsed = packageJsonSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
