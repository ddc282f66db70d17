// README "Commands" as one test (issue #10): every row of the table run, in the table's order,
// with the options it names, on a realistic Claude dir (real-client sessions, a subagent, file
// history, settings.json, prompt history) and a dir: remote; an ssh remote that is never
// connected stands for the pod (`remote set pod --port 40123`, `launch --dry-run`). A guard
// reads the table and fails when a row gains a command this test does not run. Left to their
// own tests: `setup` (README "Pods", over ssh), `hooks` and `watch` (README "sync without typing").
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { claudeAvailable } from '../helpers/claude-runner.js';
import { makeRealisticState } from '../helpers/realistic-state.js';
import { readmeSandbox } from '../helpers/readme-flow.js';
import { runCli, type CliResult } from '../integration/cli-harness.js';

const skip = claudeAvailable() ? false : 'claude binary (devDependency) not available';
const README = new URL('../../../README.md', import.meta.url);
const ELSEWHERE = new Set(['setup', 'hooks install', 'hooks remove', 'hooks status', 'watch']);

/** The commands the table's first column names: `remote add`, `push`, `pull …` → `pull`, … */
function tableCommands(): string[] {
  const text = readFileSync(README, 'utf8');
  const table = text.slice(text.indexOf('## Commands'), text.indexOf('Default scope is'));
  const names: string[] = [];
  for (const row of table.split('\n').filter((line) => line.startsWith('| `'))) {
    const first = row.split(' | ')[0] ?? '';
    for (const code of first.matchAll(/`([a-z]+)(?: ([a-z]+))?/g)) names.push(code[2] !== undefined && ['remote', 'map', 'hooks'].includes(code[1] ?? '') ? `${code[1]} ${code[2]}` : (code[1] ?? ''));
  }
  return [...new Set(names)];
}

async function world(t: TestContext) {
  const { cli, api, root } = await readmeSandbox(t);
  const box = join(root, 'mnt', 'box');
  mkdirSync(box, { recursive: true });
  const project = join(cli.home, 'code', 'proj');
  mkdirSync(project, { recursive: true });
  return { cli, api, root, box, project };
}

test('README "Commands": every row, with its options, in the table order', { skip, timeout: 300_000 }, async (t) => {
  const { cli, api, root, box, project } = await world(t);
  const state = await makeRealisticState(api, cli.home, project, 'commands');
  const newest = state.sessions[state.sessions.length - 1] ?? '';
  const ran = new Set<string>();
  const ccsync = (args: string[], status = 0, cwd = project, env: Record<string, string> = {}): CliResult => {
    const out = runCli(cli, args, env, cwd);
    assert.equal(out.status, status, `ccsync ${args.join(' ')}\n${out.stderr}\n${out.stdout}`);
    ran.add(['remote', 'map', 'hooks'].includes(args[0] ?? '') ? `${args[0]} ${args[1]}` : (args[0] ?? ''));
    return out;
  };
  const json = (args: string[], status = 0): Record<string, unknown> => z.record(z.string(), z.unknown()).parse(JSON.parse(ccsync([...args, '--json'], status).stdout));

  // remote add NAME DEST [--claude-dir DIR] [--port N] [--transfer DEST2] [--ssh-command CMD]
  ccsync(['remote', 'add', 'box', `dir:${box}`, '--claude-dir', join(box, '.claude')]);
  ccsync(['remote', 'add', 'pod', 'root@203.0.113.7', '--port', '${POD_PORT}', '--transfer', 'ssh://root@127.0.0.1:9', '--ssh-command', 'ssh -o ConnectTimeout=5']);
  // remote list [--json], remote remove NAME, remote set NAME [...]
  assert.deepEqual(z.object({ remotes: z.array(z.object({ name: z.string() }).loose()) }).parse(json(['remote', 'list'])).remotes.map((remote) => remote.name), ['box', 'pod']);
  ccsync(['remote', 'set', 'pod', '--port', '40123']);
  assert.match(ccsync(['remote', 'list']).stdout, /pod {2}root@203\.0\.113\.7, port 40123/);
  // map add / list / remove
  ccsync(['map', 'add', 'box', project, join(root, 'srv', 'alice', 'proj')]);
  ccsync(['map', 'add', 'box', join(cli.home, 'code', 'other'), join(root, 'srv', 'alice', 'other')]);
  ccsync(['map', 'add', 'pod', project, '/workspace/proj']);
  assert.match(ccsync(['map', 'list', 'box']).stdout, /code\/other/);
  ccsync(['map', 'remove', 'box', join(cli.home, 'code', 'other')]);
  assert.doesNotMatch(ccsync(['map', 'list']).stdout, /code\/other/);
  // push / pull / sync with their options
  assert.equal(json(['push', 'box', '--dry-run'])['bytesWritten'], 0);
  assert.equal(json(['push', 'box', '--session', newest.slice(0, 8)])['done'], 1);
  assert.ok(Number(json(['push', 'box', '--all', '--config', '--project-settings'])['done']) >= 2);
  json(['pull', 'box', project]);
  assert.equal(json(['sync', 'box', '--delete', '--force', '--config', '--include-credentials'])['failed'], 0);
  // status [REMOTE] [--all] [--json] [--config]
  // the pod maps this project too but is not reachable (its transfer port is closed): exit 1
  assert.match(ccsync(['status'], 1).stdout, /^box:\n[\s\S]*\npod:\n  error: remote 'pod': /);
  const status = z.object({ remotes: z.array(z.object({ sessions: z.array(z.object({ status: z.string() }).loose()).optional() }).loose()) }).parse(json(['status', 'box', '--all', '--config']));
  assert.ok((status.remotes[0]?.sessions ?? []).every((row) => row.status === 'in-sync'));
  // resolve: nothing in conflict here
  ccsync(['resolve', 'box', newest.slice(0, 8), '--dry-run']);
  ccsync(['resolve', 'box', '--all', '--keep', 'local']);
  json(['resolve', 'box', '--merge', '--dry-run']);
  assert.match(ccsync(['resolve', '--merge'], 2).stderr, /name the remote: `ccsync resolve REMOTE` \(configured: box, pod\)/, 'two remotes, none with recorded conflicts');
  // check REMOTE [--json]
  assert.equal(json(['check', 'box'])['ok'], true);
  // launch (never connects: --dry-run)
  assert.match(ccsync(['launch', 'pod', '--resume', newest.slice(0, 8), '--tmux', '--dry-run']).stdout, /^push: ccsync push pod /);
  // sessions [PATH] [--all] [--json]
  assert.match(ccsync(['sessions']).stdout, /Refactor the parser/);
  assert.equal(z.object({ sessions: z.array(z.unknown()) }).loose().parse(json(['sessions', '--all'])).sessions.length, 3);
  // export SESSION | --project PATH [-o FILE] [--no-redact] [--json]; import FILE [--project PATH] [--dry-run] [--json]
  const bundle = join(root, 'proj.bundle');
  assert.equal(json(['export', newest.slice(0, 8), '-o', bundle])['files'], 1);
  ccsync(['export', '--project', project, '--no-redact', '-o', bundle]);
  // into another machine's HOME (here one id under two project dirs would be refused)
  const other = { HOME: join(root, 'other-home') };
  const copy = join(other.HOME, 'work', 'proj');
  assert.match(ccsync(['import', bundle, '--project', copy, '--dry-run', '--json'], 0, root, other).stdout, /"written": 0,/);
  assert.match(ccsync(['import', bundle, '--project', copy], 0, root, other).stdout, /imported: \d+ file\(s\) written/);
  // verify [PATH] [--all] [--repair] [--json]: a partial last line, repaired
  const local = join(cli.home, '.claude', 'projects', encodeProjectDir(project, process.platform), `${state.withCompanions}.jsonl`);
  appendFileSync(local, '{"type":"user","partial":');
  assert.equal(json(['verify'], 1)['problems'], 1);
  ccsync(['verify', project, '--repair']);
  ccsync(['verify', '--all']);
  // move OLD_PATH NEW_PATH [--dry-run] [--force]: the folder moved
  const moved = join(cli.home, 'code', 'proj-renamed');
  ccsync(['move', project, moved, '--dry-run'], 0, cli.home);
  renameSync(project, moved);
  ccsync(['move', project, moved], 0, cli.home);
  assert.ok(existsSync(join(cli.home, '.claude', 'projects', encodeProjectDir(moved, process.platform), `${newest}.jsonl`)));
  ccsync(['remote', 'remove', 'pod'], 0, cli.home);

  const missing = tableCommands().filter((name) => !ran.has(name) && !ELSEWHERE.has(name));
  assert.deepEqual(missing, [], 'every command of the README table was run');
});
