import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CollectorUnavailableError, createCollector } from '../../../electron/collectors/select-collector.js';

test('Linux gets the /proc collector, and says why', () => {
  const collector = createCollector({ platform: 'linux', env: {} });
  assert.equal(collector.info.name, 'linux-proc');
  assert.match(collector.info.reason, /\/proc\/net/);
  assert.equal(collector.info.capabilities.owners, true);
  assert.equal(collector.info.capabilities.counters, false);
  assert.match(collector.info.capabilities.limits.join(' '), /counters/);
  collector.close();
});

test('SOCKSCOPE_COLLECTOR=proc forces the /proc collector and says so', () => {
  const collector = createCollector({ platform: 'linux', env: { SOCKSCOPE_COLLECTOR: 'proc' } });
  assert.equal(collector.info.name, 'linux-proc');
  assert.match(collector.info.reason, /forced by SOCKSCOPE_COLLECTOR=proc/);
  collector.close();
});

test('an unknown forced collector and an OS without a collector are clear errors', () => {
  assert.throws(
    () => createCollector({ platform: 'linux', env: { SOCKSCOPE_COLLECTOR: 'bogus' } }),
    (e: unknown) => e instanceof CollectorUnavailableError && /use one of: proc/.test(e.message),
  );
  for (const platform of ['darwin', 'win32'] as const) {
    assert.throws(
      () => createCollector({ platform, env: {} }),
      (e: unknown) => e instanceof CollectorUnavailableError && e.message.includes(platform),
    );
  }
});
