// The package's version, read from its package.json.
import { readFileSync } from 'node:fs';
import * as z from 'zod';

const packageJsonSchema = z.object({ version: z.string() });

/** Replaced by the version string in the CLI bundle (esbuild `define`); absent in tsc's output. */
declare const CCSYNC_BUILD_VERSION: string | undefined;

/**
 * The package version (`--version`, bundle headers). The compiled file sits at
 * dist/src/commands/version.js, or inside the bundle dist/src/cli/ccsync-cli.cjs (which has it
 * written in): three levels below the package root.
 */
export function readVersion(): string {
  // the bundle has it written in at build time (scripts/bundle-agent.mjs): no file read at start-up
  if (typeof CCSYNC_BUILD_VERSION === 'string') return CCSYNC_BUILD_VERSION;
  try {
    const text = readFileSync(new URL('../../../package.json', import.meta.url), 'utf8');
    const parsed = packageJsonSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
