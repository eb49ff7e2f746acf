import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Delta, EndpointTable } from '../../../shared/delta.js';
import { CorruptDeltaError, tableFromRows } from '../../../shared/diff.js';
import type { DeltaEvent } from '../../../shared/protocol.js';
import { ViewSync } from '../../../renderer/model/view-sync.js';
import { endpoint } from './endpoint-fixture.js';
import { deltaEvent, snapshotOf } from './protocol-fixture.js';

const a = endpoint({ remotePort: 1 });
const b = endpoint({ remotePort: 2 });
const c = endpoint({ remotePort: 3 });

// The server's tables at seq 1..4: b changes state, c arrives, a leaves.
const T1 = tableFromRows(1, 1000, [a, b]);
const T2 = tableFromRows(2, 2000, [a, { ...b, state: 'FIN_WAIT1' }]);
const T3 = tableFromRows(3, 3000, [a, { ...b, state: 'TIME_WAIT', inode: 0 }, c]);
const T4 = tableFromRows(4, 4000, [{ ...b, state: 'TIME_WAIT', inode: 0 }, c]);

/** The table's rows as a plain object, for deepEqual. */
function rowsOf(table: EndpointTable): Record<string, unknown> {
  return Object.fromEntries(table.rows);
}

/** A view in sync at T1. */
function syncedAtT1(): ViewSync {
  const sync = new ViewSync();
  sync.acceptSnapshot(snapshotOf(T1));
  return sync;
}

describe('ViewSync', () => {
  it('starts empty and out of sync; deltas before the first snapshot are gaps', () => {
    const sync = new ViewSync();
    assert.equal(sync.synced, false);
    assert.equal(sync.table.seq, 0);
    assert.equal(sync.table.rows.size, 0);
    const fromEmpty = deltaEvent(tableFromRows(0, 0, []), T1);
    assert.equal(sync.acceptDelta(fromEmpty), 'gap');
    assert.equal(sync.table.rows.size, 0);
  });

  it('takes a snapshot whole', () => {
    const sync = syncedAtT1();
    assert.equal(sync.synced, true);
    assert.equal(sync.table.seq, 1);
    assert.equal(sync.table.takenAt, 1000);
    assert.deepEqual(rowsOf(sync.table), rowsOf(T1));
  });

  it('applies deltas that follow its table, one after another', () => {
    const sync = syncedAtT1();
    assert.equal(sync.acceptDelta(deltaEvent(T1, T2)), 'applied');
    assert.equal(sync.acceptDelta(deltaEvent(T2, T3)), 'applied');
    assert.equal(sync.acceptDelta(deltaEvent(T3, T4)), 'applied');
    assert.equal(sync.synced, true);
    assert.equal(sync.table.seq, 4);
    assert.equal(sync.table.takenAt, 4000);
    assert.deepEqual(rowsOf(sync.table), rowsOf(T4));
  });

  it('never changes a table it handed out, so the previous one can be kept', () => {
    const sync = syncedAtT1();
    const before = sync.table;
    sync.acceptDelta(deltaEvent(T1, T2));
    assert.notEqual(sync.table, before);
    assert.equal(before.seq, 1);
    assert.equal(before.rows.get(b.key)?.state, 'ESTABLISHED');
    assert.equal(sync.table.rows.get(b.key)?.state, 'FIN_WAIT1');
  });

  it('ignores deltas the snapshot already holds', () => {
    const sync = new ViewSync();
    sync.acceptSnapshot(snapshotOf(T3));
    assert.equal(sync.acceptDelta(deltaEvent(T1, T2)), 'stale');
    assert.equal(sync.acceptDelta(deltaEvent(T2, T3)), 'stale');
    assert.equal(sync.synced, true);
    assert.deepEqual(rowsOf(sync.table), rowsOf(T3));
    assert.equal(sync.acceptDelta(deltaEvent(T3, T4)), 'applied');
  });

  it('reports a gap for a delta that skips a seq, keeps its table, and stays out of sync until a snapshot', () => {
    const sync = syncedAtT1();
    const held = sync.table;
    assert.equal(sync.acceptDelta(deltaEvent(T2, T3)), 'gap');
    assert.equal(sync.synced, false);
    assert.equal(sync.table, held);
    // Even the delta that was missed cannot bring it back: the view must resync.
    assert.equal(sync.acceptDelta(deltaEvent(T1, T2)), 'gap');
    assert.equal(sync.acceptDelta(deltaEvent(T3, T4)), 'gap');
    assert.equal(sync.table, held);
    sync.acceptSnapshot(snapshotOf(T3));
    assert.equal(sync.synced, true);
    assert.equal(sync.acceptDelta(deltaEvent(T2, T3)), 'stale');
    assert.equal(sync.acceptDelta(deltaEvent(T3, T4)), 'applied');
    assert.deepEqual(rowsOf(sync.table), rowsOf(T4));
  });

  it('reports a gap for a delta that contradicts the table, and keeps the last good table', () => {
    const corrupt = (change: Partial<Delta>): DeltaEvent => {
      const e = deltaEvent(T1, T2);
      return { ...e, delta: { ...e.delta, ...change } };
    };
    const cases: [string, DeltaEvent][] = [
      ['removes a missing key', corrupt({ removed: ['no such key'] })],
      ['updates a missing key', corrupt({ updated: [{ key: 'no such key', set: { state: 'LISTEN' } }] })],
      ['adds a present key', corrupt({ added: [a] })],
      ['changes a key', corrupt({ updated: [{ key: a.key, set: { key: 'x' } as never }] })],
    ];
    for (const [what, event] of cases) {
      const sync = syncedAtT1();
      const held = sync.table;
      assert.equal(sync.acceptDelta(event), 'gap', what);
      assert.equal(sync.synced, false, what);
      assert.equal(sync.table, held, what);
      assert.deepEqual(rowsOf(sync.table), rowsOf(T1), what);
      assert.ok(sync.lastError instanceof CorruptDeltaError, what);
    }
  });

  it('treats a malformed event as a gap, never a crash', () => {
    for (const junk of [
      null,
      {},
      { delta: null },
      { delta: { seq: '2', baseSeq: 1 } },
      { delta: { seq: 2, baseSeq: 1 } },
    ]) {
      const sync = syncedAtT1();
      assert.equal(sync.acceptDelta(junk as unknown as DeltaEvent), 'gap', JSON.stringify(junk));
      assert.equal(sync.synced, false);
      assert.deepEqual(rowsOf(sync.table), rowsOf(T1));
      assert.ok(sync.lastError instanceof Error);
    }
  });

  it('keeps the first of two snapshot rows with one key, and counts the other', () => {
    const sync = new ViewSync();
    const snapshot = snapshotOf(T1);
    snapshot.rows.push({ ...a, state: 'CLOSE' });
    sync.acceptSnapshot(snapshot);
    assert.equal(sync.duplicateRows, 1);
    assert.equal(sync.table.rows.size, 2);
    assert.equal(sync.table.rows.get(a.key)?.state, 'ESTABLISHED');
    sync.acceptSnapshot(snapshotOf(T2));
    assert.equal(sync.duplicateRows, 0);
  });

  it('forgets everything on reset', () => {
    const sync = syncedAtT1();
    sync.reset();
    assert.equal(sync.synced, false);
    assert.equal(sync.table.seq, 0);
    assert.equal(sync.table.rows.size, 0);
    assert.equal(sync.acceptDelta(deltaEvent(T1, T2)), 'gap');
  });

  it('accepts an older snapshot after a newer one (a reply that was overtaken)', () => {
    const sync = new ViewSync();
    sync.acceptSnapshot(snapshotOf(T3));
    sync.acceptSnapshot(snapshotOf(T2));
    assert.equal(sync.table.seq, 2);
    assert.equal(sync.acceptDelta(deltaEvent(T2, T3)), 'applied');
    assert.deepEqual(rowsOf(sync.table), rowsOf(T3));
  });
});
