import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyStats, type CollectorSnapshot } from '../../../electron/collectors/collector.js';
import { TableBuilder } from '../../../electron/monitor/build-table.js';
import type { EndpointTable } from '../../../shared/delta.js';
import { diff, diffChanges, emptyTable, tableFromRows } from '../../../shared/diff.js';
import type { Endpoint, OwnedSocketRow, ProcessOwner } from '../../../shared/endpoint.js';

// The builder keeps one rows map and updates it in place: a poll costs the
// rows that changed. These follow it through several polls, with rows handed
// back as the same objects (the netlink collector) and as new ones each poll
// (the /proc collector).

const OWNER: ProcessOwner = {
  kind: 'process',
  pid: 42,
  name: 'curl',
  exe: '/usr/bin/curl',
  cmdline: 'curl',
  uid: 0,
  user: 'root',
  startTime: 100,
  startedAt: 1_700_000_000_000,
};

/** A connected TCP socket on local port `port`, with a cookie and counters as netlink reads them. */
function socket(port: number, bytesSent = 100): OwnedSocketRow {
  return {
    proto: 'tcp',
    family: 4,
    localAddress: '127.0.0.1',
    localPort: port,
    remoteAddress: '127.0.0.1',
    remotePort: 8080,
    state: 'ESTABLISHED',
    recvQ: 0,
    sendQ: 0,
    uid: 0,
    inode: port,
    cookie: port.toString(16).padStart(16, '0'),
    owner: OWNER,
    bytesSent,
    bytesReceived: 50,
  };
}

function snapshot(at: number, rows: OwnedSocketRow[], consistent = true): CollectorSnapshot {
  return {
    takenAt: at,
    monotonicAt: at,
    rows,
    consistent,
    stats: emptyStats(),
    timings: { socketsMs: 0, ownersMs: 0 },
  };
}

/** The table's rows as they are now, in a map of their own. */
function copy(table: EndpointTable): EndpointTable {
  return { ...table, rows: new Map(table.rows) };
}

/** Counts the builder's writes to its rows map (an own property shadows Map.prototype's). */
function countWrites(table: EndpointTable): { sets: number; deletes: number } {
  const rows = table.rows as Map<string, Endpoint>;
  const count = { sets: 0, deletes: 0 };
  rows.set = (key, value) => {
    count.sets++;
    return Map.prototype.set.call(rows, key, value) as Map<string, Endpoint>;
  };
  rows.delete = (key) => {
    count.deletes++;
    return Map.prototype.delete.call(rows, key);
  };
  return count;
}

test('a poll with nothing changed makes no map and writes nothing to it', () => {
  const builder = new TableBuilder();
  const rows = [socket(1), socket(2), socket(3)];
  let table = builder.build(emptyTable(), snapshot(0, rows), 1).table;
  table = builder.build(table, snapshot(1000, rows), 2).table; // rates appear: 0 B/s
  const map = table.rows;
  const writes = countWrites(table);
  const built = builder.build(table, snapshot(2000, rows), 3);
  assert.equal(built.table.rows, map, 'the same map');
  assert.deepEqual(writes, { sets: 0, deletes: 0 });
  assert.deepEqual([built.changed, built.before, built.removed], [[], [], []]);
  assert.equal(built.table.seq, 3);
  // The builder's marks on a row stay off its copies and its JSON.
  assert.deepEqual(Object.getOwnPropertySymbols({ ...rows[0]! }), []);
  assert.deepEqual(JSON.parse(JSON.stringify(rows[0])), { ...rows[0]! });
  // One socket changes: one write, one changed row, with the row it replaced.
  const moved = socket(2, 700);
  const was = [...map.values()][1]; // socket 2's row
  const next = builder.build(built.table, snapshot(3000, [rows[0]!, moved, rows[2]!]), 4);
  assert.deepEqual(writes, { sets: 1, deletes: 0 });
  assert.deepEqual(next.before, [was]);
  assert.equal(next.changed[0]!.sendRate, 600);
});

test('removals, and an inconsistent snapshot that removes nothing, through several polls', () => {
  const builder = new TableBuilder();
  const [a, b, c] = [socket(1), socket(2), socket(3)];
  let prev = builder.build(emptyTable(), snapshot(0, [a!, b!, c!]), 1).table;
  let kept = copy(prev);
  const step = (at: number, rows: OwnedSocketRow[], consistent = true) => {
    const built = builder.build(prev, snapshot(at, rows, consistent), prev.seq + 1);
    const delta = diffChanges(prev, built.table, built);
    // The delta from the builder's report is the one a diff of the whole tables makes.
    assert.deepEqual(delta, diff(kept, copy(built.table)));
    prev = built.table;
    kept = copy(built.table);
    return delta;
  };
  const keyOf = (row: OwnedSocketRow) => `tcp4 127.0.0.1:${row.localPort}>127.0.0.1:8080`;

  let delta = step(1000, [a!], false); // torn: b and c carried over
  assert.deepEqual(delta.removed, []);
  assert.equal(prev.rows.size, 3);
  delta = step(2000, [a!, c!], false); // torn again: b still carried, c seen
  assert.deepEqual(delta.removed, []);
  assert.equal(prev.rows.size, 3);
  delta = step(3000, [a!, c!]); // whole: b is gone
  assert.deepEqual(delta.removed, [keyOf(b!)]);
  assert.deepEqual([...prev.rows.keys()].sort(), [keyOf(a!), keyOf(c!)]);
  delta = step(4000, [c!]);
  assert.deepEqual(delta.removed, [keyOf(a!)]);
  delta = step(5000, [c!, a!]); // a comes back: a new row, with a new first-seen time
  assert.deepEqual(
    delta.added.map((row) => [row.key, row.firstSeen]),
    [[keyOf(a!), 5000]],
  );
  delta = step(6000, [c!, a!]);
  assert.deepEqual([delta.added, delta.removed], [[], []]);
  assert.equal(delta.counts.total, 2);
});

test('a key read twice is dropped and counted at every poll; the row that held it keeps it', () => {
  const builder = new TableBuilder();
  const row = socket(1);
  const twin = { ...socket(1), inode: 99 }; // another object, the same key
  let prev = emptyTable();
  for (let i = 0; i < 4; i++) {
    const rows = i % 2 === 0 ? [row, row] : [row, twin];
    const built = builder.build(prev, snapshot(i * 1000, rows), i + 1);
    assert.equal(built.duplicateKeys, 1, `poll ${i + 1}`);
    assert.equal(built.table.rows.size, 1);
    assert.equal([...built.table.rows.values()][0]!.inode, 1, `poll ${i + 1}`);
    prev = built.table;
  }
});

test('rows made anew every poll (the /proc collector) build what rows handed back build', () => {
  const handing = new TableBuilder();
  const making = new TableBuilder();
  const rows = [socket(1), socket(2), socket(3)];
  let a = emptyTable();
  let b = emptyTable();
  const polls = [[0, 1, 2], [0, 1, 2], [0, 2], [2, 0, 1], [1]];
  polls.forEach((which, i) => {
    const at = i * 1000;
    const builtA = handing.build(
      a,
      snapshot(
        at,
        which.map((n) => rows[n]!),
      ),
      i + 1,
    );
    const builtB = making.build(
      b,
      snapshot(
        at,
        which.map((n) => ({ ...rows[n]! })),
      ),
      i + 1,
    );
    assert.deepEqual(diffChanges(a, builtA.table, builtA), diffChanges(b, builtB.table, builtB), `poll ${i}`);
    assert.deepEqual(copy(builtA.table).rows, copy(builtB.table).rows, `poll ${i}`);
    if (i === 1) {
      // Counters standing still make rates of 0 once; after that, new objects still reuse the endpoint.
      assert.equal(builtB.changed.length, 3);
    }
    if (i === 2) assert.deepEqual([builtB.changed.length, builtB.removed.length], [0, 1]);
    a = builtA.table;
    b = builtB.table;
  });
});

test('a table the builder did not build is copied, never changed, and the builder goes on from it', () => {
  const builder = new TableBuilder();
  const rows = [socket(1), socket(2)];
  const mine = builder.build(emptyTable(), snapshot(0, rows), 1).table;
  const theirs = tableFromRows(7, 0, [...mine.rows.values()].slice(0, 1));
  const before = [...theirs.rows];
  const built = builder.build(theirs, snapshot(1000, rows), 8);
  assert.deepEqual([...theirs.rows], before, 'the caller map is as it was');
  assert.notEqual(built.table.rows, theirs.rows);
  assert.equal(built.table.rows.size, 2);
  // Its rows were read at an unknown time: no rates yet.
  assert.deepEqual(
    [...built.table.rows.values()].map((row) => row.sendRate),
    [undefined, undefined],
  );
  const delta = diffChanges(theirs, built.table, built);
  assert.deepEqual(
    delta.added.map((row) => row.localPort),
    [2],
  );
});

test('an owner or rate that changes on a row handed back unchanged still makes a new endpoint', () => {
  const builder = new TableBuilder();
  const row = socket(1);
  let prev = builder.build(emptyTable(), snapshot(0, [row]), 1).table;
  prev = builder.build(prev, snapshot(1000, [row]), 2).table; // rates of 0
  const settled = [...prev.rows.values()][0]!;
  row.owner = { ...OWNER, pid: 43 }; // the resolver sets a row's owner in place
  let built = builder.build(prev, snapshot(2000, [row]), 3);
  assert.equal(built.changed[0]!.owner, row.owner);
  assert.deepEqual(built.before, [settled]);
  // No time passed: the rates go; then they come back as 0.
  built = builder.build(built.table, snapshot(2000, [row]), 4);
  assert.deepEqual([built.changed[0]!.sendRate, built.changed[0]!.recvRate], [undefined, undefined]);
  built = builder.build(built.table, snapshot(3000, [row]), 5);
  assert.deepEqual([built.changed[0]!.sendRate, built.changed[0]!.recvRate], [0, 0]);
  built = builder.build(built.table, snapshot(4000, [row]), 6);
  assert.deepEqual(built.changed, []);
});

test("the collector's gone rows are a hint: wrong or missing ones change nothing", () => {
  const rows = [socket(1), socket(2), socket(3), socket(4)];
  const keyOf = (port: number) => `tcp4 127.0.0.1:${port}>127.0.0.1:8080`;
  const cases: { name: string; gone: OwnedSocketRow[]; consistent: boolean; removed: string[] }[] = [
    { name: 'exact', gone: [rows[1]!, rows[3]!], consistent: true, removed: [keyOf(2), keyOf(4)] },
    { name: 'one missing', gone: [rows[3]!], consistent: true, removed: [keyOf(2), keyOf(4)] },
    {
      name: 'a row still there',
      gone: [rows[0]!, rows[1]!, rows[3]!],
      consistent: true,
      removed: [keyOf(2), keyOf(4)],
    },
    { name: 'a copy', gone: [{ ...rows[1]! }], consistent: true, removed: [keyOf(2), keyOf(4)] },
    { name: 'a torn snapshot', gone: [rows[1]!, rows[3]!], consistent: false, removed: [] },
  ];
  for (const c of cases) {
    const builder = new TableBuilder();
    let prev = builder.build(emptyTable(), snapshot(0, rows), 1).table;
    const kept = copy(prev);
    const next = { ...snapshot(1000, [rows[0]!, rows[2]!], c.consistent), gone: c.gone };
    const built = builder.build(prev, next, 2);
    const delta = diffChanges(prev, built.table, built);
    assert.deepEqual([...delta.removed].sort(), c.removed, c.name);
    assert.deepEqual(
      { ...delta, removed: [...delta.removed].sort() },
      { ...diff(kept, copy(built.table)), removed: [...diff(kept, copy(built.table)).removed].sort() },
      c.name,
    );
    prev = built.table;
    assert.equal(prev.rows.size, c.consistent ? 2 : 4, c.name);
  }
});

test('rows without a cookie, made anew each poll (the /proc collector), through removals, torn snapshots and duplicates', () => {
  const builder = new TableBuilder();
  const plain = (port: number): OwnedSocketRow => {
    const { cookie: _cookie, ...row } = socket(port);
    return row;
  };
  const polls: { ports: number[]; consistent: boolean }[] = [
    { ports: [1, 2, 3], consistent: true },
    { ports: [1, 1, 3], consistent: false },
    { ports: [3, 1], consistent: true },
    { ports: [3, 1, 4, 4], consistent: true },
    { ports: [], consistent: true },
  ];
  let prev = emptyTable();
  let kept = copy(prev);
  polls.forEach((poll, i) => {
    const built = builder.build(prev, snapshot(i * 1000, poll.ports.map(plain), poll.consistent), i + 1);
    assert.deepEqual(diffChanges(prev, built.table, built), diff(kept, copy(built.table)), `poll ${i + 1}`);
    assert.equal(built.duplicateKeys, poll.ports.length - new Set(poll.ports).size, `poll ${i + 1}`);
    prev = built.table;
    kept = copy(prev);
  });
  assert.equal(prev.rows.size, 0);
});
