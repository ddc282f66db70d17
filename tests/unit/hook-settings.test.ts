// ccsync's entries in Claude Code's settings.json (issue #12): added and removed by editing the
// text in place, the user's keys, hooks and formatting kept byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hookCommand, isCcsyncHookCommand, wantedGroups, type HookOptions } from '../../src/hooks/hook-command.js';
import { installedHooks, installHooks, removeHooks, type SettingsEdit } from '../../src/hooks/hook-settings.js';

const self = { node: '/opt/node 20/bin/node', cli: "/home/al's/ccsync/dist/src/cli/cli.js" };
const options: HookOptions = { remotes: [], deadlineSeconds: 3, onStop: false };

const USER = `{
  "model": "opus",
  "permissions": {
    "allow": ["Bash(ls:*)"]
  },
  "hooks": {
    "SessionStart": [
      {
        "hooks": [
          {
            "type": "command",
            "command": "echo user-start >> /tmp/log"
          }
        ]
      }
    ],
    "PreToolUse": [
      {
        "matcher": "Bash",
        "hooks": [{ "type": "command", "command": "true" }]
      }
    ]
  },
  "env": { "A": "1" }
}
`;

function text(edit: SettingsEdit): string {
  assert.ok(edit.ok, edit.ok ? '' : edit.error);
  return edit.text;
}

test('the command names node and the CLI by absolute path, shell-quoted, and is recognised again', () => {
  const command = hookCommand(self, 'session-start', { remotes: ['pod 1'], deadlineSeconds: 5, onStop: false });
  assert.equal(command, `'/opt/node 20/bin/node' '/home/al'"'"'s/ccsync/dist/src/cli/cli.js' hook session-start --remote 'pod 1' --deadline 5`);
  assert.ok(isCcsyncHookCommand(command));
  assert.ok(!isCcsyncHookCommand('echo user-start >> /tmp/log'));
  assert.ok(!isCcsyncHookCommand('my-tool hook session-start'), 'another tool with the same words is not ccsync');
});

test('install adds SessionStart and SessionEnd after the user hooks; every other byte is kept', () => {
  const installed = text(installHooks(USER, wantedGroups(self, options)));
  const before = JSON.parse(USER);
  const after = JSON.parse(installed);
  assert.deepEqual(Object.keys(after), Object.keys(before), 'top-level keys keep their order');
  assert.deepEqual(after.permissions, before.permissions);
  assert.deepEqual(after.hooks.PreToolUse, before.hooks.PreToolUse);
  assert.deepEqual(after.hooks.SessionStart[0], before.hooks.SessionStart[0], 'the user hook stays first');
  assert.equal(after.hooks.SessionStart[1].matcher, 'startup|resume');
  assert.equal(after.hooks.SessionEnd.length, 1);
  assert.equal(after.hooks.Stop, undefined, 'Stop only with --on-stop');
  // the bytes before the first edit and after the last are the user's, unchanged
  assert.ok(installed.startsWith(USER.slice(0, USER.indexOf('\n    ],\n    "PreToolUse"'))));
  assert.ok(installed.endsWith('\n  },\n  "env": { "A": "1" }\n}\n'));
  assert.match(installed, /\n {6}\{\n {8}"matcher": "startup\|resume",\n/, 'new text is indented with 2 spaces like the file');
});

test('installing twice changes nothing; remove gives back the original bytes', () => {
  const once = text(installHooks(USER, wantedGroups(self, { ...options, onStop: true })));
  const twice = installHooks(once, wantedGroups(self, { ...options, onStop: true }));
  assert.ok(twice.ok && !twice.changed && twice.text === once);
  const removed = removeHooks(once);
  assert.ok(removed.ok && removed.changed);
  assert.equal(text(removed), USER);
  const again = removeHooks(USER);
  assert.ok(again.ok && !again.changed);
});

test('a changed install replaces ccsync entries (other node, --remote, --on-stop off) and leaves one per event', () => {
  const old = text(installHooks(USER, wantedGroups({ node: '/old/node', cli: '/old/ccsync/cli.js' }, { ...options, onStop: true })));
  const updated = text(installHooks(old, wantedGroups(self, { remotes: ['pod'], deadlineSeconds: 3, onStop: false })));
  const found = installedHooks(updated);
  assert.ok(found.ok);
  assert.deepEqual(Object.keys(found.commands).sort(), ['SessionEnd', 'SessionStart']);
  assert.equal(found.commands.SessionStart?.length, 1);
  assert.match(found.commands.SessionStart?.[0] ?? '', /--remote 'pod'$/);
  assert.equal(JSON.parse(updated).hooks.Stop, undefined, 'the Stop array ccsync alone filled is gone');
  assert.equal(text(removeHooks(updated)), USER);
});

test('a group holding a user hook and a ccsync hook loses only the ccsync one', () => {
  const command = hookCommand(self, 'session-end', options);
  const mixed = `{\n  "hooks": {\n    "SessionEnd": [\n      {\n        "hooks": [\n          { "type": "command", "command": "echo bye" },\n          { "type": "command", "command": ${JSON.stringify(command)} }\n        ]\n      }\n    ]\n  }\n}\n`;
  const removed = JSON.parse(text(removeHooks(mixed)));
  assert.deepEqual(removed.hooks.SessionEnd, [{ hooks: [{ type: 'command', command: 'echo bye' }] }]);
});

test('no settings yet: a 2-space file with only the hooks; a file without hooks gets one key', () => {
  const fresh = text(installHooks(undefined, wantedGroups(self, options)));
  const groups = wantedGroups(self, options);
  assert.equal(fresh, `${JSON.stringify({ hooks: { SessionStart: [groups.SessionStart], SessionEnd: [groups.SessionEnd] } }, null, 2)}\n`);
  const again = installHooks(fresh, groups);
  assert.ok(again.ok && !again.changed, 'a file ccsync created is recognised as installed');
  const plain = '{\n  "model": "opus"\n}\n';
  const added = text(installHooks(plain, wantedGroups(self, options)));
  assert.ok(added.startsWith('{\n  "model": "opus",\n  "hooks": {\n    "SessionStart": [\n'));
  assert.equal(text(removeHooks(added)), plain);
});

test('tabs and CRLF are kept in what is inserted', () => {
  const tabbed = '{\r\n\t"model": "opus"\r\n}\r\n';
  const added = text(installHooks(tabbed, wantedGroups(self, options)));
  assert.match(added, /\r\n\t"hooks": \{\r\n\t\t"SessionStart": \[\r\n/);
  assert.equal(text(removeHooks(added)), tabbed);
});

test('settings that are not JSON, or hooks of the wrong shape, are refused with a reason', () => {
  for (const [bad, reason] of [
    ['{ "model": ', /not valid JSON/],
    ['[1, 2]', /not a JSON object/],
    ['{ "hooks": [] }', /"hooks" is not an object/],
    ['{ "hooks": { "SessionEnd": {} } }', /"hooks.SessionEnd" is not an array/],
  ] as const) {
    const result = installHooks(bad, wantedGroups(self, options));
    assert.ok(!result.ok && reason.test(result.error), `${bad}: ${JSON.stringify(result)}`);
  }
});
