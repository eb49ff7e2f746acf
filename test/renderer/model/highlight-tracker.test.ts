import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EndpointTable } from '../../../shared/delta.js';
import { diff, tableFromRows } from '../../../shared/diff.js';
import { HighlightTracker } from '../../../renderer/model/highlight-tracker.js';
import { endpoint } from './endpoint-fixture.js';

const a = endpoint({ remotePort: 1 });
const b = endpoint({ remotePort: 2 });
const c = endpoint({ remotePort: 3 });

const T1 = tableFromRows(1, 0, [a, b]);

/** A tracker with `ms` highlights that has seen T1 become `next` at time `now`. */
function trackerAfter(next: EndpointTable, now = 0, ms = 3000): HighlightTracker {
  const tracker = new HighlightTracker(ms);
  tracker.record(diff(T1, next), T1, now);
  return tracker;
}

describe('HighlightTracker', () => {
  it('marks added rows new, and clears them highlightMs later', () => {
    const tracker = trackerAfter(tableFromRows(2, 0, [a, b, c]), 1000);
    assert.equal(tracker.get(c.key), 'new');
    assert.equal(tracker.get(a.key), undefined);
    assert.equal(tracker.nextExpiry(), 4000);
    assert.deepEqual(tracker.expire(3999, false), { cleared: [], gone: [] });
    assert.equal(tracker.get(c.key), 'new');
    assert.deepEqual(tracker.expire(4000, false), { cleared: [c.key], gone: [] });
    assert.equal(tracker.get(c.key), undefined);
    assert.equal(tracker.nextExpiry(), undefined);
    assert.deepEqual(tracker.expire(9000, false), { cleared: [], gone: [] });
  });

  it('marks a row changed only when its state changed', () => {
    const next = tableFromRows(2, 0, [
      { ...a, state: 'TIME_WAIT', inode: 0 },
      { ...b, bytesSent: 10, recvQ: 5, rttMs: 0.1 },
    ]);
    const tracker = trackerAfter(next);
    assert.equal(tracker.get(a.key), 'changed');
    assert.equal(tracker.get(b.key), undefined, 'counters and queues do not highlight');
    assert.deepEqual(tracker.expire(3000, false), { cleared: [a.key], gone: [] });
  });

  it('does not mark an update that sets the state the row already had', () => {
    const tracker = new HighlightTracker(3000);
    tracker.record(
      {
        seq: 2,
        baseSeq: 1,
        takenAt: 0,
        added: [],
        removed: [],
        updated: [{ key: a.key, set: { state: 'ESTABLISHED' } }],
        counts: diff(T1, T1).counts,
      },
      T1,
      0,
    );
    assert.equal(tracker.get(a.key), undefined);
  });

  it('keeps removed rows marked until highlightMs passes, then reports them gone', () => {
    const tracker = trackerAfter(tableFromRows(2, 0, [a]), 500);
    assert.equal(tracker.get(b.key), 'removed');
    assert.deepEqual([...tracker.removedKeys()], [b.key]);
    assert.deepEqual(tracker.expire(3499, false), { cleared: [], gone: [] });
    assert.deepEqual(tracker.expire(3500, false), { cleared: [], gone: [b.key] });
    assert.equal(tracker.get(b.key), undefined);
    assert.deepEqual([...tracker.removedKeys()], []);
  });

  it('marks a key that comes back while shown as removed new again, with a fresh time', () => {
    const T2 = tableFromRows(2, 0, [a]);
    const T3 = tableFromRows(3, 0, [a, b]);
    const tracker = trackerAfter(T2, 0);
    tracker.record(diff(T2, T3), T2, 2000);
    assert.equal(tracker.get(b.key), 'new');
    assert.deepEqual([...tracker.removedKeys()], []);
    assert.deepEqual(
      tracker.expire(3000, false),
      { cleared: [], gone: [] },
      'the removed mark is gone with its time',
    );
    assert.deepEqual(tracker.expire(5000, false), { cleared: [b.key], gone: [] });
  });

  it('lets a state change of a new row turn it yellow, with a fresh time', () => {
    const T2 = tableFromRows(2, 0, [a, b, { ...c, state: 'SYN_SENT' }]);
    const T3 = tableFromRows(3, 0, [a, b, c]);
    const tracker = trackerAfter(T2, 0);
    tracker.record(diff(T2, T3), T2, 1000);
    assert.equal(tracker.get(c.key), 'changed');
    assert.deepEqual(tracker.expire(3000, false), { cleared: [], gone: [] });
    assert.deepEqual(tracker.expire(4000, false), { cleared: [c.key], gone: [] });
  });

  it('keeps a new mark through later updates that do not change the state', () => {
    const T2 = tableFromRows(2, 0, [a, b, c]);
    const T3 = tableFromRows(3, 0, [a, b, { ...c, bytesSent: 99 }]);
    const tracker = trackerAfter(T2, 0);
    tracker.record(diff(T2, T3), T2, 1000);
    assert.equal(tracker.get(c.key), 'new');
    assert.equal(tracker.nextExpiry(), 3000);
  });

  it('expires nothing while paused, and what is due at the first unpaused expire', () => {
    const T2 = tableFromRows(2, 0, [{ ...a, state: 'CLOSE_WAIT' }, c]);
    const tracker = trackerAfter(T2, 0);
    assert.deepEqual(tracker.expire(3000, true), { cleared: [], gone: [] });
    assert.deepEqual(tracker.expire(60_000, true), { cleared: [], gone: [] });
    assert.equal(tracker.get(a.key), 'changed');
    assert.equal(tracker.get(b.key), 'removed');
    assert.equal(tracker.get(c.key), 'new');
    // A refresh while paused: its own marks are fresh and stay; the old ones go.
    const T3 = tableFromRows(3, 0, [{ ...a, state: 'CLOSE_WAIT' }, c, endpoint({ remotePort: 4 })]);
    tracker.record(diff(T2, T3), T2, 60_000);
    const expired = tracker.expire(60_000, false);
    assert.deepEqual(expired.cleared.sort(), [a.key, c.key].sort());
    assert.deepEqual(expired.gone, [b.key]);
    assert.equal(tracker.get(endpoint({ remotePort: 4 }).key), 'new');
    assert.deepEqual(tracker.expire(120_000, true), { cleared: [], gone: [] });
  });

  it('applies a new highlight time to marks set after the change only', () => {
    const tracker = trackerAfter(tableFromRows(2, 0, [a, b, c]), 0, 3000);
    tracker.setHighlightMs(10_000);
    const T2 = tableFromRows(2, 0, [a, b, c]);
    const T3 = tableFromRows(3, 0, [a, c]);
    tracker.record(diff(T2, T3), T2, 100);
    assert.equal(tracker.nextExpiry(), 3000);
    assert.deepEqual(tracker.expire(3000, false), { cleared: [c.key], gone: [] });
    assert.equal(tracker.nextExpiry(), 10_100);
    assert.deepEqual(tracker.expire(10_099, false), { cleared: [], gone: [] });
    assert.deepEqual(tracker.expire(10_100, false), { cleared: [], gone: [b.key] });
  });

  it('treats a zero, negative or non-finite highlight time as none: marks end at the next expire', () => {
    for (const ms of [0, -5, NaN, Infinity]) {
      const tracker = trackerAfter(tableFromRows(2, 0, [a, c]), 100, ms);
      assert.equal(tracker.get(c.key), 'new');
      assert.equal(tracker.nextExpiry(), 100, String(ms));
      assert.deepEqual(tracker.expire(100, false), { cleared: [c.key], gone: [b.key] }, String(ms));
    }
  });

  it('reports the earliest expiry of all marks for one timer', () => {
    const tracker = new HighlightTracker(1000);
    const T2 = tableFromRows(2, 0, [a, b, c]);
    tracker.record(diff(T1, T2), T1, 500);
    tracker.setHighlightMs(100);
    const T3 = tableFromRows(3, 0, [a, c]);
    tracker.record(diff(T2, T3), T2, 600);
    assert.equal(tracker.nextExpiry(), 700);
    assert.equal(tracker.size, 2);
    tracker.clear();
    assert.equal(tracker.size, 0);
    assert.equal(tracker.nextExpiry(), undefined);
  });
});
