import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Collector, CollectorSnapshot } from '../../../electron/collectors/collector.js';
import { emptyStats } from '../../../electron/collectors/collector.js';
import { Monitor } from '../../../electron/monitor/monitor.js';
import type { OwnedSocketRow } from '../../../shared/endpoint.js';

// The loop's timing and error handling, with a scripted collector plugged in
// (the monitor takes its backend as a value). The real collector is tested
// with real sockets in test/electron/collectors/.

function row(port: number, state: OwnedSocketRow['state'] = 'LISTEN'): OwnedSocketRow {
  return {
    proto: 'tcp',
    family: 4,
    localAddress: '127.0.0.1',
    localPort: port,
    remoteAddress: '0.0.0.0',
    remotePort: 0,
    state,
    recvQ: 0,
    sendQ: 0,
    uid: 0,
    inode: port,
    owner: { kind: 'unknown', reason: 'no-process' },
  };
}

/** A collector that returns scripted rows, takes `workMs`, and records how often it overlapped itself. */
function scripted(script: (call: number) => OwnedSocketRow[] | Error, workMs = 0) {
  let calls = 0;
  let active = 0;
  const starts: number[] = [];
  const state = { maxActive: 0, starts, calls: () => calls };
  const collector: Collector = {
    info: { name: 'scripted', reason: 'test', capabilities: { owners: false, counters: false, limits: [] } },
    async snapshot(): Promise<CollectorSnapshot> {
      const call = calls++;
      starts.push(performance.now());
      active++;
      state.maxActive = Math.max(state.maxActive, active);
      try {
        if (workMs > 0) await sleep(workMs);
        const result = script(call);
        if (result instanceof Error) throw result;
        return {
          takenAt: Date.now(),
          monotonicAt: performance.now(),
          rows: result,
          consistent: true,
          stats: emptyStats(),
          timings: { socketsMs: 0, ownersMs: 0 },
        };
      } finally {
        active--;
      }
    },
    close() {},
  };
  return { collector, state };
}

test('each poll yields a delta chained by seq, with its cost', async () => {
  const { collector } = scripted((call) => (call === 0 ? [row(1), row(2)] : [row(2, 'CLOSE'), row(3)]));
  const monitor = new Monitor(collector);
  const first = await monitor.pollOnce();
  assert.equal(first.delta.seq, 1);
  assert.equal(first.delta.baseSeq, 0);
  assert.equal(first.delta.added.length, 2);
  const second = await monitor.pollOnce();
  assert.equal(second.delta.baseSeq, 1);
  assert.equal(second.delta.seq, 2);
  assert.deepEqual(
    second.delta.added.map((r) => r.localPort),
    [3],
  );
  assert.equal(second.delta.removed.length, 1);
  assert.deepEqual(
    second.delta.updated.map((u) => u.set.state),
    ['CLOSE'],
  );
  assert.ok(second.cost.totalMs >= second.cost.diffMs);
  assert.equal(monitor.table.rows.size, 2);
});

test('polls never overlap, even when refresh() is called during a slow poll', async () => {
  const { collector, state } = scripted(() => [row(1)], 40);
  const monitor = new Monitor(collector, { intervalMs: 100 });
  await Promise.all([monitor.pollOnce(), monitor.refresh(), monitor.pollOnce(), monitor.refresh()]);
  assert.equal(state.maxActive, 1);
  assert.equal(state.calls(), 4);
  assert.equal(monitor.table.seq, 4);
});

test('the loop runs at a fixed rate minus the work time', async () => {
  const { collector, state } = scripted(() => [row(1)], 60);
  const monitor = new Monitor(collector, { intervalMs: 150 });
  monitor.start();
  await sleep(150 * 6 + 50);
  monitor.stop();
  const gaps = state.starts.slice(1).map((t, i) => t - state.starts[i]!);
  assert.ok(gaps.length >= 4, `expected at least 5 polls, got ${state.starts.length}`);
  const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  // Interval plus work time would be 210 ms: the loop must not add the work to the interval.
  assert.ok(mean >= 140 && mean < 185, `mean gap between polls ${mean.toFixed(1)} ms`);
  assert.equal(state.maxActive, 1);
});

test('an error in one poll is reported and the next poll runs', async () => {
  const { collector } = scripted((call) => (call === 1 ? new Error('boom') : [row(call)]));
  const monitor = new Monitor(collector, { intervalMs: 100 });
  const errors: string[] = [];
  const seqs: number[] = [];
  monitor.onError((e) => errors.push(e.message));
  monitor.onTick((t) => seqs.push(t.delta.seq));
  monitor.start();
  const deadline = Date.now() + 3000;
  while (seqs.length < 2 && Date.now() < deadline) await sleep(20);
  monitor.stop();
  assert.deepEqual(errors, ['boom']);
  assert.deepEqual(seqs.slice(0, 2), [1, 2]);
});

test('a throwing tick listener does not stop the loop or other listeners', async () => {
  const { collector } = scripted((call) => [row(call)]);
  const monitor = new Monitor(collector, { intervalMs: 100 });
  const errors: string[] = [];
  let ticks = 0;
  monitor.onTick(() => {
    throw new Error('listener bug');
  });
  monitor.onTick(() => ticks++);
  monitor.onError((e) => errors.push(e.message));
  monitor.start();
  const deadline = Date.now() + 3000;
  while (ticks < 2 && Date.now() < deadline) await sleep(20);
  monitor.stop();
  assert.ok(ticks >= 2);
  assert.ok(errors.length >= 2 && errors.every((m) => m === 'listener bug'));
});

test('pause stops polling, refresh polls once while paused, resume polls at once', async () => {
  const { collector, state } = scripted(() => [row(1)]);
  const monitor = new Monitor(collector, { intervalMs: 100 });
  monitor.start();
  await sleep(30);
  monitor.pause();
  const paused = state.calls();
  assert.ok(paused >= 1);
  await sleep(300);
  assert.equal(state.calls(), paused, 'no poll while paused');
  await monitor.refresh();
  assert.equal(state.calls(), paused + 1);
  await sleep(250);
  assert.equal(state.calls(), paused + 1, 'refresh does not restart the loop while paused');
  monitor.resume();
  await sleep(30);
  assert.equal(state.calls(), paused + 2, 'resume polls at once');
  monitor.stop();
  await sleep(250);
  assert.equal(state.calls(), paused + 2, 'no poll after stop');
});

test('an interval that is not a number in range is refused, never applied', () => {
  const { collector } = scripted(() => []);
  const monitor = new Monitor(collector, { intervalMs: 500 });
  for (const bad of [Number.NaN, 0, 99, 60_001, Infinity, '1000' as unknown as number]) {
    assert.throws(() => monitor.setIntervalMs(bad), RangeError);
  }
  assert.equal(monitor.intervalMs, 500);
  monitor.setIntervalMs(2000);
  assert.equal(monitor.intervalMs, 2000);
  assert.throws(() => new Monitor(collector, { intervalMs: -1 }), RangeError);
});

test('an inconsistent snapshot removes nothing', async () => {
  let call = 0;
  const { collector } = scripted(() => (call++ === 0 ? [row(1), row(2)] : [row(2)]));
  const inner = collector.snapshot.bind(collector);
  collector.snapshot = async () => ({ ...(await inner()), consistent: call === 1 });
  const monitor = new Monitor(collector);
  await monitor.pollOnce();
  const tick = await monitor.pollOnce();
  assert.equal(tick.consistent, false);
  assert.deepEqual(tick.delta.removed, []);
  assert.equal(monitor.table.rows.size, 2);
});
