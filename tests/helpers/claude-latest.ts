// Installs the newest @anthropic-ai/claude-code outside the repo, for running the e2e tests
// against it (README, "Testing"). CI keeps the pinned devDependency; this runs only when asked.
// Facts from ../shared/claude-code-format.md ("The latest release"): the npm package is a
// wrapper whose binary comes from a per-platform optional dependency and is hard-linked over
// bin/claude.exe by the wrapper's postinstall; with scripts skipped it stays a stub.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { probeClaude } from './claude-runner.js';

export const CLAUDE_PACKAGE = '@anthropic-ai/claude-code';

const packageJson = z.object({ version: z.string() });

function packageDir(prefix: string): string {
  return join(prefix, 'node_modules', CLAUDE_PACKAGE);
}

export function latestBin(prefix: string): string {
  return join(packageDir(prefix), 'bin', 'claude.exe');
}

function installedVersion(prefix: string): string | undefined {
  const file = join(packageDir(prefix), 'package.json');
  if (!existsSync(file)) return undefined;
  const parsed = packageJson.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data.version : undefined;
}

/** `npm view … version`: the registry's newest; undefined when the registry cannot be reached. */
function newestVersion(): string | undefined {
  const view = spawnSync('npm', ['view', CLAUDE_PACKAGE, 'version'], { encoding: 'utf8', timeout: 60_000 });
  const version = view.status === 0 ? view.stdout.trim() : '';
  return /^\d+\.\d+\.\d+/.test(version) ? version : undefined;
}

/**
 * The newest client's binary under `prefix` (installed or updated there first), or a one-line
 * reason why there is none. npm 11 skips dependencies' install scripts unless `allowScripts`
 * in the prefix's package.json names them; older npm runs them anyway. If the binary is still
 * the stub, the wrapper's postinstall is run by hand (it only links the binary npm fetched).
 */
export function ensureLatest(prefix: string, log: (line: string) => void): { bin: string } | { error: string } {
  const newest = newestVersion();
  const installed = installedVersion(prefix);
  if (newest === undefined && installed === undefined) {
    return { error: `cannot ask the npm registry for ${CLAUDE_PACKAGE}'s version, and ${prefix} holds no install` };
  }
  if (newest === undefined) log(`npm registry not reachable: using the installed ${installed ?? ''}`);
  if (newest !== undefined && newest !== installed) {
    log(`installing ${CLAUDE_PACKAGE}@${newest} into ${prefix} (about 400 MB)`);
    mkdirSync(prefix, { recursive: true });
    const manifest = join(prefix, 'package.json');
    if (!existsSync(manifest)) {
      writeFileSync(manifest, `${JSON.stringify({ private: true, allowScripts: { [CLAUDE_PACKAGE]: true } }, null, 2)}\n`);
    }
    const npm = spawnSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', `${CLAUDE_PACKAGE}@${newest}`], { stdio: 'inherit' });
    if (npm.status !== 0) return { error: `npm install of ${CLAUDE_PACKAGE}@${newest} into ${prefix} failed (exit ${String(npm.status)})` };
  }
  const bin = latestBin(prefix);
  if (probeClaude(bin) === undefined && existsSync(join(packageDir(prefix), 'install.cjs'))) {
    log('the binary is still the stub: running the package\'s postinstall by hand');
    spawnSync(process.execPath, ['install.cjs'], { cwd: packageDir(prefix), stdio: 'inherit' });
  }
  return probeClaude(bin) === undefined ? { error: `${bin} does not answer --version after the install` } : { bin };
}
