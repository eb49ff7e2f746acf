import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectorLabel, countersGap } from '../../../renderer/status/collector-label.js';
import type { CollectorInfo } from '../../../shared/collector-report.js';

const info = (name: string, counters: boolean, limits: string[] = []): CollectorInfo => ({
  name,
  reason: 'why',
  capabilities: { owners: true, counters, limits },
});

test('the Linux collectors go by their short names', () => {
  assert.equal(collectorLabel(info('linux-netlink', true)), 'netlink');
  assert.equal(collectorLabel(info('linux-proc', false)), '/proc');
  assert.equal(collectorLabel(info('darwin-libproc', true)), 'darwin-libproc');
});

test('missing counters are named with the first reason', () => {
  assert.equal(countersGap(info('linux-netlink', true)), '');
  assert.equal(
    countersGap(info('linux-proc', false, ['/proc/net has no byte counters', 'other'])),
    'no counters: /proc/net has no byte counters',
  );
  assert.equal(countersGap(info('linux-proc', false)), 'no counters');
});
