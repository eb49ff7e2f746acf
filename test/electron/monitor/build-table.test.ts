import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CollectorSnapshot } from '../../../electron/collectors/collector.js';
import { emptyStats } from '../../../electron/collectors/collector.js';
import { TableBuilder } from '../../../electron/monitor/build-table.js';
import { emptyTable } from '../../../shared/diff.js';
import { COUNTER_FIELDS, type OwnedSocketRow, type ProcessOwner } from '../../../shared/endpoint.js';

/** A fresh builder per call: each test builds its own chain of tables. */
function buildTable(...args: Parameters<TableBuilder['build']>) {
  return new TableBuilder().build(...args);
}

const owner: ProcessOwner = {
  kind: 'process',
  pid: 42,
  name: 'curl',
  exe: '/usr/bin/curl',
  cmdline: 'curl http://127.0.0.1:8080/',
  uid: 0,
  user: 'root',
  startTime: 100,
  startedAt: 1_700_000_000_000,
};

function client(
  state: OwnedSocketRow['state'],
  inode: number,
  rowOwner: OwnedSocketRow['owner'],
): OwnedSocketRow {
  return {
    proto: 'tcp',
    family: 4,
    localAddress: '127.0.0.1',
    localPort: 50000,
    remoteAddress: '127.0.0.1',
    remotePort: 8080,
    state,
    recvQ: 0,
    sendQ: 0,
    uid: 0,
    inode,
    owner: rowOwner,
  };
}

function snapshot(takenAt: number, ...rows: OwnedSocketRow[]): CollectorSnapshot {
  return {
    takenAt,
    monotonicAt: takenAt,
    rows,
    consistent: true,
    stats: emptyStats(),
    timings: { socketsMs: 0, ownersMs: 0 },
  };
}

test('a socket its process closed keeps its key, first-seen time and last owner', () => {
  const t1 = buildTable(emptyTable(), snapshot(1000, client('ESTABLISHED', 7, owner)), 1).table;
  const t2 = buildTable(
    t1,
    snapshot(2000, client('FIN_WAIT2', 7, { kind: 'unknown', reason: 'no-process' })),
    2,
  ).table;
  const t3 = buildTable(
    t2,
    snapshot(3000, client('TIME_WAIT', 0, { kind: 'unknown', reason: 'kernel' })),
    3,
  ).table;
  for (const table of [t2, t3]) {
    assert.equal(table.rows.size, 1);
    const row = [...table.rows.values()][0]!;
    assert.equal(row.owner, owner);
    assert.equal(row.firstSeen, 1000);
    assert.equal(row.key, [...t1.rows.keys()][0]);
  }
});

test('a new socket on the same ports (a new inode) does not inherit the old owner', () => {
  const t1 = buildTable(emptyTable(), snapshot(1000, client('ESTABLISHED', 7, owner)), 1).table;
  const unknown = { kind: 'unknown', reason: 'no-process' } as const;
  const t2 = buildTable(t1, snapshot(2000, client('ESTABLISHED', 8, unknown)), 2).table;
  assert.deepEqual([...t2.rows.values()][0]!.owner, unknown);
});

test('a row first seen without an inode has no owner, with the reason', () => {
  const kernel = { kind: 'unknown', reason: 'kernel' } as const;
  const t1 = buildTable(emptyTable(), snapshot(1000, client('TIME_WAIT', 0, kernel)), 1).table;
  assert.deepEqual([...t1.rows.values()][0]!.owner, kernel);
});

test('duplicate keys in one snapshot are dropped and counted', () => {
  const row = client('ESTABLISHED', 7, owner);
  const built = buildTable(emptyTable(), snapshot(1000, row, { ...row }), 1);
  assert.equal(built.table.rows.size, 1);
  assert.equal(built.duplicateKeys, 1);
});

test('counters are copied only when present', () => {
  const row = { ...client('ESTABLISHED', 7, owner), bytesSent: 10, rttMs: 0.5 };
  const built = [...buildTable(emptyTable(), snapshot(1, row), 1).table.rows.values()][0]!;
  assert.equal(built.bytesSent, 10);
  assert.equal(built.rttMs, 0.5);
  assert.ok(!('bytesReceived' in built));
});

// The builder updates one rows map in place: each table's row is read right after its build.
test('an unchanged row is the previous row object; a changed one is new', () => {
  const builder = new TableBuilder();
  const t1 = builder.build(emptyTable(), snapshot(1000, client('ESTABLISHED', 7, owner)), 1).table;
  const e1 = [...t1.rows.values()][0];
  const t2 = builder.build(t1, snapshot(2000, client('ESTABLISHED', 7, owner)), 2).table;
  const e2 = [...t2.rows.values()][0];
  assert.equal(e2, e1);
  const t3 = builder.build(t2, snapshot(3000, { ...client('ESTABLISHED', 7, owner), recvQ: 5 }), 3).table;
  const row = [...t3.rows.values()][0]!;
  assert.notEqual(row, e2);
  assert.equal(row.recvQ, 5);
  assert.equal(row.firstSeen, 1000);
});

test('a reused inode with other addresses is a new row with its own key', () => {
  const builder = new TableBuilder();
  const t1 = builder.build(emptyTable(), snapshot(1000, client('ESTABLISHED', 7, owner)), 1).table;
  const moved = { ...client('ESTABLISHED', 7, owner), localPort: 50001 };
  const t2 = builder.build(t1, snapshot(2000, moved), 2).table;
  const row = [...t2.rows.values()][0]!;
  assert.match(row.key, /:50001>/);
  assert.equal(row.firstSeen, 2000);
});

test('a change in any one counter makes a new row (the unchanged check misses none)', () => {
  for (const field of COUNTER_FIELDS) {
    const builder = new TableBuilder();
    const base = {
      ...client('ESTABLISHED', 7, owner),
      bytesSent: 1,
      bytesReceived: 1,
      segsOut: 1,
      segsIn: 1,
    };
    const t1 = builder.build(
      emptyTable(),
      snapshot(1, { ...base, retrans: 1, rttMs: 1, rttVarMs: 1, deliveryRate: 1 }),
      1,
    ).table;
    const e1 = [...t1.rows.values()][0]; // read before the next build updates the rows in place
    const changed = { ...base, retrans: 1, rttMs: 1, rttVarMs: 1, deliveryRate: 1, [field]: 2 };
    const t2 = builder.build(t1, snapshot(2, changed), 2).table;
    const row = [...t2.rows.values()][0]!;
    assert.notEqual(row, e1, field);
    assert.equal(row[field], 2, field);
  }
});

test('a change in the cookie alone makes a new row that shows it', () => {
  const builder = new TableBuilder();
  const first = { ...client('ESTABLISHED', 7, owner), cookie: '0000000000000001' };
  // Each table's row is read right after its build: the next build updates the rows in place.
  const t1 = builder.build(emptyTable(), snapshot(1, first), 1).table;
  const e1 = [...t1.rows.values()][0];
  const t2 = builder.build(t1, snapshot(2, { ...first }), 2).table;
  const e2 = [...t2.rows.values()][0];
  assert.equal(e2, e1);
  const t3 = builder.build(t2, snapshot(3, { ...first, cookie: '0000000000000002' }), 3).table;
  const row = [...t3.rows.values()][0]!;
  assert.notEqual(row, e2);
  assert.equal(row.cookie, '0000000000000002');
});
