import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay } from '../../../renderer/transport/reconnect-backoff.js';

test('delays double from the first and stop at the cap', () => {
  const options = { initialMs: 250, maxMs: 5000, random: () => 0.9999 };
  const delays = [0, 1, 2, 3, 4, 5, 10, 100].map((n) => backoffDelay(n, options));
  assert.deepEqual(delays, [250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
});

test('jitter takes off at most a quarter', () => {
  assert.equal(backoffDelay(2, { initialMs: 100, maxMs: 1000, random: () => 0 }), 300);
  for (let i = 0; i < 50; i++) {
    const d = backoffDelay(3, { initialMs: 100, maxMs: 10_000 });
    assert.ok(d >= 600 && d <= 800, `delay ${d}`);
  }
});

test('odd attempt numbers do not break the schedule', () => {
  const options = { initialMs: 100, maxMs: 1000, random: () => 0.9999 };
  assert.equal(backoffDelay(-3, options), 100);
  assert.equal(backoffDelay(Number.MAX_SAFE_INTEGER, options), 1000);
});
