import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { makeSandbox, runCli } from './cli-harness.js';

const remoteListSchema = z.object({
  config: z.string(),
  remotes: z.array(z.looseObject({ name: z.string(), dest: z.string() })),
});
const mapListSchema = z.object({ remotes: z.record(z.string(), z.array(z.object({ local: z.string(), remote: z.string() }))) });

test('remote add → list → set → remove', async () => {
  const box = await makeSandbox();
  try {
    let run = runCli(box, ['remote', 'add', 'pod', 'root@1.2.3.4', '--port', '${RUNPOD_PORT}', '--claude-dir', '/workspace/.claude', '--transfer', 'pod-proxy']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /added remote pod/);
    assert.match(run.stderr, /RUNPOD_PORT is not set now/);
    assert.equal((await stat(box.configPath)).mode & 0o777, 0o600);

    run = runCli(box, ['remote', 'add', 'pod', 'other']);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^ccsync: remote "pod" already exists; change it with `ccsync remote set pod/);

    run = runCli(box, ['remote', 'add', 'bk', 'dir:/mnt/backup']);
    assert.equal(run.status, 0, run.stderr);

    run = runCli(box, ['remote', 'list', '--json']);
    assert.equal(run.status, 0, run.stderr);
    const listed = remoteListSchema.parse(JSON.parse(run.stdout));
    assert.equal(listed.config, box.configPath);
    assert.deepEqual(listed.remotes, [
      { name: 'pod', dest: 'root@1.2.3.4', transfer: 'pod-proxy', port: '${RUNPOD_PORT}', claude_dir: '/workspace/.claude', portUsed: '${RUNPOD_PORT}', map: [] },
      { name: 'bk', dest: 'dir:/mnt/backup', map: [] },
    ]);

    run = runCli(box, ['remote', 'list']);
    assert.match(run.stdout, /^pod {2}root@1\.2\.3\.4, port \$\{RUNPOD_PORT\}, transfer pod-proxy, claude dir \/workspace\/\.claude\nbk {2}dir:\/mnt\/backup\n$/);

    run = runCli(box, ['remote', 'set', 'pod', '--port', '40022', '--transfer', '']);
    assert.equal(run.status, 0, run.stderr);
    const toml = await readFile(box.configPath, 'utf8');
    assert.match(toml, /port = 40022/);
    assert.doesNotMatch(toml, /transfer/);

    run = runCli(box, ['remote', 'set', 'pod', '--port', '${RUNPOD_PORT}']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(await readFile(box.configPath, 'utf8'), /port = "\$\{RUNPOD_PORT\}"/);

    run = runCli(box, ['remote', 'set', 'pod']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /nothing to change/);

    run = runCli(box, ['remote', 'set', 'bk', '--port', '22']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--port applies only to ssh remotes/);

    // removing a remote also forgets its sync state, which would mislead a new remote of that name
    const ancestor = join(box.stateDir, 'remotes', 'pod.json');
    await mkdir(join(box.stateDir, 'remotes'), { recursive: true });
    await writeFile(ancestor, '{}');
    run = runCli(box, ['remote', 'remove', 'pod']);
    assert.equal(run.status, 0, run.stderr);
    await assert.rejects(stat(ancestor), { code: 'ENOENT' });
    run = runCli(box, ['remote', 'remove', 'pod']);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /no remote named "pod"/);
    run = runCli(box, ['remote', 'list', '--json']);
    assert.deepEqual(remoteListSchema.parse(JSON.parse(run.stdout)).remotes.map((remote) => remote.name), ['bk']);
  } finally {
    await box.cleanup();
  }
});

test('remote add rejects bad names, destinations and ports with usage errors', async () => {
  const box = await makeSandbox();
  try {
    const cases: [string[], RegExp][] = [
      [['remote', 'add', 'my pod', 'h'], /invalid remote name "my pod"/],
      [['remote', 'add', 'p', '--', '-oProxyCommand=x'], /cannot start with "-"/],
      [['remote', 'add', 'p', 'host:2222'], /ssh:\/\/user@host:PORT/],
      [['remote', 'add', 'p', 'h', '--port', '70000'], /--port: expected a number from 1 to 65535/],
      [['remote', 'add', 'p', 'dir:/x', '--port', '22'], /--port applies only to ssh remotes/],
    ];
    for (const [args, pattern] of cases) {
      const run = runCli(box, args);
      assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, pattern);
      assert.equal(run.stderr.trim().split('\n').length, 1, 'one line');
    }
    await assert.rejects(stat(box.configPath), { code: 'ENOENT' }, 'nothing written');
  } finally {
    await box.cleanup();
  }
});

test('map add → list → remove', async () => {
  const box = await makeSandbox();
  try {
    let run = runCli(box, ['map', 'add', 'pod', '/Users/alice/proj', '/workspace/x']);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /no remote named "pod".*ccsync remote add pod DEST/);

    assert.equal(runCli(box, ['remote', 'add', 'pod', 'root@h']).status, 0);
    assert.equal(runCli(box, ['remote', 'add', 'bk', 'dir:/b']).status, 0);
    run = runCli(box, ['map', 'add', 'pod', '/Users/alice/proj/', '/workspace/x']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /mapped \/Users\/alice\/proj -> \/workspace\/x on pod/);
    assert.match(run.stderr, /does not exist on this machine/);
    assert.equal(runCli(box, ['map', 'add', 'pod', box.home, '/root']).status, 0);
    assert.equal(runCli(box, ['map', 'add', 'bk', '/Users/alice/proj', '/b/proj']).status, 0);

    run = runCli(box, ['map', 'add', 'pod', '/Users/alice/proj', '/elsewhere']);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /already mapped.*ccsync map remove pod \/Users\/alice\/proj/);
    run = runCli(box, ['map', 'add', 'pod', 'relative/dir', '/w']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /LOCAL_PATH must be an absolute path/);

    run = runCli(box, ['map', 'list', '--json']);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(mapListSchema.parse(JSON.parse(run.stdout)), {
      remotes: {
        pod: [
          { local: '/Users/alice/proj', remote: '/workspace/x' },
          { local: box.home, remote: '/root' },
        ],
        bk: [{ local: '/Users/alice/proj', remote: '/b/proj' }],
      },
    });
    run = runCli(box, ['map', 'list', 'bk']);
    assert.equal(run.stdout, 'bk  /Users/alice/proj  ->  /b/proj\n');

    run = runCli(box, ['map', 'remove', 'pod', '/Users/alice/proj']);
    assert.equal(run.status, 0, run.stderr);
    run = runCli(box, ['map', 'list', 'pod', '--json']);
    assert.deepEqual(mapListSchema.parse(JSON.parse(run.stdout)), { remotes: { pod: [{ local: box.home, remote: '/root' }] } });
    run = runCli(box, ['map', 'remove', 'pod', '/Users/alice/proj']);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /no mapping for \/Users\/alice\/proj/);
    run = runCli(box, ['map', 'list', 'pdo']);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /did you mean "pod"/);
  } finally {
    await box.cleanup();
  }
});

test('without CCSYNC_CONFIG the config lives under $XDG_CONFIG_HOME', async () => {
  const box = await makeSandbox();
  try {
    const { CCSYNC_CONFIG: _unused, ...env } = box.env;
    box.env = env;
    assert.equal(runCli(box, ['remote', 'add', 'pod', 'h']).status, 0);
    assert.match(await readFile(join(box.root, 'config', 'ccsync', 'config.toml'), 'utf8'), /\[remotes\.pod\]/);
  } finally {
    await box.cleanup();
  }
});
