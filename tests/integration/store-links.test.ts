// Issue #10 item 1 over a `dir:` remote (the same agent code as every side): a Claude dir laid
// out as `ccsync setup` leaves it (projects, history.jsonl, settings.json, CLAUDE.md linked into
// a store) is written through its links, which stay links; a top-level file linked anywhere
// else is refused, and that refusal counts as a failure in the run's summary and exit code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makePair, put, read } from './transfer-harness.js';

const entry = (display: string, timestamp: number, project: string): string =>
  `${JSON.stringify({ display, pastedContents: {}, timestamp, project })}\n`;

test('a remote set up with a store: push --config writes history, settings and CLAUDE.md into the store, links kept', async () => {
  const pair = await makePair();
  try {
    const store = join(pair.root, 'volume', 'claude-sessions');
    mkdirSync(join(store, 'projects'), { recursive: true });
    writeFileSync(join(store, 'history.jsonl'), '');
    writeFileSync(join(store, 'settings.json'), '{}');
    mkdirSync(pair.remoteClaude, { recursive: true });
    for (const name of ['projects', 'history.jsonl', 'settings.json', 'CLAUDE.md']) symlinkSync(join(store, name), join(pair.remoteClaude, name));
    put(join(pair.localClaude, 'history.jsonl'), entry('hello', 1000, pair.L));
    put(join(pair.localClaude, 'settings.json'), '{\n  "theme": "dark"\n}\n');
    put(join(pair.localClaude, 'CLAUDE.md'), '# rules\n');
    const out = pair.run(['push', 'b', '--config']);
    assert.equal(out.status, 0, out.stderr + out.stdout);
    assert.doesNotMatch(out.stderr, /warning/);
    assert.equal(read(join(store, 'history.jsonl')), entry('hello', 1000, pair.R));
    assert.deepEqual(JSON.parse(read(join(store, 'settings.json'))), { theme: 'dark' });
    assert.equal(read(join(store, 'CLAUDE.md')), '# rules\n');
    for (const name of ['history.jsonl', 'settings.json', 'CLAUDE.md']) assert.ok(lstatSync(join(pair.remoteClaude, name)).isSymbolicLink(), name);
    const again = pair.run(['pull', 'b', '--config']);
    assert.equal(again.status, 0, again.stderr);
    assert.doesNotMatch(again.stderr, /warning/);
  } finally {
    await pair.cleanup();
  }
});

test('a history.jsonl linked elsewhere is refused, left as it is, and counted as failed (exit 1)', async () => {
  const pair = await makePair();
  try {
    const elsewhere = join(pair.root, 'dotfiles', 'history.jsonl');
    put(elsewhere, entry('theirs', 500, '/x'));
    mkdirSync(pair.remoteClaude, { recursive: true });
    symlinkSync(elsewhere, join(pair.remoteClaude, 'history.jsonl'));
    put(join(pair.localClaude, 'history.jsonl'), entry('hello', 1000, pair.L));
    const out = pair.run(['push', 'b']);
    assert.equal(out.status, 1, out.stderr + out.stdout);
    assert.match(out.stdout, /failed +history history\.jsonl: .*refusing "history\.jsonl": it is a symlink, and not one into the store that ccsync setup made/);
    assert.match(out.stdout, /^push: 0 done, .* 1 failed/m);
    assert.equal(readFileSync(elsewhere, 'utf8'), entry('theirs', 500, '/x'), 'the link target is untouched');
    assert.ok(lstatSync(join(pair.remoteClaude, 'history.jsonl')).isSymbolicLink());
    assert.equal(pair.json(['push', 'b'], 1).failed, 1, '--json counts it too');
  } finally {
    await pair.cleanup();
  }
});
