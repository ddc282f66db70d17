// N "machines" on one disk, each a remote of every other over `dir:` (issue #13): machine `x`
// has its own HOME `<root>/x-home` (Claude dir `<root>/x-home/.claude`), its own config and
// state, and its own project path `<root>/x/proj…`; each maps its project onto every other's.
// Commands run in this process through the CLI's main() (as cli.ts does), so a randomized test
// can afford thousands of them; `runCliProcess` runs the compiled CLI as a separate process.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram, main } from '../../src/cli/cli.js';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { summarySchema, type Summary } from './transfer-harness.js';
import { runCli, type CliResult, type Sandbox } from './cli-harness.js';

export interface Machine {
  name: string;
  home: string;
  claudeDir: string;
  /** this machine's project path (every machine has its own) */
  project: string;
  env: Record<string, string>;
  stateDir: string;
}

export interface Replicas {
  root: string;
  machines: Machine[];
  /** pairs that are remotes of each other (both ways), in the order given */
  links: Array<[string, string]>;
  /** the machines `name` has as remotes */
  neighbours(name: string): string[];
  byName(name: string): Machine;
  /** `ccsync ARGS` on machine `name`, in this process, from its project dir */
  run(name: string, args: string[]): Promise<CliResult>;
  /** runs with `--json`, asserts the exit code, parses the summary */
  json(name: string, args: string[], status?: number): Promise<Summary>;
  /** the compiled CLI as its own process (what a user runs) */
  runCliProcess(name: string, args: string[]): CliResult;
  /** `<claudeDir>/projects/<encoded project>/<sid>.jsonl` on machine `name` */
  transcript(name: string, sid: string): string;
  cleanup(): void;
}

export interface ReplicaOptions {
  /** machine names (default a, b, c) */
  names?: string[];
  /** connect every pair (default) or only these [from, to] remotes (both directions are added) */
  links?: Array<[string, string]>;
  /** machines where Claude Code never ran: no Claude dir */
  fresh?: string[];
  /** where the temp root goes (default the OS temp dir) */
  base?: string;
  /** machines that only ever are remotes of others (a hub volume): no remotes configured there */
  hubs?: string[];
}

/** Project paths of different depths and names, so no mapping is a plain rename. */
function projectOf(root: string, name: string, index: number): string {
  return join(root, name, ...Array.from({ length: index % 3 }, (_, depth) => `d${depth}`), `proj-${name}`);
}

export async function makeReplicas(options: ReplicaOptions = {}): Promise<Replicas> {
  const root = realpathSync(mkdtempSync(join(options.base ?? tmpdir(), 'ccsync-replicas-')));
  const names = options.names ?? ['a', 'b', 'c'];
  const machines: Machine[] = names.map((name, index) => {
    const home = join(root, `${name}-home`);
    const claudeDir = join(home, '.claude');
    const project = projectOf(root, name, index);
    mkdirSync(options.fresh?.includes(name) === true ? home : claudeDir, { recursive: true });
    mkdirSync(project, { recursive: true });
    const xdg = join(root, `${name}-xdg`);
    const env: Record<string, string> = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: home,
      XDG_CONFIG_HOME: join(xdg, 'config'),
      XDG_STATE_HOME: join(xdg, 'state'),
      CCSYNC_CONFIG: join(xdg, 'config', 'ccsync', 'config.toml'),
    };
    return { name, home, claudeDir, project, env, stateDir: join(xdg, 'state', 'ccsync') };
  });
  const byName = (name: string): Machine => {
    const found = machines.find((machine) => machine.name === name);
    if (found === undefined) throw new Error(`no machine ${name}`);
    return found;
  };
  const run = async (name: string, args: string[]): Promise<CliResult> => {
    const machine = byName(name);
    let stdout = '';
    let stderr = '';
    const io = {
      env: { ...machine.env },
      home: machine.home,
      cwd: machine.project,
      stdout: (text: string) => void (stdout += text),
      stderr: (text: string) => void (stderr += text),
      isTTY: false,
    };
    const status = await main(args, io, buildProgram);
    return { status, stdout, stderr };
  };
  const links = options.links ?? names.flatMap((from, i) => names.slice(i + 1).map((to): [string, string] => [from, to]));
  for (const [one, two] of links) {
    // a hub is a volume (or an SSH host) the others sync with: it has no remotes of its own
    const directions = ([[one, two], [two, one]] as const).filter(([from]) => !(options.hubs ?? []).includes(from));
    for (const [from, to] of directions) {
      const target = byName(to);
      let result = await run(from, ['remote', 'add', to, `dir:${target.home}`]);
      assert.equal(result.status, 0, result.stderr);
      result = await run(from, ['map', 'add', to, byName(from).project, target.project]);
      assert.equal(result.status, 0, result.stderr);
    }
  }
  return {
    root,
    machines,
    links,
    neighbours: (name) => links.flatMap(([one, two]) => (one === name ? [two] : two === name ? [one] : [])),
    byName,
    run,
    async json(name, args, status = 0) {
      const out = await run(name, [...args, '--json']);
      assert.equal(out.status, status, `${name}: ccsync ${args.join(' ')} exited ${String(out.status)}\n${out.stderr}\n${out.stdout}`);
      return summarySchema.parse(JSON.parse(out.stdout));
    },
    runCliProcess(name, args) {
      const machine = byName(name);
      const sandbox: Sandbox = { root, home: machine.home, configPath: machine.env['CCSYNC_CONFIG'] ?? '', stateDir: machine.stateDir, env: machine.env, cleanup: async () => undefined };
      return runCli(sandbox, args, {}, machine.project);
    },
    transcript(name, sid) {
      const machine = byName(name);
      return join(machine.claudeDir, 'projects', encodeProjectDir(machine.project, process.platform), `${sid}.jsonl`);
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
