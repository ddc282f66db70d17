import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { completeLengthOfFile, FP_WINDOW, fingerprintBuffer, fingerprintFile, sha256File } from '../../src/agent/fingerprint.js';
import { tempDir } from '../helpers/temp-dir.js';

const KI = 1024;
const SIZES = [0, 1, 2, 64 * KI - 1, 64 * KI, 64 * KI + 1, 128 * KI - 1, 128 * KI, 128 * KI + 1, 1024 * KI];

function tempFile(data: Buffer): string {
  const dir = tempDir('ccsync-fp-');
  const file = path.join(dir, 'f.bin');
  fs.writeFileSync(file, data);
  return file;
}

test('FP_WINDOW is 64 KiB', () => {
  assert.equal(FP_WINDOW, 65536);
});

test('fingerprintFile agrees with fingerprintBuffer around the window edges', async () => {
  const data = randomBytes(1024 * KI + 7);
  const file = tempFile(data);
  for (const n of SIZES) {
    assert.equal(await fingerprintFile(file, n), fingerprintBuffer(data, n), `n=${n}`);
  }
  const handle = await open(file, 'r');
  try {
    for (const n of SIZES) assert.equal(await fingerprintFile(handle, n), fingerprintBuffer(data, n), `handle n=${n}`);
  } finally {
    await handle.close();
  }
});

test('fingerprint follows the documented formula', () => {
  const data = randomBytes(300 * KI);
  for (const n of [0, 10, 64 * KI, 100 * KI, 300 * KI]) {
    const head = data.subarray(0, Math.min(n, 64 * KI));
    const tail = data.subarray(Math.max(64 * KI, n - 64 * KI), n);
    const expected = createHash('sha256').update(`ccsync-fp1\n${n}\n`).update(head).update(tail).digest('hex');
    assert.equal(fingerprintBuffer(data, n), expected, `n=${n}`);
  }
});

test('fingerprint covers the length and the bytes on both sides of the boundary', () => {
  const data = randomBytes(200 * KI);
  assert.notEqual(fingerprintBuffer(data, 100), fingerprintBuffer(data, 101));
  const changedHead = Buffer.from(data);
  changedHead[5] = (changedHead[5] ?? 0) ^ 1;
  assert.notEqual(fingerprintBuffer(changedHead, data.length), fingerprintBuffer(data, data.length));
  const changedTail = Buffer.from(data);
  changedTail[data.length - 1] = (changedTail[data.length - 1] ?? 0) ^ 1;
  assert.notEqual(fingerprintBuffer(changedTail, data.length), fingerprintBuffer(data, data.length));
  // bytes outside both windows are not covered: that is the point (bounded reads)
  const changedMiddle = Buffer.from(data);
  changedMiddle[100 * KI] = (changedMiddle[100 * KI] ?? 0) ^ 1;
  assert.equal(fingerprintBuffer(changedMiddle, data.length), fingerprintBuffer(data, data.length));
});

test('fingerprint of more bytes than the file holds is an error', async () => {
  const file = tempFile(Buffer.from('abc'));
  await assert.rejects(fingerprintFile(file, 4), /ended/);
  assert.throws(() => fingerprintBuffer(Buffer.from('abc'), 4), RangeError);
  assert.throws(() => fingerprintBuffer(Buffer.from('abc'), -1), RangeError);
});

test('sha256File streams the whole file', async () => {
  const data = randomBytes(3 * 1024 * KI + 5);
  const file = tempFile(data);
  assert.equal(await sha256File(file), createHash('sha256').update(data).digest('hex'));
  assert.equal(await sha256File(tempFile(Buffer.alloc(0))), createHash('sha256').digest('hex'));
});

test('completeLengthOfFile finds the last newline, reading backwards past long partial lines', async () => {
  const cases: [Buffer, number][] = [
    [Buffer.alloc(0), 0],
    [Buffer.from('no newline'), 0],
    [Buffer.from('a\n'), 2],
    [Buffer.from('a\nb\npartial'), 4],
    [Buffer.concat([Buffer.from('x\n'), Buffer.alloc(200 * KI, 0x41)]), 2],
    [Buffer.concat([Buffer.alloc(200 * KI, 0x41), Buffer.from('\n')]), 200 * KI + 1],
  ];
  for (const [data, expected] of cases) {
    const handle = await open(tempFile(data), 'r');
    try {
      assert.equal(await completeLengthOfFile(handle, data.length), expected);
    } finally {
      await handle.close();
    }
  }
});
