import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportFileName } from '../../../renderer/export/export-file-name.js';

test('export files are named sockscope-YYYYMMDD-HHMMSS in local time', () => {
  const at = new Date(2026, 0, 5, 7, 8, 9);
  assert.equal(exportFileName(at, 'csv'), 'sockscope-20260105-070809.csv');
  assert.equal(exportFileName(at, 'json'), 'sockscope-20260105-070809.json');
  assert.equal(exportFileName(new Date(2026, 11, 31, 23, 59, 58), 'csv'), 'sockscope-20261231-235958.csv');
});
