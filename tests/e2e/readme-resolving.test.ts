// README "Resolving a conflict" as one test (issue #10), over a dir: remote on a realistic Claude
// dir: a session is continued on the box while here it is rewound (its last reply dropped, as a
// /rewind does) and continued differently — the two copies are different histories. Then, in
// the section's order: the run that keeps both (exit 3), `ccsync resolve REMOTE` listing it,
// each choice of the section's table accepted, `--keep both` applied; afterwards nothing is in
// conflict and the real Claude Code resumes both histories on both sides.
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { claudeAvailable } from '../helpers/claude-runner.js';
import { claudePrint, historySentWith } from '../helpers/claude-e2e.js';
import { makeRealisticState } from '../helpers/realistic-state.js';
import { readmeSandbox } from '../helpers/readme-flow.js';
import { runCli, type CliResult } from '../integration/cli-harness.js';

const skip = claudeAvailable() ? false : 'claude binary (devDependency) not available';
const README = new URL('../../../README.md', import.meta.url);
const lineType = z.looseObject({ type: z.string().optional() });

/** The choices of the section's table: `| \`--keep local\` | …`. */
function readmeChoices(): string[][] {
  const text = readFileSync(README, 'utf8');
  const section = text.slice(text.indexOf('### Resolving a conflict'), text.indexOf('### Configuration and prompt history'));
  return [...section.matchAll(/^\| `(--[a-z]+(?: [a-z]+)?)` \|/gm)].map((match) => (match[1] ?? '').split(' '));
}

async function world(t: TestContext) {
  const { cli, api, root } = await readmeSandbox(t);
  const box = join(root, 'mnt', 'box');
  const project = join(cli.home, 'code', 'proj');
  const boxProject = join(root, 'srv', 'alice', 'proj');
  for (const dir of [box, project, boxProject]) mkdirSync(dir, { recursive: true });
  return { cli, api, box, project, boxProject };
}

test('README "Resolving a conflict", in order, with the real Claude Code on both sides', { skip, timeout: 300_000 }, async (t) => {
  const { cli, api, box, project, boxProject } = await world(t);
  const ccsync = (args: string[], status: number): CliResult => {
    const out = runCli(cli, args, {}, project);
    assert.equal(out.status, status, `ccsync ${args.join(' ')}\n${out.stderr}\n${out.stdout}`);
    return out;
  };
  const state = await makeRealisticState(api, cli.home, project, 'resolving');
  const sid = state.sessions[state.sessions.length - 1] ?? '';
  ccsync(['remote', 'add', 'box', `dir:${box}`], 0);
  ccsync(['map', 'add', 'box', project, boxProject], 0);
  ccsync(['push', 'box'], 0);
  const boxEnv = { CLAUDE_CONFIG_DIR: join(box, '.claude') };
  await claudePrint(api, cli.home, boxProject, ['--resume', sid, 'continued on the box'], boxEnv);
  // here: the last reply dropped (a rewind), then a different continuation
  const local = join(cli.home, '.claude', 'projects', encodeProjectDir(project, process.platform), `${sid}.jsonl`);
  const lines = readFileSync(local, 'utf8').split('\n').filter((line) => line !== '');
  const lastReply = lines.map((line) => lineType.parse(JSON.parse(line)).type).lastIndexOf('assistant');
  writeFileSync(local, `${lines.slice(0, lastReply).join('\n')}\n`);
  await claudePrint(api, cli.home, project, ['--resume', sid, 'rewound and continued here']);

  const kept = ccsync(['sync', 'box'], 3);
  assert.match(kept.stdout, /conflict/);
  assert.match(ccsync(['status', 'box'], 0).stdout, new RegExp(`conflict +${sid.slice(0, 8)}`));
  ccsync(['sync', 'box'], 3); // "every run reports S (exit 3) until you choose"
  const noTerminal = ccsync(['resolve', 'box'], 2);
  assert.match(noTerminal.stderr, /1 session in conflict with 'box': choose what to keep with --keep local, --keep remote, --keep both or --merge/);
  const listed = ccsync(['resolve', 'box', '--dry-run'], 3);
  assert.match(listed.stdout, /rewound and continued here/);
  assert.match(listed.stdout, /continued on the box/);
  const choices = readmeChoices();
  assert.deepEqual(choices, [['--keep', 'local'], ['--keep', 'remote'], ['--keep', 'both'], ['--merge']], 'the table lists the four choices');
  for (const choice of choices) ccsync(['resolve', 'box', ...choice, '--dry-run'], 0);
  ccsync(['resolve', 'box', '--keep', 'both'], 0);

  const settled = ccsync(['status', 'box', '--json'], 0).stdout;
  assert.doesNotMatch(settled, /"status":"(?!in-sync)/, settled);
  assert.match(ccsync(['sync', 'box', '--dry-run'], 0).stdout, /^dry run: nothing to sync/m);
  // S holds this machine's history on both sides; the box's history lives on as a second session
  const ids = readdirSync(join(box, '.claude', 'projects', encodeProjectDir(boxProject, process.platform))).filter((name) => name.endsWith('.jsonl')).map((name) => name.slice(0, -6));
  const second = ids.find((id) => !state.sessions.includes(id));
  assert.ok(second !== undefined, `a second session on the box: ${ids.join(', ')}`);
  await claudePrint(api, cli.home, boxProject, ['--resume', sid, 'S on the box after resolve'], boxEnv);
  assert.match(historySentWith(api, 'S on the box after resolve'), /rewound and continued here/);
  await claudePrint(api, cli.home, project, ['--resume', second, 'the box history here']);
  assert.match(historySentWith(api, 'the box history here'), /continued on the box/);
});
