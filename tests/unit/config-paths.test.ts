import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ancestorPath, backupsDir, configPath, lockPath, remoteLockPath, stateDir } from '../../src/config/paths.js';

const home = '/home/alice';

test('configPath: $CCSYNC_CONFIG, else $XDG_CONFIG_HOME, else ~/.config', () => {
  const cases: [Record<string, string | undefined>, string][] = [
    [{ CCSYNC_CONFIG: '/etc/cc.toml', XDG_CONFIG_HOME: '/x' }, '/etc/cc.toml'],
    [{ XDG_CONFIG_HOME: '/xdg/config' }, '/xdg/config/ccsync/config.toml'],
    [{}, '/home/alice/.config/ccsync/config.toml'],
    [{ CCSYNC_CONFIG: '', XDG_CONFIG_HOME: '' }, '/home/alice/.config/ccsync/config.toml'],
    // the XDG spec ignores relative values
    [{ XDG_CONFIG_HOME: 'relative/dir' }, '/home/alice/.config/ccsync/config.toml'],
  ];
  for (const [env, expected] of cases) assert.equal(configPath(env, home), expected, JSON.stringify(env));
});

test('stateDir: $XDG_STATE_HOME/ccsync, else ~/.local/state/ccsync', () => {
  assert.equal(stateDir({ XDG_STATE_HOME: '/xdg/state' }, home), '/xdg/state/ccsync');
  assert.equal(stateDir({}, home), '/home/alice/.local/state/ccsync');
  assert.equal(stateDir({ XDG_STATE_HOME: 'rel' }, home), '/home/alice/.local/state/ccsync');
});

test('files under the state dir', () => {
  const dir = stateDir({ XDG_STATE_HOME: '/s' }, home);
  assert.equal(ancestorPath(dir, 'pod'), '/s/ccsync/remotes/pod.json');
  assert.equal(backupsDir(dir), '/s/ccsync/backups');
  assert.equal(lockPath(dir), '/s/ccsync/lock');
  assert.equal(remoteLockPath(dir, 'pod'), '/s/ccsync/lock-pod');
});
