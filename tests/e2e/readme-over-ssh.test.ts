// README "Over SSH" as one test (issue #10): its sh block, read from README.md, run in order
// against a loopback sshd (tests/helpers/sshd.ts; `gpu-box` is its alias, reached through the
// fixture's ssh config as ~/.ssh/config would be; /home/alice is the remote HOME) with a
// realistic Claude dir. The `ssh gpu-box 'cd … && claude --resume <session-id>'` line goes
// through the real ssh and runs the real Claude Code there (offline: its API settings are
// prefixed with `env`, and -p added — a test has no terminal).
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { encodeProjectDir } from '../../src/claude-format/encode-project-dir.js';
import { shellQuote } from '../../src/transport/shell-quote.js';
import { claudeAvailable, claudeBin, claudeEnv, parseJsonOutput, sessionIdOf } from '../helpers/claude-runner.js';
import { cwdsOf, historySentWith } from '../helpers/claude-e2e.js';
import { startFakeAnthropic } from '../helpers/fake-anthropic.js';
import { makeRealisticState } from '../helpers/realistic-state.js';
import { commandsOf, placeWords, readmeBlock } from '../helpers/readme-flow.js';
import { SSHD, startSshd } from '../helpers/sshd.js';
import { makeSandbox, runCli } from '../integration/cli-harness.js';

const skip = !SSHD ? 'sshd not installed (apt-get install openssh-server)' : claudeAvailable() ? false : 'claude binary (devDependency) not available';

function runSsh(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

async function world(t: TestContext) {
  const sshd = await startSshd();
  const cli = await makeSandbox();
  const api = await startFakeAnthropic();
  t.after(async () => {
    await api.close();
    await cli.cleanup();
    await sshd.stop();
  });
  cli.home = join(realpathSync(cli.root), 'home');
  cli.env['HOME'] = cli.home;
  cli.env['CCSYNC_SSH_COMMAND'] = sshd.sshCommand;
  const remoteHome = realpathSync(sshd.remoteHome);
  const project = join(cli.home, 'code', 'proj');
  mkdirSync(project, { recursive: true });
  mkdirSync(join(remoteHome, 'proj'), { recursive: true }); // the code is checked out there
  return { sshd, cli, api, remoteHome, project };
}

test('README "Over SSH", in order, against a loopback sshd, on a realistic Claude dir', { skip, timeout: 300_000 }, async (t) => {
  const { sshd, cli, api, remoteHome, project } = await world(t);
  const state = await makeRealisticState(api, cli.home, project, 'over ssh');
  const newest = state.sessions[state.sessions.length - 1] ?? '';
  const paths = { '/home/alice': remoteHome };
  const aliases = { 'gpu-box': sshd.alias };
  const remoteProject = join(remoteHome, 'proj');
  let cwd = cli.home;
  for (const line of readmeBlock('### Over SSH')) {
    for (const words of commandsOf(line)) {
      const [program, ...args] = placeWords(words, cli.home, paths, newest, aliases);
      if (program === 'cd') {
        cwd = args[0] ?? cli.home;
        assert.ok(existsSync(cwd), `cd ${cwd}`);
      } else if (program === 'ccsync') {
        const out = runCli(cli, args, {}, cwd);
        assert.equal(out.status, 0, `${line}\n${out.stderr}\n${out.stdout}`);
        if (args[0] === 'check') assert.match(out.stdout, /node/, out.stdout);
      } else if (program === 'ssh') {
        const [host, command] = args;
        assert.equal(host, sshd.alias);
        const [[cd, dir] = [], claude = []] = commandsOf(command ?? '').map((part) => placeWords(part, cli.home, paths, newest, aliases));
        assert.deepEqual([cd, claude[0]], ['cd', 'claude'], command);
        // the same remote command, with the offline client's settings and -p
        const env = Object.entries(claudeEnv(remoteHome, api.url)).map(([key, value]) => shellQuote(`${key}=${value}`));
        const remote = `cd ${shellQuote(dir ?? '')} && env ${env.join(' ')} ${shellQuote(claudeBin() ?? 'claude')} ${claude.slice(1).map(shellQuote).join(' ')} -p --output-format json 'continue on the gpu box'`;
        // spawned, not spawnSync'ed: the fake API answers from this process's event loop
        const ran = await runSsh(['-n', '-F', sshd.sshConfigPath, sshd.alias, remote]);
        assert.equal(ran.status, 0, `${ran.stderr}\n${ran.stdout}`);
        assert.equal(sessionIdOf(parseJsonOutput(ran.stdout)), newest, 'claude resumed the pushed session there');
        assert.match(historySentWith(api, 'continue on the gpu box'), new RegExp(state.firstPrompt), 'with its earlier turns');
      } else assert.fail(`the test does not know how to run: ${line}`);
    }
  }
  const remoteTranscript = (sid: string): string => join(remoteHome, '.claude', 'projects', encodeProjectDir(remoteProject, 'linux'), `${sid}.jsonl`);
  for (const sid of state.sessions) assert.ok(cwdsOf(remoteTranscript(sid)).every((value) => value === remoteProject), `${sid} there, cwd mapped`);
  const history = readFileSync(join(remoteHome, '.claude', 'history.jsonl'), 'utf8');
  assert.ok(history.includes(`"project":"${remoteProject}"`) && !history.includes(state.privatePrompt), 'history of the mapped project only');
  const local = join(cli.home, '.claude', 'projects', encodeProjectDir(project, process.platform), `${newest}.jsonl`);
  assert.match(readFileSync(local, 'utf8'), /continue on the gpu box/, 'sync brought the turn made there');
  assert.ok(cwdsOf(local).every((value) => value === project), 'and its paths mapped back');
});
