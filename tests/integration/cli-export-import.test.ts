// `ccsync export` → `ccsync import` as a user runs them (issue #5): a session with all its
// companions goes from HOME A at one path to HOME B at another; cwd and paths are rewritten,
// secrets redacted, modes 0600/0700 and mtimes kept; a second import changes nothing; a
// continued session is appended; a different history under the same id, a truncated bundle and
// a newer format are refused with nothing written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { runCli } from './cli-harness.js';
import { cwdsOf, GITHUB_TOKEN, makeSessionWithCompanions, SID } from './bundle-fixtures.js';
import { addSession, dirOf, ID, OLD_MTIME, snapshot, store, type Store } from './move-fixtures.js';

const reportSchema = z.object({
  output: z.string(),
  sessions: z.array(z.string()),
  files: z.number(),
  secrets: z.number(),
  redactions: z.array(z.object({ kind: z.string(), file: z.string(), line: z.number(), count: z.number() })),
});

function exportTo(s: Store, bundle: string, extra: string[] = []): z.infer<typeof reportSchema> {
  const r = runCli(s.sandbox, ['export', SID, '-o', bundle, '--json', ...extra]);
  assert.equal(r.status, 0, r.stderr);
  return reportSchema.parse(JSON.parse(r.stdout));
}

function importInto(s: Store, bundle: string, project: string, extra: string[] = []): ReturnType<typeof runCli> {
  mkdirSync(project, { recursive: true });
  return runCli(s.sandbox, ['import', bundle, ...extra], {}, project);
}

test('export from HOME A, import into HOME B at another path: files, paths, secrets, modes, mtimes; again is a no-op', async (t) => {
  const a = await store(t);
  const b = await store(t);
  const made = makeSessionWithCompanions(a, join(a.base, 'code', 'proj a'));
  const bundle = join(a.base, 'session.ccsync');
  const report = exportTo(a, bundle);
  assert.deepEqual(report.sessions, [SID]);
  assert.equal(report.files, 1 + Object.keys(made.companions).length);
  assert.deepEqual(report.redactions.map((entry) => [entry.kind, entry.file]).sort(), [
    ['github', `${SID}.jsonl`],
    ['github', `file-history/${SID}/bbbbbbbbbbbbbbbb@v1`],
  ]);
  const text = readFileSync(bundle, 'utf8');
  assert.ok(!text.includes(GITHUB_TOKEN), 'the token is not in the bundle');
  assert.equal(statSync(bundle).mode & 0o777, 0o600);

  const projectB = join(b.base, 'elsewhere', 'proj-b');
  const first = importInto(b, bundle, projectB);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /new/);
  const transcript = join(dirOf(b, projectB), `${SID}.jsonl`);
  assert.deepEqual([...new Set(cwdsOf(transcript))], [projectB]);
  const imported = readFileSync(transcript, 'utf8');
  assert.ok(!imported.includes(made.project) && !imported.includes(a.sandbox.home), 'no path of machine A is left');
  assert.ok(imported.includes(join(b.sandbox.home, '.claude', 'settings.json')), 'the home path was mapped to this home');
  assert.ok(imported.includes('[REDACTED:github]') && !imported.includes(GITHUB_TOKEN));
  assert.equal(statSync(transcript).mtimeMs, OLD_MTIME.getTime(), 'the mtime travels');
  assert.equal(statSync(transcript).mode & 0o777, 0o600);
  assert.equal(statSync(dirOf(b, projectB)).mode & 0o777, 0o700);
  for (const [rel, data] of Object.entries(made.companions)) {
    const abs = rel.startsWith(`${SID}/`) ? join(dirOf(b, projectB), rel) : join(b.claudeDir, rel);
    const got = readFileSync(abs);
    if (rel.endsWith('.jsonl')) assert.ok(got.toString().includes(`${projectB}/src`), rel);
    else if (rel.includes('bbbb')) assert.equal(got.toString(), 'DEBUG=1\nGITHUB_TOKEN=[REDACTED:github]\n');
    else assert.deepEqual(got, data, `${rel} travels byte for byte (blobs are not rewritten)`);
    assert.equal(statSync(abs).mtimeMs, OLD_MTIME.getTime(), rel);
  }

  const before = snapshot(b.claudeDir);
  const again = importInto(b, bundle, projectB);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /nothing to do: the bundle is already imported/);
  assert.deepEqual(snapshot(b.claudeDir), before);
});

test('a continued session is appended; a local continuation is kept; a different history is refused', async (t) => {
  const a = await store(t);
  const b = await store(t);
  const made = makeSessionWithCompanions(a, join(a.base, 'proj'));
  const bundle = join(a.base, 'one.ccsync');
  exportTo(a, bundle);
  const projectB = join(b.base, 'proj');
  assert.equal(importInto(b, bundle, projectB).status, 0);
  const transcript = join(dirOf(b, projectB), `${SID}.jsonl`);

  const more = { parentUuid: null, type: 'user', uuid: 'more-1', sessionId: SID, cwd: made.project, message: { role: 'user', content: 'one more' } };
  appendFileSync(made.transcript, `${JSON.stringify(more)}\n`);
  const bundle2 = join(a.base, 'two.ccsync');
  exportTo(a, bundle2);
  const grown = importInto(b, bundle2, projectB);
  assert.equal(grown.status, 0, grown.stderr);
  assert.match(grown.stdout, /newer in the bundle: appended/);
  assert.equal(cwdsOf(transcript).at(-1), projectB);
  assert.match(readFileSync(transcript, 'utf8'), /one more/);

  const kept = importInto(b, bundle, projectB);
  assert.equal(kept.status, 0, kept.stderr);
  assert.match(kept.stdout, /here is newer: kept/);

  const lines = readFileSync(transcript, 'utf8').split('\n');
  lines[0] = lines[0]?.replace('prompt 1', 'another prompt 1') ?? '';
  writeFileSync(transcript, lines.join('\n'));
  const before = snapshot(b.claudeDir);
  const clobber = importInto(b, bundle2, projectB);
  assert.equal(clobber.status, 1);
  assert.match(clobber.stderr, /^ccsync: projects\/.*\.jsonl already exists with a different history.*nothing was imported/);
  assert.equal(clobber.stderr.trim().split('\n').length, 1);
  assert.deepEqual(snapshot(b.claudeDir), before);

  const elsewhere = importInto(b, bundle, join(b.base, 'other place'));
  assert.equal(elsewhere.status, 1);
  assert.match(elsewhere.stderr, /already exists under projects\/.*two dirs/);
  assert.deepEqual(snapshot(b.claudeDir), before);
});

test('truncated, edited or newer bundles and --dry-run write nothing; --no-redact keeps secrets with a warning', async (t) => {
  const a = await store(t);
  const b = await store(t);
  makeSessionWithCompanions(a, join(a.base, 'proj'));
  const bundle = join(a.base, 'b.ccsync');
  exportTo(a, bundle);
  const text = readFileSync(bundle);
  const projectB = join(b.base, 'proj');
  const cases: Array<[string, Buffer, RegExp]> = [
    ['truncated', text.subarray(0, Math.floor(text.length * 0.6)), /not a complete ccsync bundle.*truncated/],
    ['edited', Buffer.from(text.toString().replace('prompt 2', 'prompt 9')), /checksum does not match/],
    ['newer', Buffer.from(text.toString().replace('"version":1', '"version":7')), /format version 7, made by a newer ccsync/],
  ];
  for (const [name, data, message] of cases) {
    const file = join(a.base, `${name}.ccsync`);
    writeFileSync(file, data);
    const r = importInto(b, file, projectB);
    assert.equal(r.status, 1, name);
    assert.match(r.stderr, message, name);
    assert.equal(existsSync(join(b.claudeDir, 'projects')), false, `${name}: nothing written`);
  }
  const dry = importInto(b, bundle, projectB, ['--dry-run']);
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stdout, /dry run: nothing was written/);
  assert.equal(existsSync(join(b.claudeDir, 'projects')), false);

  const raw = runCli(a.sandbox, ['export', SID, '--no-redact']);
  assert.equal(raw.status, 0, raw.stderr);
  assert.ok(raw.stdout.includes(GITHUB_TOKEN), 'the bundle went to stdout, secrets kept');
  assert.match(raw.stderr, /warning: --no-redact/);
});

test('export: bad arguments and unknown sessions are one clear line', async (t) => {
  const a = await store(t);
  makeSessionWithCompanions(a, join(a.base, 'proj'));
  const cases: Array<[string[], number, RegExp]> = [
    [['export'], 2, /either SESSION or --project/],
    [['export', SID, '--project', a.base], 2, /either SESSION or --project/],
    [['export', 'my-session'], 2, /not a session id/],
    [['export', SID, '--json'], 2, /needs -o FILE/],
    [['export', SID.replace(/^./, '0')], 1, /no session .* `ccsync sessions --all` lists them/],
    [['export', '--project', join(a.base, 'nothing here')], 1, /no sessions at or below/],
    [['import', join(a.base, 'missing.ccsync')], 1, /no bundle at/],
  ];
  for (const [args, status, message] of cases) {
    const r = runCli(a.sandbox, args);
    assert.equal(r.status, status, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
  }
  const project = runCli(a.sandbox, ['export', '--project', a.base]);
  assert.equal(project.status, 0, project.stderr);
  assert.match(project.stdout, /^\{"format":"ccsync-bundle"/);
});

test('export --project takes the sessions of the project and its subdirs; import puts each under PATH', async (t) => {
  const a = await store(t);
  const b = await store(t);
  const root = join(a.base, 'mono');
  const one = addSession(a, root, ID(1));
  addSession(a, join(root, 'pkg', 'web'), ID(2));
  addSession(a, join(a.base, 'mono-other'), ID(3));
  const r = runCli(a.sandbox, ['export', '--project', root, '-o', join(a.base, 'mono.ccsync')]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /exported 2 session\(s\), 2 file\(s\)/);
  const projectB = join(b.base, 'checkout');
  const imported = runCli(b.sandbox, ['import', join(a.base, 'mono.ccsync'), '--project', projectB]);
  assert.equal(imported.status, 0, imported.stderr);
  assert.deepEqual([...new Set(cwdsOf(join(dirOf(b, projectB), `${ID(1)}.jsonl`)))], [projectB]);
  assert.deepEqual([...new Set(cwdsOf(join(dirOf(b, join(projectB, 'pkg', 'web')), `${ID(2)}.jsonl`)))], [join(projectB, 'pkg', 'web')]);
  assert.equal(readdirSync(join(b.claudeDir, 'projects')).length, 2, 'mono-other (a sibling, not a subdir) was not exported');
  assert.ok(readFileSync(one, 'utf8').includes(root), 'the source is untouched');
});
