// Runs the end-to-end tests that drive the real Claude Code (those importing claude-runner.js)
// against one given client binary; README, "Testing":
//   npm run test:e2e:claude                   the pinned devDependency (or $CCSYNC_CLAUDE_BIN)
//   npm run test:e2e:claude -- --bin PATH     that binary
//   npm run test:e2e:latest                   the newest release, installed outside the repo in
//                                             $CCSYNC_CLAUDE_LATEST_PREFIX (default
//                                             ~/.cache/ccsync/claude-latest) when not there yet
// Any other arguments go to `node --test`. Unlike `npm test`, a client that does not run is an
// error here, not a reason to skip: the point of the run is that client.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { claudeBin, probeClaude } from './helpers/claude-runner.js';
import { ensureLatest } from './helpers/claude-latest.js';

const E2E_DIR = join(dirname(fileURLToPath(import.meta.url)), 'e2e');

function fail(line: string): never {
  process.stderr.write(`run-e2e-claude: ${line}\n`);
  process.exit(1);
}

/** The compiled e2e files that run the real client. */
function realClientTests(): string[] {
  return readdirSync(E2E_DIR)
    .filter((name) => name.endsWith('.test.js'))
    .filter((name) => readFileSync(join(E2E_DIR, name), 'utf8').includes('/helpers/claude-runner.js'))
    .sort()
    .map((name) => join(E2E_DIR, name));
}

function latestPrefix(): string {
  const fromEnv = process.env['CCSYNC_CLAUDE_LATEST_PREFIX'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const cache = process.env['XDG_CACHE_HOME'];
  return join(cache !== undefined && cache !== '' ? cache : join(homedir(), '.cache'), 'ccsync', 'claude-latest');
}

function chooseBin(args: string[]): { bin: string; rest: string[] } {
  const rest = [...args];
  const latest = rest.indexOf('--latest');
  if (latest >= 0) {
    rest.splice(latest, 1);
    const found = ensureLatest(latestPrefix(), (line) => process.stderr.write(`run-e2e-claude: ${line}\n`));
    if ('error' in found) fail(`${found.error}; or name a binary with --bin PATH`);
    return { bin: found.bin, rest };
  }
  const given = rest.indexOf('--bin');
  if (given >= 0) {
    const bin = rest[given + 1];
    if (bin === undefined || bin.startsWith('-')) fail('--bin needs the path of a claude binary');
    rest.splice(given, 2);
    return { bin, rest };
  }
  const bin = claudeBin();
  if (bin === undefined) fail('no claude binary: run `npm ci`, set CCSYNC_CLAUDE_BIN, or use --bin PATH / --latest');
  return { bin, rest };
}

const { bin, rest } = chooseBin(process.argv.slice(2));
if (!existsSync(bin)) fail(`${bin} does not exist`);
const version = probeClaude(bin);
if (version === undefined) fail(`${bin} does not answer --version as Claude Code: a broken install (e.g. npm skipped its postinstall)?`);
const files = realClientTests();
if (files.length === 0) fail(`no compiled e2e tests in ${E2E_DIR}: run \`npm run build\` first`);
process.stderr.write(`run-e2e-claude: ${files.length} test files against ${bin} (${version})\n`);
const run = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...rest, ...files], {
  stdio: 'inherit',
  env: { ...process.env, CCSYNC_CLAUDE_BIN: bin },
});
process.exit(run.status ?? 1);
