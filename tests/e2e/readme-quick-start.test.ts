// README "Quick start" as one test (issue #10): its sh block, read from README.md, run in order
// in a sandbox (`~` is the sandbox HOME; /mnt/box and /srv/alice/proj are placed under it) with
// a realistic Claude dir: sessions made by the real Claude Code, a subagent, file history,
// settings.json, prompt history. The `claude --resume <session-id>` line runs the real client
// (offline, with -p: a test has no terminal) on the newest session.
import { test } from 'node:test';
import { z } from 'zod';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { claudeAvailable, runClaude } from '../helpers/claude-runner.js';
import { historySentWith, cwdsOf } from '../helpers/claude-e2e.js';
import { makeRealisticState } from '../helpers/realistic-state.js';
import { commandsOf, placeWords, readmeBlock, readmeSandbox } from '../helpers/readme-flow.js';
import { runCli, type CliResult } from '../integration/cli-harness.js';

const skip = claudeAvailable() ? false : 'claude binary (devDependency) not available';

async function world(t: TestContext) {
  const { cli, api, root } = await readmeSandbox(t);
  const paths = { '/mnt/box': join(root, 'mnt', 'box'), '/srv/alice/proj': join(root, 'srv', 'alice', 'proj') };
  mkdirSync(paths['/mnt/box'], { recursive: true }); // the mounted disk
  mkdirSync(paths['/srv/alice/proj'], { recursive: true }); // the project's checkout on the other side
  const project = join(cli.home, 'code', 'proj');
  mkdirSync(project, { recursive: true });
  return { cli, api, paths, project };
}

test('README "Quick start", in order, on a realistic Claude dir', { skip, timeout: 300_000 }, async (t) => {
  const { cli, api, paths, project } = await world(t);
  const state = await makeRealisticState(api, cli.home, project, 'quick start');
  const newest = state.sessions[state.sessions.length - 1] ?? '';
  const boxClaude = join(paths['/mnt/box'], '.claude');
  const boxTranscript = (sid: string): string => join(boxClaude, 'projects', encodeProjectDir(paths['/srv/alice/proj'], process.platform), `${sid}.jsonl`);
  const localTranscript = (sid: string): string => join(cli.home, '.claude', 'projects', encodeProjectDir(project, process.platform), `${sid}.jsonl`);
  const outputs = new Map<string, CliResult>();
  let cwd = cli.home;
  for (const line of readmeBlock('## Quick start (two minutes)')) {
    for (const words of commandsOf(line)) {
      const [program, ...args] = placeWords(words, cli.home, paths, newest);
      if (program === 'cd') {
        cwd = args[0] ?? cli.home;
        assert.ok(existsSync(cwd), `cd ${cwd}`);
      } else if (program === 'ccsync') {
        const out = runCli(cli, args, {}, cwd);
        assert.equal(out.status, 0, `${line}\n${out.stderr}\n${out.stdout}`);
        outputs.set(words.slice(1).join(' '), out);
        if (args.includes('--dry-run')) {
          assert.match(out.stdout, /\ndry run: would copy 3 sessions, 3 other files, [0-9.]+ KiB; nothing was written\n$/, out.stdout);
          assert.equal(existsSync(boxClaude), false, 'the dry run wrote nothing on the box');
        }
      } else if (program?.startsWith('CLAUDE_CONFIG_DIR=') && args[0] === 'claude') {
        // the other side: the same machine with the other Claude dir
        const configDir = program.slice('CLAUDE_CONFIG_DIR='.length);
        const resumed = await runClaude({ home: cli.home, cwd, args: [...args.slice(1), '-p', '--output-format', 'json', 'continue on the box'], baseUrl: api.url, env: { CLAUDE_CONFIG_DIR: configDir } });
        assert.equal(resumed.code, 0, resumed.stderr);
        assert.equal(resumed.sessionId, newest, 'claude resumed the pushed session on the box');
        assert.match(historySentWith(api, 'continue on the box'), new RegExp(state.firstPrompt), 'with its earlier turns');
      } else assert.fail(`the test does not know how to run: ${line}`);
    }
  }
  // what the block promised
  for (const sid of state.sessions) assert.deepEqual([...new Set(cwdsOf(boxTranscript(sid)))], [paths['/srv/alice/proj']], `${sid} on the box, cwd mapped`);
  for (const rel of state.companions) assert.ok(existsSync(join(boxClaude, rel.replace(encodeProjectDir(project, process.platform), encodeProjectDir(paths['/srv/alice/proj'], process.platform)))), `${rel} went along`);
  const history = readFileSync(join(boxClaude, 'history.jsonl'), 'utf8');
  assert.match(history, /"display":"fix the parser"/);
  assert.ok(history.includes(`"project":"${paths['/srv/alice/proj']}"`), 'prompt history carried, project mapped');
  assert.ok(!history.includes(state.privatePrompt), 'the history of an unmapped project stayed here');
  assert.match(outputs.get('status box')?.stdout ?? '', new RegExp(`in-sync +${newest.slice(0, 8)}`));
  assert.match(readFileSync(localTranscript(newest), 'utf8'), /continue on the box/, 'pull brought the turn made on the box');
  const settled = runCli(cli, ['status', 'box', '--json'], {}, project);
  const statuses = z.object({ remotes: z.array(z.object({ sessions: z.array(z.object({ status: z.string() })) })) }).parse(JSON.parse(settled.stdout)).remotes.flatMap((remote) => remote.sessions.map((session) => session.status));
  assert.ok(statuses.length >= 3 && statuses.every((status) => status === 'in-sync'), settled.stdout);
});
