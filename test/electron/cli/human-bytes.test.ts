import { test } from 'node:test';
import assert from 'node:assert/strict';
import { humanBytes } from '../../../electron/cli/human-bytes.js';

test('bytes up to 1023 print as they are, then one decimal in binary units', () => {
  const cases: [number, string][] = [
    [0, '0'],
    [512, '512'],
    [1023, '1023'],
    [1024, '1.0K'],
    [1536, '1.5K'],
    [Math.round(12.3 * 2 ** 20), '12.3M'],
    [4 * 2 ** 30, '4.0G'],
    [Math.round(2.5 * 2 ** 40), '2.5T'],
  ];
  for (const [bytes, text] of cases) assert.equal(humanBytes(bytes), text, String(bytes));
});

test('a value that would round to 1024.0 of a unit is 1.0 of the next', () => {
  assert.equal(humanBytes(1023.9 * 1024), '1023.9K');
  assert.equal(humanBytes(2 ** 20 - 1), '1.0M');
  assert.equal(humanBytes(2 ** 30 - 1), '1.0G');
});

test('the largest unit grows past 1024 rather than running out', () => {
  assert.equal(humanBytes(2048 * 2 ** 60), '2048.0E');
});
