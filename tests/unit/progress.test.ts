// The progress reporter (issue #5): a clack bar on a terminal, plain lines for long phases
// otherwise, nothing with --json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stripVTControlCharacters } from 'node:util';
import { createProgress, fitLine, isLong, terminalColumns, LONG_BYTES, LONG_COUNT } from '../../src/cli/progress.js';

function fakeStderr(isTTY: boolean): { io: { stderr: (text: string) => void; isTTY: boolean; columns: number }; written: string[] } {
  const written: string[] = [];
  return { io: { stderr: (text) => void written.push(text), isTTY, columns: 100 }, written };
}

test('a phase is long above 50 items or 2 MiB', () => {
  assert.equal(isLong(undefined), false);
  assert.equal(isLong({ count: LONG_COUNT }), false);
  assert.equal(isLong({ count: LONG_COUNT + 1 }), true);
  assert.equal(isLong({ count: 1, bytes: LONG_BYTES }), false);
  assert.equal(isLong({ count: 1, bytes: LONG_BYTES + 1 }), true);
});

test('without a terminal: one plain line per long phase, nothing for short ones', () => {
  const { io, written } = fakeStderr(false);
  const progress = createProgress(io, { json: false });
  progress.phase('reading manifests of local and ssh:pod');
  progress.phase('reading 3 file(s) (1.0 KiB) from ssh:pod', { count: 3, bytes: 1024 });
  progress.advance(3);
  progress.phase('reading 247 file(s) (334.0 MiB) from ssh:pod', { count: 247, bytes: 334 * 1024 * 1024 });
  progress.advance(247);
  progress.phase('writing 2 change(s) (3.0 MiB) to local', { count: 2, bytes: 3 * 1024 * 1024 });
  progress.done();
  assert.deepEqual(written, ['reading 247 file(s) (334.0 MiB) from ssh:pod…\n', 'writing 2 change(s) (3.0 MiB) to local…\n']);
});

test('--json: nothing on stderr, on a terminal or not', () => {
  for (const isTTY of [false, true]) {
    const { io, written } = fakeStderr(isTTY);
    const progress = createProgress(io, { json: true });
    progress.phase('reading 247 file(s) (334.0 MiB) from ssh:pod', { count: 247, bytes: 334 * 1024 * 1024 });
    progress.advance(100);
    progress.done('done');
    assert.deepEqual(written, [], `isTTY ${isTTY}`);
  }
});

test('on a terminal: a bar per phase that ends with a finished line and lets go of the process', () => {
  const listeners = (): number[] => ['SIGINT', 'SIGTERM', 'exit'].map((name) => process.listenerCount(name));
  const before = listeners();
  const { io, written } = fakeStderr(true);
  const progress = createProgress(io, { json: false });
  progress.phase('reading manifests of local and dir:/b');
  assert.notDeepEqual(listeners(), before, 'the bar watches for Ctrl-C while it runs');
  progress.phase('reading 2 file(s) (10 B) from dir:/b', { count: 2, bytes: 10 });
  progress.advance(2);
  progress.done('synced');
  assert.deepEqual(listeners(), before, 'every signal and exit listener is removed');
  const text = stripVTControlCharacters(written.join(''));
  assert.match(text, /reading manifests of local and dir:\/b\n/, 'the first phase is finished with its label');
  assert.match(text, /synced\n$/, 'the last line is the summary');
  written.length = 0;
  progress.done('again');
  assert.deepEqual(written, [], 'done twice draws nothing more');
});

test('on a terminal: a failed run ends the bar with an error mark', () => {
  const { io, written } = fakeStderr(true);
  const progress = createProgress(io, { json: false });
  progress.phase('writing 1 change(s) (1 B) to dir:/b', { count: 1, bytes: 1 });
  progress.fail();
  const text = stripVTControlCharacters(written.join(''));
  assert.match(text, /[▲x] {2}writing 1 change\(s\) \(1 B\) to dir:\/b\n$/);
});

test('a terminal that reports 0 columns (a fresh pty) or none is taken as 80 wide', () => {
  assert.equal(terminalColumns(0), 80);
  assert.equal(terminalColumns(undefined), 80);
  assert.equal(terminalColumns(132), 132);
});

// Issue #10 item 3: a long transfer moves by bytes as the transports report them, with a rate.
test('without a terminal: a long byte phase prints a line per fifth done, bytes increasing', () => {
  const { io, written } = fakeStderr(false);
  const progress = createProgress(io, { json: false });
  const MiB = 1024 * 1024;
  progress.phase('writing 30 change(s) (300.0 MiB) to ssh:pod', { count: 30, bytes: 300 * MiB, unit: 'bytes' });
  for (let i = 0; i < 30; i++) progress.advanceBytes(10 * MiB);
  progress.advanceBytes(10 * MiB); // past the total: ignored
  progress.phase('writing 2 change(s) (1.0 MiB) to local', { count: 2, bytes: MiB, unit: 'bytes' });
  progress.advanceBytes(MiB);
  progress.done();
  const lines = written.join('').trimEnd().split('\n');
  assert.equal(lines[0], 'writing 30 change(s) (300.0 MiB) to ssh:pod…');
  const steps = lines.slice(1).map((line) => /^ {2}([0-9.]+) MiB of 300\.0 MiB \((\d+)%\)(, [0-9.]+ (?:KiB|MiB|B)\/s)?$/.exec(line));
  assert.equal(steps.length, 5, lines.join('\n'));
  const done = steps.map((match) => Number(match?.[1]));
  assert.deepEqual(done, [60, 120, 180, 240, 300]);
  assert.deepEqual(steps.map((match) => Number(match?.[2])), [20, 40, 60, 80, 100]);
});

test('on a terminal: a byte phase draws its bar by bytes, with bytes done and the rate, on one line', async () => {
  const { io, written } = fakeStderr(true);
  const progress = createProgress(io, { json: false });
  const MiB = 1024 * 1024;
  const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 150));
  try {
    progress.phase('reading 4 file(s) (40.0 MiB) from ssh:pod', { count: 4, bytes: 40 * MiB, unit: 'bytes' });
    await pause();
    progress.advanceBytes(10 * MiB);
    await pause();
    const text = stripVTControlCharacters(written.join(''));
    assert.match(text, /10\.0 MiB\/40\.0 MiB, [0-9.]+ MiB\/s · reading 4 file\(s\) from ssh:pod/);
    progress.advance(4); // item advances do not move a byte bar
    progress.advanceBytes(30 * MiB);
    await pause();
    assert.match(stripVTControlCharacters(written.join('')), /40\.0 MiB\/40\.0 MiB/);
    for (const frame of stripVTControlCharacters(written.join('')).split(/[◒◐◓◑]/).slice(1)) {
      assert.ok(!frame.trimEnd().includes('\n'), `a frame wrapped: ${JSON.stringify(frame)}`);
    }
  } finally {
    progress.done('done');
  }
});

test('fitLine cuts a message to the terminal width', () => {
  assert.equal(fitLine('short', 80), 'short');
  assert.equal(fitLine('x'.repeat(100), 50), `${'x'.repeat(48)}…`);
});
