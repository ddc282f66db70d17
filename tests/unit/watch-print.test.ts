// What `ccsync watch` prints (src/cli/print/watch-events.ts) and the service units it offers
// (src/cli/print/service-units.ts): an idle sync is silent; a path with spaces or markup stays
// one argument in the unit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchdAgent, systemdUnit } from '../../src/cli/print/service-units.js';
import { describeWatchEvent, isWorthTelling } from '../../src/cli/print/watch-events.js';
import type { SyncPassResult } from '../../src/sync/sync-pass.js';

const quiet: SyncPassResult = { done: 0, failed: 0, skipped: 1, conflicts: 0, bytes: 0, written: [], notes: ['a.jsonl: live'], warnings: [], remoteDigest: 'x' };
const at = '2026-12-04T08:00:01.000Z';

test('a sync that moved nothing prints nothing; one that moved says where, both ways', () => {
  assert.equal(isWorthTelling({ event: 'sync', remote: 'pod', at, trigger: 'remote', ms: 40, result: quiet }), false);
  const moved: SyncPassResult = { ...quiet, done: 2, bytes: 2048, written: [{ key: 'a.jsonl', side: 'remote' }, { key: 'b.jsonl', side: 'local' }] };
  const event = { event: 'sync' as const, remote: 'pod', at, trigger: 'local' as const, ms: 320, result: moved };
  assert.equal(isWorthTelling(event), true);
  assert.equal(describeWatchEvent(event), '08:00:01 pod: synced (local change) 2 file(s), 2.0 KiB — to pod: a.jsonl; here: b.jsonl (0.3 s)');
  assert.equal(describeWatchEvent({ event: 'disconnected', remote: 'pod', at, error: 'ssh:pod: the connection ended', retryInMs: 4000 }), '08:00:01 pod: disconnected: ssh:pod: the connection ended; retrying in 4 s');
});

test('the units keep a path with spaces or markup as one argument', () => {
  const spec = { node: '/opt/node 20/bin/node', cli: '/home/a&b/ccsync/cli.js', args: ['pod', '--all'], workingDirectory: '/home/a b', environment: { PATH: '/usr/bin:/bin', CLAUDE_CONFIG_DIR: '/home/a b/.claude' } };
  const unit = systemdUnit(spec);
  assert.match(unit, /^ExecStart="\/opt\/node 20\/bin\/node" "\/home\/a&b\/ccsync\/cli\.js" watch pod --all$/m);
  assert.match(unit, /^WorkingDirectory="\/home\/a b"$/m);
  assert.match(unit, /^Environment="CLAUDE_CONFIG_DIR=\/home\/a b\/\.claude"$/m);
  const plist = launchdAgent(spec);
  assert.match(plist, /<string>\/opt\/node 20\/bin\/node<\/string>\n {4}<string>\/home\/a&amp;b\/ccsync\/cli\.js<\/string>\n {4}<string>watch<\/string>/);
});
