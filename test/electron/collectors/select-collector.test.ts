import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { CollectorInfo } from '../../../electron/collectors/collector.js';
import { CollectorUnavailableError, createCollector } from '../../../electron/collectors/select-collector.js';
import { requireNetlink } from './linux/netlink-available.js';

test('Linux gets the netlink collector with counters, and says why', () => {
  requireNetlink();
  const collector = createCollector({ platform: 'linux', env: {} });
  assert.equal(collector.info.name, 'linux-netlink');
  assert.match(collector.info.reason, /sock_diag netlink/);
  assert.equal(collector.info.capabilities.owners, true);
  assert.equal(collector.info.capabilities.counters, true);
  assert.deepEqual(collector.info.capabilities.limits, []);
  collector.close();
});

test('SOCKSCOPE_COLLECTOR=proc and =netlink force a collector and say so', () => {
  requireNetlink();
  const proc = createCollector({ platform: 'linux', env: { SOCKSCOPE_COLLECTOR: 'proc' } });
  assert.equal(proc.info.name, 'linux-proc');
  assert.match(proc.info.reason, /forced by SOCKSCOPE_COLLECTOR=proc/);
  assert.equal(proc.info.capabilities.counters, false);
  assert.match(proc.info.capabilities.limits.join(' '), /no byte, segment or rtt counters/);
  proc.close();
  const netlink = createCollector({ platform: 'linux', env: { SOCKSCOPE_COLLECTOR: 'netlink' } });
  assert.equal(netlink.info.name, 'linux-netlink');
  assert.match(netlink.info.reason, /forced by SOCKSCOPE_COLLECTOR=netlink/);
  netlink.close();
});

test('an unknown forced collector and an OS without a collector are clear errors', () => {
  assert.throws(
    () => createCollector({ platform: 'linux', env: { SOCKSCOPE_COLLECTOR: 'bogus' } }),
    (e: unknown) => e instanceof CollectorUnavailableError && /use one of: netlink, proc/.test(e.message),
  );
  for (const platform of ['darwin', 'win32'] as const) {
    assert.throws(
      () => createCollector({ platform, env: {} }),
      (e: unknown) => e instanceof CollectorUnavailableError && e.message.includes(platform),
    );
  }
});

/** The chosen collector's info in a fresh process (the addon is loaded once per process), or its error. */
function infoIn(env: Record<string, string>): {
  info?: CollectorInfo;
  status: number | null;
  stderr: string;
} {
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      "import('./electron/collectors/select-collector.ts').then((m) => console.log(JSON.stringify(m.createCollector().info)))",
    ],
    { encoding: 'utf8', env: { ...process.env, ...env } },
  );
  const info = result.status === 0 ? (JSON.parse(result.stdout) as CollectorInfo) : undefined;
  return { info, status: result.status, stderr: result.stderr };
}

test('without the native addon Linux falls back to /proc, and says why and what is missing', () => {
  const { info, stderr } = infoIn({ SOCKSCOPE_NATIVE: '0' });
  assert.ok(info, stderr);
  assert.equal(info.name, 'linux-proc');
  assert.match(
    info.reason,
    /netlink collector is unavailable \(native addon: disabled by SOCKSCOPE_NATIVE=0\)/,
  );
  assert.equal(info.capabilities.counters, false);
  const limits = info.capabilities.limits.join('\n');
  assert.match(limits, /no byte, segment or rtt counters/);
  assert.match(limits, /without the native addon \(disabled by SOCKSCOPE_NATIVE=0\)/);
});

test('forcing netlink without the native addon is an error that says why', () => {
  const { status, stderr } = infoIn({ SOCKSCOPE_NATIVE: '0', SOCKSCOPE_COLLECTOR: 'netlink' });
  assert.notEqual(status, 0);
  assert.match(
    stderr,
    /SOCKSCOPE_COLLECTOR=netlink, but netlink cannot run: native addon: disabled by SOCKSCOPE_NATIVE=0/,
  );
});
