import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import type { Delta, EndpointTable } from '../../shared/delta.js';
import { apply, diff, emptyTable, tableFromRows } from '../../shared/diff.js';
import {
  ENDPOINT_STATES,
  OPTIONAL_ENDPOINT_FIELDS,
  type Endpoint,
  type OptionalEndpointField,
  type Owner,
} from '../../shared/endpoint.js';
import { countEndpoints } from '../../shared/endpoint-counts.js';

// Few keys and few values per field, so rows persist, change, vanish and come back,
// and consecutive rows often agree on a field.
const KEYS = Array.from({ length: 10 }, (_, i) => `key${i}`);

// fast-check makes some records without a prototype: no collector does, and JSON cannot carry it.
const PLAIN = { noNullPrototype: true };

const owner: fc.Arbitrary<Owner> = fc.oneof(
  fc.record(
    {
      kind: fc.constant('unknown' as const),
      reason: fc.constantFrom('not-permitted' as const, 'no-process' as const, 'kernel' as const),
    },
    PLAIN,
  ),
  fc.record(
    {
      kind: fc.constant('process' as const),
      pid: fc.constantFrom(1, 812, 40_000),
      name: fc.constantFrom('sshd', 'nginx'),
      exe: fc.constantFrom('/usr/sbin/sshd', null),
      cmdline: fc.constantFrom('', 'sshd: /usr/sbin/sshd -D'),
      uid: fc.constantFrom(0, 1000),
      user: fc.constantFrom('root', 'www-data'),
      startTime: fc.constantFrom(1520, 9000),
      startedAt: fc.constantFrom(1_700_000_000_000, 1_700_000_000_500),
    },
    PLAIN,
  ),
);

// -0 is left out: JSON turns it into 0, which === treats as no change but deepStrictEqual does not.
const counter = fc.oneof(
  fc.constantFrom(0, 1, 2 ** 40),
  fc.double({ min: 0, max: 1e6, noNaN: true }).map((x) => x + 0),
);

const requiredFields = {
  proto: fc.constantFrom('tcp' as const, 'udp' as const),
  family: fc.constantFrom(4 as const, 6 as const),
  localAddress: fc.constantFrom('127.0.0.1', '::1', '10.0.0.5'),
  localPort: fc.constantFrom(22, 443, 50_000),
  remoteAddress: fc.constantFrom('0.0.0.0', '10.0.0.9'),
  remotePort: fc.constantFrom(0, 51_234),
  state: fc.constantFrom(...ENDPOINT_STATES),
  recvQ: fc.constantFrom(0, 1, 4096),
  sendQ: fc.constantFrom(0, 7),
  uid: fc.constantFrom(0, 1000),
  inode: fc.constantFrom(0, 48_213, 2 ** 31 + 7),
  owner,
  firstSeen: fc.constantFrom(1000, 2000),
};
const optionalFields: { [K in OptionalEndpointField]: fc.Arbitrary<NonNullable<Endpoint[K]>> } = {
  cookie: fc.constantFrom('0000000000000001', '00000000deadbeef', 'ffffffffffffffff'),
  bytesSent: counter,
  bytesReceived: counter,
  segsOut: counter,
  segsIn: counter,
  retrans: counter,
  rttMs: counter,
  rttVarMs: counter,
  deliveryRate: counter,
  sendRate: counter,
  recvRate: counter,
};

type RowFields = Omit<Endpoint, 'key'>;

const anyFields = { ...requiredFields, ...optionalFields };

/**
 * A change to a row: often one field alone (so a change that only one field
 * shows is tried for each field), else any subset; and some optional fields dropped.
 */
const tweak = fc.record({
  set: fc.oneof(
    ...Object.entries(anyFields).map(([name, value]) =>
      (value as fc.Arbitrary<unknown>).map((v): Partial<RowFields> => ({ [name]: v })),
    ),
    {
      arbitrary: fc.record(anyFields, { requiredKeys: [], ...PLAIN }) as fc.Arbitrary<Partial<RowFields>>,
      weight: 8,
    },
  ),
  drop: fc.oneof(fc.constant([]), fc.subarray([...OPTIONAL_ENDPOINT_FIELDS])),
});

/** A row without its key: every required field, a random subset of the optional ones. */
const rowFields = fc.record(anyFields, {
  requiredKeys: Object.keys(requiredFields) as (keyof typeof requiredFields)[],
  ...PLAIN,
}) as fc.Arbitrary<RowFields>;

/** What happens to one key from one snapshot to the next. */
const keyStep = fc.record({
  op: fc.oneof(
    { arbitrary: fc.constant('absent' as const), weight: 2 },
    { arbitrary: fc.constant('fresh' as const), weight: 1 },
    { arbitrary: fc.constant('same' as const), weight: 2 },
    { arbitrary: fc.constant('copy' as const), weight: 2 },
    { arbitrary: fc.constant('tweak' as const), weight: 3 },
  ),
  fresh: rowFields,
  tweak,
});
type KeyStep = typeof keyStep extends fc.Arbitrary<infer T> ? T : never;

const steps = fc.array(fc.array(keyStep, { minLength: KEYS.length, maxLength: KEYS.length }), {
  minLength: 2,
  maxLength: 8,
});

/** Rows are frozen so that any write to an input by diff or apply throws. */
function frozen(row: Endpoint): Endpoint {
  Object.freeze(row.owner);
  return Object.freeze(row);
}

function nextRow(key: string, step: KeyStep, old: Endpoint | undefined): Endpoint | undefined {
  if (step.op === 'absent') return undefined;
  if (old === undefined || step.op === 'fresh') return { key, ...step.fresh };
  switch (step.op) {
    case 'same':
      return old;
    case 'copy':
      // Equal by value, but every object new: owners from a cache are not always the same object.
      return { ...old, owner: { ...old.owner } };
    case 'tweak': {
      const row: Endpoint = { ...old, ...step.tweak.set };
      for (const field of step.tweak.drop) delete row[field];
      return row;
    }
  }
}

/** The snapshot sequence the steps describe, seq 1, 2, ... */
function snapshots(all: KeyStep[][]): EndpointTable[] {
  const tables: EndpointTable[] = [];
  let prev = emptyTable();
  for (const [i, stepRow] of all.entries()) {
    const rows: Endpoint[] = [];
    for (const [k, step] of stepRow.entries()) {
      const key = KEYS[k] ?? '';
      const row = nextRow(key, step, prev.rows.get(key));
      if (row !== undefined) rows.push(frozen(row));
    }
    prev = tableFromRows(i + 1, (i + 1) * 1000, rows);
    tables.push(prev);
  }
  return tables;
}

/** The wire: what a view receives. */
function overJson(delta: Delta): Delta {
  return JSON.parse(JSON.stringify(delta)) as Delta;
}

/** Whether the delta names exactly what changed: nothing more, nothing less. */
function assertMinimal(prev: EndpointTable, next: EndpointTable, delta: Delta): void {
  const changed = [...next.rows].filter(([key, row]) => {
    const before = prev.rows.get(key);
    return before !== undefined && !isDeepStrictEqual(before, row);
  });
  assert.deepStrictEqual(delta.updated.map((u) => u.key).sort(), changed.map(([key]) => key).sort());
  assert.deepStrictEqual(
    delta.added.map((r) => r.key).sort(),
    [...next.rows.keys()].filter((k) => !prev.rows.has(k)).sort(),
  );
  assert.deepStrictEqual(
    delta.removed.slice().sort(),
    [...prev.rows.keys()].filter((k) => !next.rows.has(k)).sort(),
  );
  for (const update of delta.updated) {
    const before: Record<string, unknown> = { ...prev.rows.get(update.key) };
    for (const [field, value] of Object.entries(update.set)) {
      assert.notDeepStrictEqual(before[field], value, `${update.key}.${field} did not change`);
    }
  }
}

describe('diff and apply over random snapshot sequences', () => {
  it('apply(prev, diff(prev, next)) equals next, also over JSON, and the delta is minimal', () => {
    fc.assert(
      fc.property(steps, (all) => {
        const tables = snapshots(all);
        for (const [i, next] of tables.entries()) {
          const prev = tables[i - 1] ?? emptyTable();
          const prevEntries = [...prev.rows];
          const delta = diff(prev, next);
          assert.deepStrictEqual(overJson(delta), delta, 'the delta is not plain JSON');
          assert.deepStrictEqual(apply(prev, delta), next);
          assert.deepStrictEqual(apply(prev, overJson(delta)), next);
          assert.deepStrictEqual([...prev.rows], prevEntries, 'prev changed');
          assert.deepStrictEqual(delta.counts, countEndpoints(next.rows.values()));
          assert.deepStrictEqual(
            [delta.seq, delta.baseSeq, delta.takenAt],
            [next.seq, prev.seq, next.takenAt],
          );
          assertMinimal(prev, next, delta);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('chained applies from the first table reproduce the last one', () => {
    fc.assert(
      fc.property(steps, (all) => {
        const tables = snapshots(all);
        const first = tables[0] ?? emptyTable();
        const last = tables.at(-1) ?? first;
        let view = first;
        for (const [i, next] of tables.entries()) {
          if (i > 0) view = apply(view, overJson(diff(tables[i - 1] ?? first, next)));
        }
        assert.deepStrictEqual(view, last);
        const sorted = (t: EndpointTable) => [...t.rows.values()].sort((a, b) => a.key.localeCompare(b.key));
        assert.deepStrictEqual(sorted(view), sorted(last));
      }),
      { numRuns: 300 },
    );
  });
});
