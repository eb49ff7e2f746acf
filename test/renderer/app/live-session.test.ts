import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { LiveSession, type RowSink } from '../../../renderer/app/live-session.js';
import type { RowTransaction } from '../../../renderer/app/row-change-batch.js';
import { createViewStore } from '../../../renderer/app/view-state.js';
import { WebSocketTransport } from '../../../renderer/transport/websocket-transport.js';
import type { Endpoint } from '../../../shared/endpoint.js';
import { waitFor } from '../../helpers/wait-for.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { monitorOverSocket, tcpRow } from '../helpers/monitor-over-socket.js';

// The view's data session against the real Monitor and MonitorService behind a
// real WebSocket: snapshot on connect and reconnect, deltas, seq gaps, and the
// highlight lifecycle (on a hand-moved clock).

/** The grid's rows as a sink sees them: what a grid would hold after each transaction. */
class RecordingSink implements RowSink {
  rows = new Map<string, Endpoint>();
  replaced = 0;
  transactions: RowTransaction[] = [];

  replaceAll(rows: Endpoint[]): void {
    this.replaced++;
    this.rows = new Map(rows.map((r) => [r.key, r]));
  }

  apply(tx: RowTransaction): void {
    this.transactions.push(tx);
    for (const row of tx.add) {
      assert.ok(!this.rows.has(row.key), `add of a row the grid holds: ${row.key}`);
      this.rows.set(row.key, row);
    }
    for (const row of tx.update) {
      assert.ok(this.rows.has(row.key), `update of a row the grid lacks: ${row.key}`);
      this.rows.set(row.key, row);
    }
    for (const row of tx.remove) assert.ok(this.rows.delete(row.key), `remove of a missing row: ${row.key}`);
  }
}

const A = tcpRow(8001);
const B = tcpRow(8002);
const C = tcpRow(8003);
const CONN = tcpRow(40000, 8001, 'ESTABLISHED');
const CONN_CLOSING = { ...CONN, state: 'TIME_WAIT' as const, inode: 0 };

async function setup(t: import('node:test').TestContext, reads: Parameters<typeof monitorOverSocket>[0]) {
  const main = await monitorOverSocket(reads);
  await main.monitor.refresh(); // the first table, before the view connects
  const transport = new WebSocketTransport({
    url: main.server.url,
    WebSocket,
    backoff: { initialMs: 20, maxMs: 50 },
  });
  const store = createViewStore();
  const clock = new ManualClock();
  const session = new LiveSession(transport, store, { highlightMs: 3000, clock });
  const sink = new RecordingSink();
  session.attach(sink);
  session.start();
  t.after(async () => {
    session.stop();
    transport.close();
    await main.close();
  });
  const keys = () => [...session.table.rows.keys()].sort();
  const monitorKeys = () => [...main.monitor.table.rows.keys()].sort();
  /** Polls once on the main side and waits until the view holds that table. */
  const tick = async () => {
    const { table } = await main.monitor.refresh();
    await waitFor(`the view to reach seq ${table.seq}`, () =>
      session.table.seq === table.seq ? true : undefined,
    );
  };
  await waitFor('the first snapshot', () => (session.table.seq === 1 ? true : undefined));
  return { main, transport, store, clock, session, sink, keys, monitorKeys, tick };
}

test('connects, loads the snapshot whole, then follows deltas as transactions', async (t) => {
  const s = await setup(t, [
    [A, B],
    [A, B, C],
    [A, C],
  ]);
  assert.equal(s.sink.replaced, 1);
  assert.deepEqual([...s.sink.rows.keys()].sort(), s.monitorKeys());
  assert.equal(s.store.get().connected, true);
  assert.equal(s.store.get().counts?.tcp4, 2);
  assert.equal(s.main.server.count('snapshot'), 1);

  await s.tick();
  const keyC = [...s.session.table.rows.keys()].find((k) => k.includes(':8003'))!;
  assert.equal(s.session.highlight(keyC), 'new');
  assert.deepEqual(
    s.sink.transactions.at(-1)!.add.map((r) => r.key),
    [keyC],
  );
  assert.equal(s.store.get().counts?.tcp4, 3);

  await s.tick();
  const keyB = [...s.sink.rows.keys()].find((k) => k.includes(':8002'))!;
  assert.equal(s.session.highlight(keyB), 'removed');
  assert.ok(s.sink.rows.has(keyB), 'a removed row stays on show');
  assert.equal(s.session.row(keyB)?.removed, true);
  assert.ok(!s.session.table.rows.has(keyB));

  s.clock.advance(2999);
  assert.ok(s.sink.rows.has(keyB), 'the removed row stays for the highlight time');
  // The timer allows a little slack, so a delta due about then can take the row out in its own update.
  s.clock.advance(200);
  assert.ok(!s.sink.rows.has(keyB), 'the removed row leaves after the highlight time');
  assert.equal(s.session.highlight(keyC), undefined);
  assert.deepEqual([...s.sink.rows.keys()].sort(), s.monitorKeys());
  assert.equal(s.main.server.count('snapshot'), 1, 'no resync while in step');
});

test('a state change marks the row changed; counters alone do not', async (t) => {
  const busier = { ...CONN, bytesSent: 99_999 };
  const s = await setup(t, [
    [A, CONN],
    [A, busier],
    [A, CONN_CLOSING],
  ]);
  const key = [...s.session.table.rows.keys()].find((k) => k.includes(':40000'))!;
  await s.tick();
  assert.equal(s.sink.rows.get(key)?.bytesSent, 99_999);
  assert.equal(s.session.highlight(key), undefined);
  await s.tick();
  assert.equal(s.sink.rows.get(key)?.state, 'TIME_WAIT');
  assert.equal(s.session.highlight(key), 'changed');
});

test('a seq gap asks for one snapshot and brings the view back in step', async (t) => {
  const s = await setup(t, [[A], [A, B], [A, B, C], [B, C], [C]]);
  s.main.dropDeltas(1);
  await s.main.monitor.refresh(); // lost on the way
  const { table } = await s.main.monitor.refresh(); // does not follow: gap
  await waitFor('the resync', () => (s.session.table.seq === table.seq ? true : undefined));
  assert.equal(s.main.server.count('snapshot'), 2);
  assert.deepEqual(s.keys(), s.monitorKeys());
  assert.deepEqual([...s.sink.rows.keys()].sort(), s.monitorKeys());
  assert.equal(s.sink.replaced, 1, 'a resync updates the grid instead of replacing its rows');
  assert.equal(s.store.get().synced, true);
  // What the resync brought in is highlighted like any change.
  const keyC = s.keys().find((k) => k.includes(':8003'))!;
  assert.equal(s.session.highlight(keyC), 'new');

  // Two deltas lost in a row while a snapshot is on its way: still one request.
  s.main.dropDeltas(1);
  await s.main.monitor.refresh();
  const next = await s.main.monitor.refresh();
  await waitFor('the second resync', () => (s.session.table.seq === next.table.seq ? true : undefined));
  assert.equal(s.main.server.count('snapshot'), 3);
  assert.deepEqual([...s.sink.rows.keys()].filter((k) => !s.session.row(k)?.removed).sort(), s.monitorKeys());
});

test('after the server drops the connection the view asks for a snapshot again', async (t) => {
  const s = await setup(t, [[A], [A, B], [A, B, C]]);
  const changes: boolean[] = [];
  s.transport.onConnectionChange((c) => changes.push(c));
  s.main.server.dropConnections();
  await waitFor('the disconnect', () => (changes.includes(false) ? true : undefined), 5000, 5);
  await s.main.monitor.refresh(); // missed while away, unless already reconnected: either way a snapshot
  await waitFor('the reconnect and snapshot', () =>
    s.main.server.count('snapshot') === 2 ? true : undefined,
  );
  await waitFor('the new table', () => (s.session.table.seq === 2 ? true : undefined));
  assert.equal(s.store.get().connected, true);
  assert.deepEqual(s.keys(), s.monitorKeys());
  await s.tick();
  assert.deepEqual(s.keys(), s.monitorKeys());
});

test('while paused highlights stay until the next refresh', async (t) => {
  const s = await setup(t, [[A], [A, B], [A, B, C]]);
  await s.tick();
  const keyB = s.keys().find((k) => k.includes(':8002'))!;
  await s.transport.request('pause');
  await waitFor('the paused status', () => (s.store.get().status?.paused ? true : undefined));
  s.clock.advance(10_000);
  assert.equal(s.session.highlight(keyB), 'new', 'nothing expires while paused');
  await s.transport.request('refresh');
  await waitFor('the refresh', () => (s.session.table.seq === 3 ? true : undefined));
  assert.equal(s.session.highlight(keyB), undefined, 'the refresh clears what was due');
  const keyC = s.keys().find((k) => k.includes(':8003'))!;
  assert.equal(s.session.highlight(keyC), 'new');
});

test('a grid that attaches after the first snapshot gets the rows whole, none highlighted', async (t) => {
  const main = await monitorOverSocket([[A, B]]);
  await main.monitor.refresh();
  const transport = new WebSocketTransport({ url: main.server.url, WebSocket });
  const session = new LiveSession(transport, createViewStore(), {
    highlightMs: 3000,
    clock: new ManualClock(),
  });
  t.after(async () => {
    session.stop();
    transport.close();
    await main.close();
  });
  session.start();
  await waitFor('the first snapshot', () => (session.table.seq === 1 ? true : undefined));
  const sink = new RecordingSink();
  session.attach(sink);
  assert.equal(sink.replaced, 1);
  assert.deepEqual([...sink.rows.keys()].sort(), [...main.monitor.table.rows.keys()].sort());
  for (const key of sink.rows.keys()) assert.equal(session.highlight(key), undefined, key);
});
