import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { emptyStats, type CollectorSnapshot } from '../../../electron/collectors/collector.js';
import { TableBuilder } from '../../../electron/monitor/build-table.js';
import type { Delta, EndpointTable } from '../../../shared/delta.js';
import { diff, diffChanges, emptyTable } from '../../../shared/diff.js';
import type { Endpoint, OwnedSocketRow, Owner, ProcessOwner } from '../../../shared/endpoint.js';

// The netlink collector hands back the same row object for a socket read
// unchanged (its owner set again in place), and the builder then takes a short
// path. Whatever the sequence of polls, that path must build exactly the tables
// that fresh row objects build, and the rows the builder says changed must be
// all the diff needs to see.

const PROCESS: ProcessOwner = {
  kind: 'process',
  pid: 7,
  name: 'nginx',
  exe: '/usr/sbin/nginx',
  cmdline: 'nginx',
  uid: 33,
  user: 'www-data',
  startTime: 10,
  startedAt: 1_700_000_000_000,
};
const OTHER: ProcessOwner = { ...PROCESS, pid: 8, startTime: 11 };
const OWNERS: Owner[] = [
  PROCESS,
  OTHER,
  { kind: 'unknown', reason: 'kernel' },
  { kind: 'unknown', reason: 'no-process' },
];

/** One socket's state at one poll, or absent. */
const socketAt = fc.option(
  fc.record({
    state: fc.constantFrom('ESTABLISHED' as const, 'TIME_WAIT' as const, 'CLOSE_WAIT' as const),
    cookie: fc.constantFrom('00000000000000a1', '00000000000000b2'),
    inode: fc.constantFrom(0, 100, 101),
    owner: fc.nat(OWNERS.length - 1),
    bytesSent: fc.constantFrom(0, 10, 5000),
    counters: fc.boolean(),
  }),
  { freq: 4 },
);
const poll = fc.record({
  sockets: fc.array(socketAt, { minLength: 4, maxLength: 4 }),
  elapsedMs: fc.constantFrom(0, 250, 1000),
  consistent: fc.boolean(),
});

test('rows handed back unchanged build the same tables as fresh rows', () => {
  fc.assert(
    fc.property(fc.array(poll, { minLength: 1, maxLength: 8 }), (polls) => {
      const reusing = new TableBuilder();
      const fresh = new TableBuilder();
      let reusedTable: EndpointTable = emptyTable();
      let freshTable: EndpointTable = emptyTable();
      // Each builder updates its rows map in place: the previous tables are kept as copies to diff against.
      let reusedBefore: EndpointTable = emptyTable();
      let freshBefore: EndpointTable = emptyTable();
      const kept = new Map<number, OwnedSocketRow>(); // what a reusing collector holds, by socket
      let now = 1000;
      polls.forEach((p, i) => {
        now += p.elapsedMs;
        const reusedRows: OwnedSocketRow[] = [];
        const freshRows: OwnedSocketRow[] = [];
        p.sockets.forEach((s, index) => {
          if (s === null) {
            kept.delete(index);
            return;
          }
          const row: OwnedSocketRow = {
            proto: 'tcp',
            family: 4,
            localAddress: '10.0.0.5',
            localPort: 50000 + index,
            remoteAddress: '10.0.0.9',
            remotePort: 443,
            state: s.state,
            recvQ: 0,
            sendQ: 0,
            uid: 33,
            inode: s.state === 'TIME_WAIT' ? 0 : s.inode,
            cookie: s.cookie,
            owner: OWNERS[s.owner]!,
          };
          if (s.counters && s.state !== 'TIME_WAIT') {
            row.bytesSent = s.bytesSent;
            row.bytesReceived = 3;
          }
          freshRows.push(row);
          // The collector's rule: the previous object when every field read is the same; the owner is set again.
          const before = kept.get(index);
          const same =
            before !== undefined &&
            before.state === row.state &&
            before.inode === row.inode &&
            before.cookie === row.cookie &&
            before.bytesSent === row.bytesSent &&
            before.bytesReceived === row.bytesReceived;
          const reused = same ? before : { ...row };
          reused.owner = row.owner;
          kept.set(index, reused);
          reusedRows.push(reused);
        });
        const snapshot = (rows: OwnedSocketRow[]): CollectorSnapshot => ({
          takenAt: now,
          monotonicAt: now,
          rows,
          consistent: p.consistent,
          stats: emptyStats(),
          timings: { socketsMs: 0, ownersMs: 0 },
        });
        const builtA = reusing.build(reusedTable, snapshot(reusedRows), i + 1);
        const builtB = fresh.build(freshTable, snapshot(freshRows.map((r) => ({ ...r }))), i + 1);
        const a = builtA.table;
        const b = builtB.table;
        const aNow = copy(a);
        const bNow = copy(b);
        // What the builder reports is all the diff needs. Up to order: diffChanges lists rows in
        // the snapshot's order, diff in the table's (which keeps a key where it first came).
        assert.deepEqual(
          byKey(diffChanges(reusedTable, a, builtA)),
          byKey(diff(reusedBefore, aNow)),
          `hinted delta ${i + 1}`,
        );
        assert.deepEqual(
          byKey(diffChanges(freshTable, b, builtB)),
          byKey(diff(freshBefore, bNow)),
          `hinted delta ${i + 1}`,
        );
        assert.deepEqual(
          [...a.rows.values()].map((r) => JSON.stringify(r)).sort(),
          [...b.rows.values()].map((r) => JSON.stringify(r)).sort(),
          `poll ${i + 1}`,
        );
        assert.deepEqual(diff(reusedBefore, aNow), diff(freshBefore, bNow), `delta of poll ${i + 1}`);
        reusedBefore = aNow;
        freshBefore = bNow;
        reusedTable = a;
        freshTable = b;
      });
    }),
    { numRuns: 400 },
  );
});

/** A delta with its lists in key order. */
function byKey(delta: Delta): Delta {
  const order = (a: { key: string }, b: { key: string }): number =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  return {
    ...delta,
    added: [...delta.added].sort(order),
    updated: [...delta.updated].sort(order),
    removed: [...delta.removed].sort(),
  };
}

/** A table's rows as they are now, in a map of their own. */
function copy(table: EndpointTable): EndpointTable {
  return { ...table, rows: new Map(table.rows) };
}

test('an unchanged row handed back is the previous endpoint itself once its rates settle', () => {
  const builder = new TableBuilder();
  const row: OwnedSocketRow = {
    proto: 'tcp',
    family: 6,
    localAddress: '::1',
    localPort: 1,
    remoteAddress: '::1',
    remotePort: 2,
    state: 'ESTABLISHED',
    recvQ: 0,
    sendQ: 0,
    uid: 0,
    inode: 9,
    cookie: '0000000000000001',
    owner: PROCESS,
    bytesSent: 100,
    bytesReceived: 50,
  };
  const at = (t: number): CollectorSnapshot => ({
    takenAt: t,
    monotonicAt: t,
    rows: [row],
    consistent: true,
    stats: emptyStats(),
    timings: { socketsMs: 0, ownersMs: 0 },
  });
  // Each table's row is read right after its build: the next build updates the rows in place.
  const only = (t: EndpointTable): Endpoint => [...t.rows.values()][0]!;
  const first = builder.build(emptyTable(), at(0), 1).table;
  const e1 = only(first);
  const second = builder.build(first, at(1000), 2).table; // rates appear: 0 B/s
  const e2 = only(second);
  const e3 = only(builder.build(second, at(2000), 3).table);
  assert.equal(e1!.sendRate, undefined);
  assert.equal(e2!.sendRate, 0);
  assert.notEqual(e2, e1);
  assert.equal(e3, e2, 'nothing changed: the same endpoint object');
  assert.equal(JSON.stringify(e3).includes('Symbol'), false);
  assert.deepEqual(Object.keys(e3!).includes('endpoint'), false);
});
