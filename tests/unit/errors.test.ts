import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExitError, UsageError, EXIT, describeError } from '../../src/errors.js';

test('UsageError carries exit code 2, ExitError defaults to 1', () => {
  assert.equal(new UsageError('x').exitCode, EXIT.usage);
  assert.equal(new ExitError('y').exitCode, EXIT.error);
  assert.equal(describeError(new Error('boom')), 'boom');
  assert.equal(describeError('plain'), 'plain');
});
