import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyStats } from '../../../electron/collectors/collector.js';
import { TableBuilder } from '../../../electron/monitor/build-table.js';
import type { EndpointTable } from '../../../shared/delta.js';
import { diff, emptyTable } from '../../../shared/diff.js';
import {
  COUNTER_FIELDS,
  type Endpoint,
  type OwnedSocketRow,
  type ProcessOwner,
} from '../../../shared/endpoint.js';

// Rates, and counters through TIME_WAIT, from synthetic snapshots: the
// arithmetic needs exact read times, which real sockets cannot give.

const owner: ProcessOwner = {
  kind: 'process',
  pid: 42,
  name: 'curl',
  exe: '/usr/bin/curl',
  cmdline: 'curl https://10.0.0.9/',
  uid: 1000,
  user: 'alice',
  startTime: 100,
  startedAt: 1_700_000_000_000,
};
const KERNEL = { kind: 'unknown', reason: 'kernel' } as const;
const COOKIE = '00000000000000a1';

/** A connection as the netlink collector reads it: cookie and counters. */
function tcp(fields: Partial<OwnedSocketRow> = {}): OwnedSocketRow {
  return {
    proto: 'tcp',
    family: 4,
    localAddress: '10.0.0.5',
    localPort: 50000,
    remoteAddress: '10.0.0.9',
    remotePort: 443,
    state: 'ESTABLISHED',
    recvQ: 0,
    sendQ: 0,
    uid: 1000,
    inode: 7,
    cookie: COOKIE,
    owner,
    bytesSent: 0,
    bytesReceived: 0,
    segsOut: 1,
    segsIn: 1,
    retrans: 0,
    rttMs: 0.5,
    rttVarMs: 0.25,
    deliveryRate: 1000,
    ...fields,
  };
}

/** What the kernel reports once the connection above is closed: no inode, no owner, no tcp_info. */
function timeWait(fields: Partial<OwnedSocketRow> = {}): OwnedSocketRow {
  return {
    proto: 'tcp',
    family: 4,
    localAddress: '10.0.0.5',
    localPort: 50000,
    remoteAddress: '10.0.0.9',
    remotePort: 443,
    state: 'TIME_WAIT',
    recvQ: 0,
    sendQ: 0,
    uid: 0,
    inode: 0,
    cookie: COOKIE,
    owner: KERNEL,
    ...fields,
  };
}

/**
 * Polls one builder: each call reads `rows` at `monotonicAt` (ms). takenAt
 * stays on a nominal 1 s grid, so a rate that used it would be wrong.
 */
function poller() {
  const builder = new TableBuilder();
  let table: EndpointTable = emptyTable();
  const poll = (monotonicAt: number, rows: OwnedSocketRow[], consistent = true): EndpointTable => {
    const seq = table.seq + 1;
    const snapshot = {
      takenAt: 1_700_000_000_000 + seq * 1000,
      monotonicAt,
      rows,
      consistent,
      stats: emptyStats(),
      timings: { socketsMs: 0, ownersMs: 0 },
    };
    table = builder.build(table, snapshot, seq).table;
    return table;
  };
  /** The one row read at `monotonicAt`, as the table shows it. */
  const row = (monotonicAt: number, read: OwnedSocketRow): Endpoint => only(poll(monotonicAt, [read]));
  return { poll, row };
}

function only(table: EndpointTable): Endpoint {
  assert.equal(table.rows.size, 1);
  return [...table.rows.values()][0]!;
}

function assertNoRates(row: Endpoint, why: string): void {
  assert.equal(Object.hasOwn(row, 'sendRate'), false, `${why}: sendRate`);
  assert.equal(Object.hasOwn(row, 'recvRate'), false, `${why}: recvRate`);
}

test('rates are the byte counters growth over the time between the two reads, not the interval', () => {
  const { row } = poller();
  assertNoRates(row(10_000, tcp({ bytesSent: 1000, bytesReceived: 500 })), 'first poll');
  // 1234.5 ms later (the nominal interval is 1000): 2469 bytes is 2000 B/s, 4938 is 4000 B/s.
  const second = row(11_234.5, tcp({ bytesSent: 3469, bytesReceived: 5438 }));
  assert.equal(second.sendRate, 2000);
  assert.equal(second.recvRate, 4000);
});

test('a byte counter that went backwards leaves both rates out for that poll; then they resume', () => {
  const { row } = poller();
  row(0, tcp({ bytesSent: 5000, bytesReceived: 5000 }));
  const moving = row(1000, tcp({ bytesSent: 6000, bytesReceived: 6000 }));
  assert.deepEqual([moving.sendRate, moving.recvRate], [1000, 1000]);
  const reset = row(2000, tcp({ bytesSent: 100, bytesReceived: 7000 }));
  assertNoRates(reset, 'after the reset');
  assert.deepEqual([reset.bytesSent, reset.bytesReceived], [100, 7000]);
  const resumed = row(2500, tcp({ bytesSent: 600, bytesReceived: 7250 }));
  assert.deepEqual([resumed.sendRate, resumed.recvRate], [1000, 500]);
});

test('another cookie under the same key is another socket: no rate, though its counters grew', () => {
  const { row } = poller();
  row(0, tcp({ bytesSent: 1000, bytesReceived: 1000 }));
  row(1000, tcp({ bytesSent: 2000, bytesReceived: 2000 }));
  const other = row(2000, tcp({ cookie: '00000000000000b2', bytesSent: 9000, bytesReceived: 9000 }));
  assertNoRates(other, 'a new cookie');
  assert.equal(other.cookie, '00000000000000b2');
  const next = row(3000, tcp({ cookie: '00000000000000b2', bytesSent: 9500, bytesReceived: 9000 }));
  assert.deepEqual([next.sendRate, next.recvRate], [500, 0]);
});

test('an idle row gets rate 0 once, then is the previous row object', () => {
  const { poll, row } = poller();
  row(0, tcp({ bytesSent: 100, bytesReceived: 100 }));
  row(1000, tcp({ bytesSent: 1100, bytesReceived: 100 }));
  const before = poll(2000, [tcp({ bytesSent: 1100, bytesReceived: 100 })]);
  const idle = only(before);
  assert.deepEqual([idle.sendRate, idle.recvRate], [0, 0]);
  const after = poll(3000, [tcp({ bytesSent: 1100, bytesReceived: 100 })]);
  assert.equal(only(after), idle);
  assert.deepEqual(diff(before, after).updated, []);
});

test('a closed socket keeps the counters its row last showed through FIN_WAIT and TIME_WAIT, without rates', () => {
  const { poll, row } = poller();
  row(0, tcp({ bytesSent: 100, bytesReceived: 200 }));
  const last = row(1000, tcp({ bytesSent: 1100, bytesReceived: 2200, segsOut: 9, retrans: 2 }));
  assert.equal(last.sendRate, 1000);
  for (const [at, read] of [
    [2000, timeWait({ state: 'FIN_WAIT2', inode: 7, owner: { kind: 'unknown', reason: 'no-process' } })],
    [3000, timeWait()],
  ] as const) {
    const closed = row(at, read);
    assert.equal(closed.state, read.state);
    assert.equal(closed.owner, owner);
    for (const field of COUNTER_FIELDS) assert.equal(closed[field], last[field], `${read.state} ${field}`);
    assertNoRates(closed, read.state);
  }
  const kept = only(poll(3500, [timeWait()]));
  assert.equal(only(poll(4000, [timeWait()])), kept, 'a TIME_WAIT row that stays is reused');
});

test('counters are kept by the inode rule where there is no cookie (inode 0 is the same socket)', () => {
  const { row } = poller();
  const withoutCookie = (read: OwnedSocketRow): OwnedSocketRow => {
    const copy = { ...read };
    delete copy.cookie;
    return copy;
  };
  row(0, withoutCookie(tcp({ bytesSent: 300 })));
  const closed = row(1000, withoutCookie(timeWait()));
  assert.equal(closed.bytesSent, 300);
  assert.equal(closed.owner, owner);
  assertNoRates(closed, 'TIME_WAIT');
});

test('a TIME_WAIT row of another socket (another cookie) keeps neither counters nor owner', () => {
  const { row } = poller();
  row(0, tcp({ bytesSent: 300 }));
  const other = row(1000, timeWait({ cookie: '00000000000000b2' }));
  for (const field of COUNTER_FIELDS) assert.equal(Object.hasOwn(other, field), false, field);
  assert.deepEqual(other.owner, KERNEL);
});

test('no time between reads (or a clock that went back) makes no rate, never Infinity or NaN', () => {
  const { row } = poller();
  row(5000, tcp({ bytesSent: 0, bytesReceived: 0 }));
  assertNoRates(row(5000, tcp({ bytesSent: 500, bytesReceived: 500 })), 'elapsed 0');
  assertNoRates(row(4000, tcp({ bytesSent: 900, bytesReceived: 900 })), 'elapsed < 0');
  const resumed = row(5000, tcp({ bytesSent: 1900, bytesReceived: 900 }));
  assert.deepEqual([resumed.sendRate, resumed.recvRate], [1000, 0]);
  assert.doesNotThrow(() => JSON.stringify(resumed));
});

test('a row carried over from an inconsistent snapshot gets no rate on the poll after', () => {
  const { poll } = poller();
  const other = { localPort: 50001, inode: 8, cookie: '00000000000000c3' };
  poll(0, [tcp({ bytesSent: 0 }), tcp({ ...other, bytesSent: 0 })]);
  // The second socket is missing from this read, and kept as it was.
  poll(1000, [tcp({ bytesSent: 1000 })], false);
  const after = poll(2000, [tcp({ bytesSent: 2000 }), tcp({ ...other, bytesSent: 2000 })]);
  const [first, carried] = [...after.rows.values()];
  assert.equal(first?.sendRate, 1000);
  assert.ok(carried !== undefined);
  assertNoRates(carried, 'read 2 s ago, not 1 s');
  const next = poll(3000, [tcp({ bytesSent: 2000 }), tcp({ ...other, bytesSent: 2500 })]);
  assert.equal([...next.rows.values()][1]?.sendRate, 500);
});

test('a builder given a table it did not build makes no rates: when its rows were read is unknown', () => {
  const t1 = new TableBuilder().build(emptyTable(), snapshotOf(0, tcp({ bytesSent: 0 })), 1).table;
  const t2 = new TableBuilder().build(t1, snapshotOf(1000, tcp({ bytesSent: 1000 })), 2).table;
  assertNoRates(only(t2), 'foreign table');
});

function snapshotOf(monotonicAt: number, ...rows: OwnedSocketRow[]) {
  return {
    takenAt: monotonicAt,
    monotonicAt,
    rows,
    consistent: true,
    stats: emptyStats(),
    timings: { socketsMs: 0, ownersMs: 0 },
  };
}
