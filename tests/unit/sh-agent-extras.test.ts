// Issue #10 item 11: the sh agent lists and writes config and history like the node agent —
// history.jsonl, CLAUDE.md, settings.json, .credentials.json, ~/.claude.json and the config
// areas, through setup's store links, with the same refusals and warnings — so `--config` and
// the history merge work against a remote without node. Both agents on the same files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { applyWrites, readRanges } from '../../src/agent/file-ops.js';
import { buildManifest } from '../../src/agent/manifest.js';
import type { ManifestRequest, WriteOp } from '../../src/wire/protocol.js';
import { startLocalShAgent, type Shell } from '../helpers/sh-agent-local.js';

const ALL = { history: true, config: true, credentials: true, claudeJson: true };
const LINE_1 = '{"display":"one","timestamp":1,"project":"/w"}\n';
const LINE_2 = '{"display":"two","timestamp":2,"project":"/w"}\n';
/** two entries and a third Claude is still writing */
const HISTORY = `${LINE_1}${LINE_2}{"display":"typ`;

function put(file: string, data: string | Buffer): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, data);
}

/** A home whose Claude dir `ccsync setup` linked to a store, with config areas and odd entries. */
function world(root: string): { home: string; claudeDir: string; store: string } {
  const home = join(root, 'home');
  const claudeDir = join(home, '.claude');
  const store = join(root, 'volume', 'claude-sessions');
  const elsewhere = join(root, 'elsewhere');
  mkdirSync(join(store, 'projects'), { recursive: true });
  mkdirSync(claudeDir, { recursive: true });
  put(join(store, 'history.jsonl'), HISTORY);
  put(join(store, 'settings.json'), '{\n  "model": "opus"\n}\n');
  for (const name of ['projects', 'history.jsonl', 'settings.json', 'CLAUDE.md']) symlinkSync(join(store, name), join(claudeDir, name));
  put(join(elsewhere, 'creds.json'), '{"secret":1}');
  // links elsewhere are relative, so a copy of the world keeps pointing into itself
  symlinkSync('../../elsewhere/creds.json', join(claudeDir, '.credentials.json'));
  put(join(home, '.claude.json'), '{"projects":{}}');
  put(join(claudeDir, 'agents', 'a.md'), '# a\n');
  put(join(claudeDir, 'agents', 'sub', 'b.md'), '# b\n');
  put(join(claudeDir, 'agents', '.a.md.ccsync-20260101T000000-1-abc.tmp'), 'torn');
  put(join(claudeDir, 'agents', 'bad\\name.md'), 'backslash');
  symlinkSync('../../../elsewhere/creds.json', join(claudeDir, 'agents', 'link.md'));
  put(join(elsewhere, 'commands', 'c.md'), 'dotfiles command\n');
  symlinkSync('../../elsewhere/commands', join(claudeDir, 'commands'));
  put(join(claudeDir, 'skills'), 'a file where a dir belongs');
  return { home, claudeDir, store };
}

const root = (home: string, claudeDir: string): Parameters<typeof buildManifest>[0] => ({
  claudeDir, home, backupDir: join(home, '.local/state/ccsync/backups'), runId: '20260101T000000-1-aaaaaa', platform: 'linux',
});

for (const [shell, without] of [['dash', []], ['bash', []], ['dash', ['sha256sum']]] as [Shell, string[]][]) {
  test(`${shell}${without.length ? ' without sha256sum' : ''}: the manifest's extras equal the node agent's (store links, areas, refusals)`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccsync-shx-'));
    try {
      const { home, claudeDir } = world(dir);
      const request: ManifestRequest = { scopeRoots: ['/w'], probes: [], extras: ALL };
      const node = await buildManifest(root(home, claudeDir), request);
      const agent = await startLocalShAgent({ shell, dir, home, without });
      const reads = [{ path: 'history.jsonl', offset: 0, length: LINE_1.length + LINE_2.length }, { path: '.claude.json', offset: 0, length: 15 }, { path: 'commands/c.md', offset: 9, length: 8 }];
      const [sh, shRead] = await Promise.all([agent.manifest(request), agent.read(reads)]).finally(() => agent.close());
      assert.deepEqual(shRead, await readRanges(root(home, claudeDir), reads), 'reads through the store link, of ~/.claude.json and a linked area');
      assert.deepEqual(node.extras?.map((entry) => entry.path), ['history.jsonl', 'settings.json', '.claude.json', 'agents/a.md', 'agents/sub/b.md', 'commands/c.md']);
      assert.equal(node.extras?.[0]?.completeLen, readFileSync(join(claudeDir, 'history.jsonl'), 'utf8').lastIndexOf('\n') + 1);
      assert.ok(node.warnings.some((line) => line.startsWith('.credentials.json: refusing')), node.warnings.join('\n'));
      assert.ok(node.warnings.includes('skills: not a directory; skipped'));
      assert.ok(node.warnings.includes('agents/link.md: is a symlink; skipped'));
      assert.deepEqual(sh, node);
      assert.equal(agent.turns, 2, 'the manifest in one turn, the reads in one');
      // without extras asked for, none are listed (and no warning about them)
      const plain = await startLocalShAgent({ shell, dir, home, without });
      const bare = await plain.manifest({ scopeRoots: ['/w'], probes: [] }).finally(() => plain.close());
      assert.equal(bare.extras, undefined);
      assert.deepEqual(bare, await buildManifest(root(home, claudeDir), { scopeRoots: ['/w'], probes: [] }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

const MID = '{"display":"mid","timestamp":1.5,"project":"/w"}\n';
const PARTIAL = '{"display":"typ';

function ops(): WriteOp[] {
  const t = 1_700_000_000_123.456;
  const data = (text: string): Buffer => Buffer.from(text);
  return [
    { kind: 'splice', path: 'history.jsonl', expect: { size: HISTORY.length }, keep: LINE_1.length, data: data(MID + LINE_2 + PARTIAL), mtimeMs: t, backup: true },
    { kind: 'put', path: 'settings.json', expect: { size: 22 }, data: data('{\n  "model": "sonnet"\n}\n'), mtimeMs: t, backup: true },
    { kind: 'put', path: 'CLAUDE.md', expect: { absent: true }, data: data('# rules\n'), mtimeMs: t, backup: false },
    { kind: 'put', path: '.credentials.json', expect: { size: 12 }, data: data('{"stolen":1}'), mtimeMs: t, backup: true },
    { kind: 'put', path: '.claude.json', expect: { size: 15 }, data: data('{"projects":{"/w":{}}}'), mtimeMs: t, backup: true },
    { kind: 'put', path: 'agents/new.md', expect: { absent: true }, data: data('new\n'), mtimeMs: t, backup: false },
    { kind: 'put', path: 'agents/sub/b.md', expect: { size: 4 }, data: data('# b2\n'), mtimeMs: t, backup: true },
    { kind: 'put', path: 'agents/link.md', expect: { size: 12 }, data: data('x'), mtimeMs: t, backup: false },
    { kind: 'put', path: 'commands/c.md', expect: { size: 17 }, data: data('changed\n'), mtimeMs: t, backup: true },
    { kind: 'remove', path: 'agents/a.md', expect: { size: 4 }, backup: true },
    { kind: 'put', path: 'history.jsonl', expect: { absent: true }, data: data('x\n'), mtimeMs: t, backup: false },
    { kind: 'append', path: 'history.jsonl', expect: { size: LINE_1.length + MID.length + LINE_2.length + PARTIAL.length }, data: data('ed","timestamp":3,"project":"/w"}\n'), mtimeMs: t + 1 },
  ];
}

/** Every entry below `dir` (links as their target): type, mode, bytes. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      const info = lstatSync(join(dir, path));
      if (info.isSymbolicLink()) out[path] = 'link';
      else if (info.isDirectory()) walk(path);
      else out[path] = `${(info.mode & 0o777).toString(8)} ${Math.trunc(info.mtimeMs)} ${readFileSync(join(dir, path)).toString('base64')}`;
    }
  };
  walk('');
  return out;
}

for (const shell of ['dash', 'bash'] as Shell[]) {
  test(`${shell}: writes to config and history give the node agent's results and files, through the store links`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccsync-shxw-'));
    const pristine = join(dir, 'pristine');
    const live = join(dir, 'w');
    try {
      world(pristine);
      const fresh = (): { home: string; claudeDir: string } => {
        rmSync(live, { recursive: true, force: true });
        cpSync(pristine, live, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
        // the links name absolute paths: point them at this copy
        for (const name of ['projects', 'history.jsonl', 'settings.json', 'CLAUDE.md']) {
          rmSync(join(live, 'home/.claude', name));
          symlinkSync(join(live, 'volume/claude-sessions', name), join(live, 'home/.claude', name));
        }
        return { home: join(live, 'home'), claudeDir: join(live, 'home/.claude') };
      };
      let paths = fresh();
      const expected = await applyWrites(root(paths.home, paths.claudeDir), ops());
      const nodeTree = snapshot(live);
      paths = fresh();
      const agent = await startLocalShAgent({ shell, dir, home: paths.home });
      const actual = await agent.write(ops()).finally(() => agent.close());
      assert.deepEqual(actual, expected);
      assert.deepEqual(
        expected.map((result) => (result.ok ? 'ok' : result.code)),
        ['ok', 'ok', 'ok', 'refused', 'ok', 'ok', 'ok', 'refused', 'ok', 'ok', 'changed', 'ok'],
      );
      const shTree = snapshot(live);
      const files = (tree: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(tree).filter(([path]) => !path.includes('/.local/state/')));
      assert.deepEqual(files(shTree), files(nodeTree));
      for (const name of ['history.jsonl', 'settings.json', 'CLAUDE.md']) assert.equal(shTree[`home/.claude/${name}`], 'link', `${name} is still a link`);
      assert.match(readFileSync(join(live, 'volume/claude-sessions/CLAUDE.md'), 'utf8'), /# rules/);
      const backups = (tree: Record<string, string>): string[] => Object.keys(tree).filter((path) => path.includes('/.local/state/')).map((path) => path.replace(/backups\/[^/]+\//, 'backups/RUN/')).sort();
      assert.deepEqual(backups(shTree), backups(nodeTree));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
