import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { EndpointTable } from '../../shared/delta.js';
import { diff, diffChanges, emptyTable } from '../../shared/diff.js';
import type { Endpoint } from '../../shared/endpoint.js';

// diffChanges counts only the rows that changed (from the counts its previous
// delta carried), given them and the rows gone as the table builder reports
// them. Over any chain of polls (rows kept, changed, gone, new, reordered) it
// must give exactly what diff gives, counts included, with no drift from poll
// to poll.

const KEYS = Array.from({ length: 12 }, (_, i) => `k${i}`);

/** One row of a poll: absent, or present in some state and protocol. */
const rowAt = fc.option(
  fc.record({
    state: fc.constantFrom('ESTABLISHED' as const, 'TIME_WAIT' as const, 'LISTEN' as const),
    proto: fc.constantFrom('tcp' as const, 'udp' as const),
    family: fc.constantFrom(4 as const, 6 as const),
    recvQ: fc.constantFrom(0, 1),
  }),
  { freq: 3 },
);
const poll = fc.record({
  rows: fc.array(rowAt, { minLength: KEYS.length, maxLength: KEYS.length }),
  // Whether this poll lists its rows in another order than key order.
  reversed: fc.boolean(),
});

/** The same table under another identity: diff on it leaves the original's carried counts alone. */
function copy(table: EndpointTable): EndpointTable {
  return { ...table, rows: new Map(table.rows) };
}

test('diffChanges over a chain of polls equals diff, counts and removed rows included', () => {
  fc.assert(
    fc.property(fc.array(poll, { minLength: 1, maxLength: 10 }), (polls) => {
      let prev: EndpointTable = emptyTable();
      polls.forEach((p, i) => {
        const rows = new Map<string, Endpoint>();
        const changed: Endpoint[] = [];
        const order = p.reversed ? [...KEYS.keys()].reverse() : [...KEYS.keys()];
        for (const index of order) {
          const spec = p.rows[index];
          if (spec === null || spec === undefined) continue;
          const key = KEYS[index]!;
          const before = prev.rows.get(key);
          const same =
            before !== undefined &&
            before.state === spec.state &&
            before.proto === spec.proto &&
            before.family === spec.family &&
            before.recvQ === spec.recvQ;
          const row: Endpoint = same
            ? before
            : {
                key,
                proto: spec.proto,
                family: spec.family,
                localAddress: '10.0.0.5',
                localPort: 1000 + index,
                remoteAddress: '10.0.0.9',
                remotePort: 443,
                state: spec.state,
                recvQ: spec.recvQ,
                sendQ: 0,
                uid: 0,
                inode: index,
                owner: { kind: 'unknown', reason: 'kernel' },
                firstSeen: 1,
              };
          rows.set(key, row);
          if (!same) changed.push(row);
        }
        const next: EndpointTable = { seq: i + 1, takenAt: i, rows };
        const changes = {
          changed,
          before: changed.map((row) => prev.rows.get(row.key)),
          removed: [...prev.rows.values()].filter((row) => !rows.has(row.key)),
        };
        assert.deepEqual(diffChanges(prev, next, changes), diff(copy(prev), copy(next)), `poll ${i + 1}`);
        prev = next;
      });
    }),
    { numRuns: 500 },
  );
});
