import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ExitError } from '../../src/errors.js';
import { createPathMap, isUnder, mapPath, rewriteString, type PathMap, type PathPair } from '../../src/mapping/path-map.js';

test('createPathMap strips trailing slashes and drops exact duplicates', () => {
  const map = createPathMap([
    { local: '/Users/alice/proj/', remote: '/workspace/code//' },
    { local: '/Users/alice/proj', remote: '/workspace/code' },
  ]);
  assert.deepEqual(map.pairs, [{ local: '/Users/alice/proj', remote: '/workspace/code' }]);
  assert.ok(Object.isFrozen(map) && Object.isFrozen(map.pairs));
});

test('createPathMap refuses bad pairs with a one-line ExitError', () => {
  const bad: PathPair[][] = [
    [{ local: 'rel/path', remote: '/r' }],
    [{ local: '/a', remote: '' }],
    [{ local: '/', remote: '/r' }],
    [{ local: '/a', remote: '///' }],
    [{ local: '/a\nb', remote: '/r' }],
    [{ local: '/a', remote: '/r\u0000' }],
    [{ local: '/a//b', remote: '/r' }],
    [{ local: '/a/../b', remote: '/r' }],
    [{ local: '/a', remote: '/r1' }, { local: '/a/', remote: '/r2' }],
    [{ local: '/a1', remote: '/r' }, { local: '/a2', remote: '/r' }],
  ];
  for (const pairs of bad) {
    assert.throws(() => createPathMap(pairs), (error: unknown) => {
      assert.ok(error instanceof ExitError, JSON.stringify(pairs));
      assert.ok(!error.message.includes('\n'), error.message);
      return true;
    });
  }
});

test('isUnder respects path boundaries', () => {
  assert.equal(isUnder('/a/proj', '/a/proj'), true);
  assert.equal(isUnder('/a/proj', '/a'), true);
  assert.equal(isUnder('/a/proj/x', '/a/proj/'), true);
  assert.equal(isUnder('/a/proj', '/a/pro'), false);
  assert.equal(isUnder('/a/project2', '/a/proj'), false);
  assert.equal(isUnder('/a', '/a/proj'), false);
  assert.equal(isUnder('/anything', '/'), true);
});

test('mapPath takes the longest prefix and keeps the rest', () => {
  const map = createPathMap([
    { local: '/Users/alice', remote: '/home/alice' },
    { local: '/Users/alice/proj', remote: '/workspace/code' },
  ]);
  assert.equal(mapPath(map, '/Users/alice/proj', 'toRemote'), '/workspace/code');
  assert.equal(mapPath(map, '/Users/alice/proj/src/a.ts', 'toRemote'), '/workspace/code/src/a.ts');
  assert.equal(mapPath(map, '/Users/alice/proj2', 'toRemote'), '/home/alice/proj2');
  assert.equal(mapPath(map, '/Users/bob', 'toRemote'), undefined);
  assert.equal(mapPath(map, '/workspace/code/x', 'toLocal'), '/Users/alice/proj/x');
  assert.equal(mapPath(map, '/home/alice/.claude', 'toLocal'), '/Users/alice/.claude');
  assert.equal(mapPath(map, '/workspace/codex', 'toLocal'), undefined);
});

const projMap = createPathMap([{ local: '/a/proj', remote: '/r/code' }]);

test('rewriteString: boundary cases', () => {
  const cases: Array<[string, string]> = [
    ['/a/proj', '/r/code'],
    ['/a/proj/x.ts', '/r/code/x.ts'],
    ['/a/project2', '/a/project2'],
    ['/a/proj-old/x', '/a/proj-old/x'],
    ['/a/proj_x', '/a/proj_x'],
    ['/a/proj.bak', '/a/proj.bak'],
    ['/a/projé/x', '/a/projé/x'],
    ['see /a/proj.', 'see /r/code.'],
    ['see /a/proj. Then', 'see /r/code. Then'],
    ['file:///a/proj/x', 'file:///r/code/x'],
    ['file://a/proj/x', 'file://a/proj/x'],
    ['cd /a/proj && ls', 'cd /r/code && ls'],
    ['bash -c "cd \'/a/proj\'"', 'bash -c "cd \'/r/code\'"'],
    ['"/a/proj"', '"/r/code"'],
    ['/x/a/proj', '/x/a/proj'],
    ['x/a/proj', 'x/a/proj'],
    ['//a/proj', '//a/proj'],
    ['é/a/proj', 'é/a/proj'],
    ['~/a/proj', '~/a/proj'],
    ['at end /a/proj', 'at end /r/code'],
    ['PATH=/a/proj/bin:/a/proj:/usr/bin', 'PATH=/r/code/bin:/r/code:/usr/bin'],
    ['(/a/proj),[/a/proj]', '(/r/code),[/r/code]'],
    ['/a/proj\n/a/proj\t/a/proj', '/r/code\n/r/code\t/r/code'],
    ['→/a/proj', '→/r/code'],
    ['/a/proj:12:3', '/r/code:12:3'],
    ['/a/proj/', '/r/code/'],
    ['/a/pro', '/a/pro'],
  ];
  for (const [input, expected] of cases) {
    assert.equal(rewriteString(projMap, input, 'toRemote'), expected, JSON.stringify(input));
    assert.equal(rewriteString(projMap, expected, 'toLocal'), input, `back: ${JSON.stringify(expected)}`);
  }
});

test('rewriteString: longest valid prefix wins at each position', () => {
  const map = createPathMap([
    { local: '/a', remote: '/ra' },
    { local: '/a/proj', remote: '/rp' },
  ]);
  assert.equal(rewriteString(map, '/a/proj/x', 'toRemote'), '/rp/x');
  assert.equal(rewriteString(map, '/a/proj2', 'toRemote'), '/ra/proj2');
  assert.equal(rewriteString(map, '/a/proj.bak /a/proj. /a', 'toRemote'), '/ra/proj.bak /rp. /ra');
});

test('rewriteString: spaces, unicode and regex chars in prefixes', () => {
  const map = createPathMap([
    { local: '/Users/zoë/My Projects/app (v2)', remote: '/srv/ünï côde' },
    { local: '/tmp/a+b.c$[x]', remote: '/tmp/q' },
  ]);
  assert.equal(
    rewriteString(map, 'open "/Users/zoë/My Projects/app (v2)/src/main.ts" now', 'toRemote'),
    'open "/srv/ünï côde/src/main.ts" now',
  );
  // "app (v2)x" is another dir: a name char after the prefix never ends it.
  assert.equal(rewriteString(map, '/Users/zoë/My Projects/app (v2)x', 'toRemote'), '/Users/zoë/My Projects/app (v2)x');
  assert.equal(rewriteString(map, 'ls /tmp/a+b.c$[x]/y /tmp/aab.c$[x]', 'toRemote'), 'ls /tmp/q/y /tmp/aab.c$[x]');
  assert.equal(rewriteString(map, 'cd /srv/ünï côde/x', 'toLocal'), 'cd /Users/zoë/My Projects/app (v2)/x');
});

test('rewriteString: a prefix right after another prefix is a path below it', () => {
  const map = createPathMap([
    { local: '/x/(1)', remote: '/r1' },
    { local: '/a/proj', remote: '/r2' },
  ]);
  assert.equal(rewriteString(map, '/x/(1)/a/proj and /a/proj', 'toRemote'), '/r1/a/proj and /r2');
});

test('rewriteString returns the same string when nothing changes, and handles empty maps', () => {
  const text = 'nothing /a/project2 here';
  assert.equal(rewriteString(projMap, text, 'toRemote'), text);
  const identity = createPathMap([{ local: '/same', remote: '/same' }]);
  assert.equal(rewriteString(identity, 'cd /same/x', 'toRemote'), 'cd /same/x');
  assert.equal(rewriteString(createPathMap([]), '/a/proj', 'toRemote'), '/a/proj');
});

// ---- round trips ----

const SEPARATORS = [' ', '"', '\n', ':', '=', '(', ',', "'", ')', '. ', '\t'];
const segment = fc.oneof(
  fc.stringMatching(/^[a-z0-9._-]{1,8}$/).filter((s) => s !== '.' && s !== '..'),
  fc.constantFrom('src', 'proj', 'proj2', 'code', 'x.ts', 'my dir', 'café', 'naïve ünï', '日本', 'a+b', 'v@1'),
);
const word = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.~+@-]{1,8}$/), fc.constantFrom('file://', 'é', 'cd', '&&', 'x:', '"'));

function pathText(prefixes: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...prefixes), fc.array(segment, { maxLength: 3 }), fc.constantFrom('', '/', '.'))
    .map(([prefix, segments, end]) => [prefix, ...segments].join('/') + end);
}

function freeText(prefixes: readonly string[]): fc.Arbitrary<string> {
  const fragment = fc.oneof(pathText(prefixes), word, fc.constantFrom(...SEPARATORS));
  return fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join(''));
}

interface RoundTripCase {
  name: string;
  map: PathMap;
  /** remote-form text round-trips exactly too (false: two remote paths map to one local) */
  remoteExact: boolean;
}

const ROUND_TRIP_MAPS: RoundTripCase[] = [
  {
    name: 'disjoint pairs',
    map: createPathMap([
      { local: '/Users/alice/proj', remote: '/workspace/runs/x/code' },
      { local: '/Users/alice/data', remote: '/mnt/data' },
    ]),
    remoteExact: true,
  },
  {
    // Local-form only: remote /home/alice/proj and /workspace/code both become
    // /Users/alice/proj, so remote text naming /home/alice/proj comes back as /workspace/code.
    name: 'home pair with a project pair inside it mapped elsewhere',
    map: createPathMap([
      { local: '/Users/alice', remote: '/home/alice' },
      { local: '/Users/alice/proj', remote: '/workspace/code' },
    ]),
    remoteExact: false,
  },
  {
    name: 'nested-consistent pairs with spaces, unicode and a non-path last char',
    map: createPathMap([
      { local: '/Users/zoë/My Projects', remote: '/data/projects' },
      { local: '/Users/zoë/My Projects/app (v2)', remote: '/data/projects/app (v2)' },
      { local: '/opt/x (1)', remote: '/srv/x1' },
    ]),
    remoteExact: true,
  },
];

for (const { name, map, remoteExact } of ROUND_TRIP_MAPS) {
  const locals = map.pairs.map((pair) => pair.local);
  const remotes = map.pairs.map((pair) => pair.remote);
  test(`rewriteString round trip, local form: ${name}`, () => {
    // Precondition: no remote-side prefix occurs in the local-form text.
    const text = freeText(locals).filter((x) => rewriteString(map, x, 'toLocal') === x);
    fc.assert(
      fc.property(text, (x) => {
        assert.equal(rewriteString(map, rewriteString(map, x, 'toRemote'), 'toLocal'), x);
      }),
      { numRuns: 500 },
    );
  });
  if (!remoteExact) continue;
  test(`rewriteString round trip, remote form: ${name}`, () => {
    const text = freeText(remotes).filter((x) => rewriteString(map, x, 'toRemote') === x);
    fc.assert(
      fc.property(text, (x) => {
        assert.equal(rewriteString(map, rewriteString(map, x, 'toLocal'), 'toRemote'), x);
      }),
      { numRuns: 500 },
    );
  });
}

test('rewriteString: the documented limit of a home pair with a project elsewhere', () => {
  const { map } = ROUND_TRIP_MAPS[1] ?? assert.fail('missing case');
  const local = rewriteString(map, '/home/alice/proj/x', 'toLocal');
  assert.equal(local, '/Users/alice/proj/x');
  assert.equal(rewriteString(map, local, 'toRemote'), '/workspace/code/x');
});
