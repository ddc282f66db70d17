// The README's command blocks as tests (issue #10: "turn each README section into one test that
// runs its commands in order"): the first ```sh block under a heading, read from README.md
// itself, so the test follows the document. Each line is split into commands (`&&`), each
// command into words (POSIX quoting), and README paths (`~`, `/mnt/box`, …) are placed in the
// test's sandbox by a table the test gives.
import assert from 'node:assert/strict';
import { readFileSync, realpathSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeSandbox, type Sandbox } from '../integration/cli-harness.js';
import { startFakeAnthropic, type FakeAnthropic } from './fake-anthropic.js';

const README = fileURLToPath(new URL('../../../README.md', import.meta.url));

/** The lines of the first ```sh block after `heading` (a whole line of README.md), comments and blanks dropped. */
export function readmeBlock(heading: string): string[] {
  const lines = readFileSync(README, 'utf8').split('\n');
  const at = lines.indexOf(heading);
  assert.ok(at >= 0, `README.md has no heading ${JSON.stringify(heading)}`);
  const start = lines.indexOf('```sh', at);
  const end = lines.indexOf('```', start + 1);
  assert.ok(start > at && end > start, `no sh block under ${heading}`);
  return lines
    .slice(start + 1, end)
    .map((line) => stripComment(line).trim())
    .filter((line) => line !== '');
}

/** A `#` outside quotes starts a comment. */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) return line.slice(0, i);
  }
  return line;
}

/** Words as sh splits them (single and double quotes, no expansion); `&&` is a word of its own. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (const char of line) {
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      else word += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      word ??= '';
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + char;
  }
  assert.equal(quote, undefined, `unclosed quote in ${line}`);
  if (word !== undefined) words.push(word);
  return words;
}

/** A line's commands: its words split at `&&`. */
export function commandsOf(line: string): string[][] {
  const out: string[][] = [[]];
  for (const word of shellWords(line)) {
    if (word === '&&') out.push([]);
    else out[out.length - 1]?.push(word);
  }
  return out.filter((words) => words.length > 0);
}

/**
 * `~` and `~/…` become `home`; a word that is one of `paths`' keys or below one becomes the same
 * place under its value (longest key first); `dir:/mnt/box` is placed too; `<session-id>` is
 * `session`; a word in `aliases` (an ssh host name) is replaced whole.
 */
export function placeWords(words: readonly string[], home: string, paths: Record<string, string>, session?: string, aliases: Record<string, string> = {}): string[] {
  const keys = Object.keys(paths).sort((a, b) => b.length - a.length);
  const place = (path: string): string => {
    if (path === '~') return home;
    if (path.startsWith('~/')) return `${home}${path.slice(1)}`;
    const key = keys.find((prefix) => path === prefix || path.startsWith(`${prefix}/`));
    return key === undefined ? path : `${paths[key] ?? ''}${path.slice(key.length)}`;
  };
  return words.map((word) => {
    if (word === '<session-id>') {
      assert.ok(session !== undefined, 'the block names <session-id> before the test chose one');
      return session;
    }
    const alias = aliases[word];
    if (alias !== undefined) return alias;
    if (word.startsWith('dir:')) return `dir:${place(word.slice(4))}`;
    const assignment = /^([A-Z_]+)=(.*)$/.exec(word);
    if (assignment) return `${assignment[1] ?? ''}=${place(assignment[2] ?? '')}`;
    return place(word);
  });
}

/**
 * The sandbox every README test starts from: a temporary HOME at `<root>/home` (root resolved, so
 * paths compare as the client stores them), a fake Messages API, both stopped after the test.
 */
export async function readmeSandbox(t: TestContext): Promise<{ cli: Sandbox; api: FakeAnthropic; root: string }> {
  const cli = await makeSandbox();
  const api = await startFakeAnthropic();
  t.after(async () => {
    await api.close();
    await cli.cleanup();
  });
  const root = realpathSync(cli.root);
  cli.home = join(root, 'home');
  cli.env['HOME'] = cli.home;
  return { cli, api, root };
}
