import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../src/errors.js';
import { formatDestination, parseDestination, type Destination } from '../../src/config/destination.js';

test('parseDestination accepts the documented forms', () => {
  const cases: [string, Destination][] = [
    ['dir:/mnt/backup', { kind: 'dir', path: '/mnt/backup' }],
    ['dir:/mnt/backup/', { kind: 'dir', path: '/mnt/backup' }],
    ['dir:/mnt//a/./b', { kind: 'dir', path: '/mnt/a/b' }],
    ['dir:/Volumes/My Disk/ünï', { kind: 'dir', path: '/Volumes/My Disk/ünï' }],
    ['dir:/', { kind: 'dir', path: '/' }],
    ['root@1.2.3.4', { kind: 'ssh', user: 'root', host: '1.2.3.4' }],
    ['pod', { kind: 'ssh', host: 'pod' }],
    ['gpu-box.zt', { kind: 'ssh', host: 'gpu-box.zt' }],
    ['ssh://alice@host:2222', { kind: 'ssh', user: 'alice', host: 'host', port: 2222 }],
    ['ssh://host', { kind: 'ssh', host: 'host' }],
    ['ssh://host/', { kind: 'ssh', host: 'host' }],
    ['ssh://bob@[::1]:22', { kind: 'ssh', user: 'bob', host: '::1', port: 22 }],
    ['bob@::1', { kind: 'ssh', user: 'bob', host: '::1' }],
    ['a.b@host', { kind: 'ssh', user: 'a.b', host: 'host' }],
  ];
  for (const [text, expected] of cases) assert.deepEqual(parseDestination(text), expected, text);
});

test('parseDestination rejects bad text with one-line usage errors', () => {
  const cases: [string, RegExp][] = [
    ['', /empty/],
    ['   ', /empty/],
    ['-oProxyCommand=evil', /cannot start with "-"/],
    ['user@-oProxyCommand=x', /host cannot start with "-"/],
    ['-l@host', /start with "-"/],
    ['ssh://-x', /host cannot start with "-"/],
    ['host\nname', /control character/],
    ['ho\0st', /control character/],
    ['dir:/a\0b', /NUL/],
    ['my host', /whitespace/],
    ['\thost', /control character/],
    ['ssh://host:0', /port "0"/],
    ['ssh://host:65536', /port "65536"/],
    ['ssh://host:22a', /port "22a"/],
    ['ssh://host:', /port ""/],
    ['ssh://host/path', /no path/],
    ['ssh://::1', /brackets/],
    ['ssh://[::1', /closing/],
    ['host:2222', /ssh:\/\/user@host:PORT/],
    ['user@host:/data', /not a path/],
    ['dir:', /needs a path/],
    ['dir:relative/x', /absolute/],
    ['rsync://host', /unknown scheme/],
    ['@host', /user before "@" is empty/],
    ['user@', /no host/],
    ['host;rm', /may only have/],
    ['$(id)', /may only have/],
  ];
  for (const [text, pattern] of cases) {
    assert.throws(
      () => parseDestination(text),
      (error: unknown) => error instanceof UsageError && pattern.test(error.message) && !error.message.includes('\n'),
      JSON.stringify(text),
    );
  }
});

test('formatDestination round-trips', () => {
  for (const text of ['dir:/mnt/b', 'root@1.2.3.4', 'pod', 'ssh://alice@host:2222', 'ssh://[::1]:22']) {
    assert.equal(formatDestination(parseDestination(text)), text);
  }
});
