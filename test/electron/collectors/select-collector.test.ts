import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
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

test('without the native addon the collector says so and why', () => {
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      "import('./electron/collectors/select-collector.ts').then((m) => console.log(JSON.stringify(m.createCollector().info)))",
    ],
    { encoding: 'utf8', env: { ...process.env, SOCKSCOPE_NATIVE: '0' } },
  );
  assert.equal(result.status, 0, result.stderr);
  const info = JSON.parse(result.stdout) as { capabilities: { limits: string[] } };
  assert.ok(
    info.capabilities.limits.some((l) =>
      /without the native addon \(disabled by SOCKSCOPE_NATIVE=0\)/.test(l),
    ),
    JSON.stringify(info.capabilities.limits),
  );
});
