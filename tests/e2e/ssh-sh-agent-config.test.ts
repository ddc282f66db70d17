// Issue #10 item 11 end to end: `--config`, `--project-settings` and the prompt-history merge
// against a remote whose PATH has no node (the sh agent answers), with the same outcome as
// against a remote with node: the same files on the remote, the same back here, the same
// `config` report, and no "its agent does not list config or history files" warning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeSandbox, runCli } from '../integration/cli-harness.js';
import { SSHD, startSshd } from '../helpers/sshd.js';

const REMOTE_PROJECT = '/workspace/proj';
const entry = (display: string, timestamp: number, project: string): string => `${JSON.stringify({ display, pastedContents: {}, timestamp, project })}\n`;

function put(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

interface Outcome {
  agent: string;
  reports: unknown[];
  remote: { settings: string; claudeMd: string; agent: string; history: string; claudeJson: string };
  local: { settings: string; history: string };
}

async function flow(withoutNode: boolean): Promise<Outcome> {
  const sshd = await startSshd({ withoutNode });
  const box = await makeSandbox();
  try {
    const env = { CCSYNC_SSH_COMMAND: sshd.sshCommand };
    const project = join(box.home, 'proj');
    mkdirSync(project, { recursive: true });
    const local = join(box.home, '.claude');
    const remote = join(sshd.remoteHome, '.claude');
    put(join(local, 'settings.json'), '{\n  "theme": "dark"\n}\n');
    put(join(local, 'CLAUDE.md'), '# rules\n');
    put(join(local, 'agents', 'reviewer.md'), '---\nname: reviewer\n---\n');
    put(join(local, 'history.jsonl'), entry('plan it', 1000, project) + entry('private', 1500, '/elsewhere'));
    put(join(box.home, '.claude.json'), JSON.stringify({ projects: { [project]: { allowedTools: ['Bash(ls)'], lastSessionId: 'x' } } }));
    put(join(remote, 'settings.json'), '{\n  "model": "opus"\n}\n');
    put(join(remote, 'history.jsonl'), entry('on the pod', 500, REMOTE_PROJECT));
    put(join(sshd.remoteHome, '.claude.json'), JSON.stringify({ numStartups: 3, projects: {} }));
    const ccsync = (args: string[]): unknown => {
      const run = runCli(box, args, env, project);
      assert.equal(run.status, 0, `ccsync ${args.join(' ')}: ${run.stderr}${run.stdout}`);
      assert.doesNotMatch(run.stderr, /does not list config or history|warning/, run.stderr);
      if (!args.includes('--json')) return undefined;
      const parsed: unknown = JSON.parse(run.stdout);
      assert.ok(typeof parsed === 'object' && parsed !== null && 'config' in parsed);
      return parsed.config;
    };
    ccsync(['remote', 'add', 'pod', sshd.alias]);
    ccsync(['map', 'add', 'pod', project, REMOTE_PROJECT]);
    const reports = [ccsync(['push', 'pod', '--config', '--project-settings', '--json'])];
    // on the pod: a new prompt and a changed setting; pull brings both
    put(join(remote, 'history.jsonl'), `${readFileSync(join(remote, 'history.jsonl'), 'utf8')}${entry('typed on the pod', 3000, REMOTE_PROJECT)}`);
    put(join(remote, 'settings.json'), '{\n  "model": "sonnet",\n  "theme": "dark"\n}\n');
    reports.push(ccsync(['pull', 'pod', '--config', '--json']));
    reports.push(ccsync(['sync', 'pod', '--config', '--project-settings', '--json']));
    const read = (file: string): string => readFileSync(file, 'utf8').split(project).join('<project>');
    const remoteJson: unknown = JSON.parse(readFileSync(join(sshd.remoteHome, '.claude.json'), 'utf8'));
    return {
      agent: readFileSync(join(box.stateDir, 'remotes', 'pod.agent'), 'utf8').split('\n')[1] ?? '',
      reports: reports.map((report): unknown => JSON.parse(JSON.stringify(report).split(project).join('<project>'))),
      remote: {
        settings: read(join(remote, 'settings.json')),
        claudeMd: read(join(remote, 'CLAUDE.md')),
        agent: read(join(remote, 'agents', 'reviewer.md')),
        history: read(join(remote, 'history.jsonl')),
        claudeJson: JSON.stringify(remoteJson),
      },
      local: { settings: read(join(local, 'settings.json')), history: read(join(local, 'history.jsonl')) },
    };
  } finally {
    await box.cleanup();
    await sshd.stop();
  }
}

test('--config, --project-settings and history against a remote without node: as with node', { skip: SSHD === undefined ? 'sshd not installed' : false, timeout: 300_000 }, async () => {
  const node = await flow(false);
  const sh = await flow(true);
  assert.equal(sh.agent, 'sh');
  assert.equal(node.agent, 'node');
  assert.equal(sh.remote.history, entry('on the pod', 500, REMOTE_PROJECT) + entry('plan it', 1000, REMOTE_PROJECT) + entry('typed on the pod', 3000, REMOTE_PROJECT));
  // the pod's entries come back inserted by time; the unmapped one never left
  assert.equal(sh.local.history, entry('on the pod', 500, '<project>') + entry('plan it', 1000, '<project>') + entry('private', 1500, '/elsewhere') + entry('typed on the pod', 3000, '<project>'));
  assert.deepEqual(JSON.parse(sh.remote.settings), { model: 'sonnet', theme: 'dark' });
  assert.deepEqual(JSON.parse(sh.local.settings), { model: 'sonnet', theme: 'dark' });
  assert.equal(sh.remote.claudeMd, '# rules\n');
  assert.match(sh.remote.claudeJson, /"\/workspace\/proj":\{"allowedTools":\["Bash\(ls\)"\]\}/);
  assert.deepEqual(sh, { ...node, agent: 'sh' }, 'the sh agent ends where the node agent does');
});
