import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { spareCore } from '../../../../electron/collectors/linux/spare-core.js';

const root = mkdtempSync(join(tmpdir(), 'sockscope-loadavg-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** spareCore on a /proc whose loadavg reads `text` (absent when undefined). */
function withLoadavg(text: string | undefined, cores: number): boolean {
  rmSync(join(root, 'loadavg'), { force: true });
  if (text !== undefined) writeFileSync(join(root, 'loadavg'), text);
  return spareCore(root, cores);
}

test('a core is spare while fewer threads run than there are cores (the caller counts)', () => {
  assert.equal(withLoadavg('0.52 0.58 0.59 1/467 12345\n', 2), true);
  assert.equal(withLoadavg('2.01 1.98 1.50 2/467 12345\n', 2), false);
  assert.equal(withLoadavg('2.01 1.98 1.50 3/467 12345\n', 8), true);
});

test('an unreadable or odd loadavg counts on no spare core', () => {
  assert.equal(withLoadavg(undefined, 2), false);
  assert.equal(withLoadavg('', 2), false);
  assert.equal(withLoadavg('0.52 0.58 0.59 x/467 12345\n', 2), false);
});

test('the real /proc/loadavg reads', () => {
  assert.equal(typeof spareCore(), 'boolean');
  assert.equal(spareCore('/proc', 1_000_000), true, 'this thread alone is below a million cores');
});
