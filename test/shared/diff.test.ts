import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Delta, EndpointTable } from '../../shared/delta.js';
import {
  apply,
  CorruptDeltaError,
  diff,
  emptyTable,
  sameOwner,
  SeqGapError,
  tableFromRows,
} from '../../shared/diff.js';
import type { Endpoint, ProcessOwner } from '../../shared/endpoint.js';
import { countEndpoints } from '../../shared/endpoint-counts.js';

const sshd: ProcessOwner = {
  kind: 'process',
  pid: 812,
  name: 'sshd',
  exe: '/usr/sbin/sshd',
  cmdline: 'sshd: /usr/sbin/sshd -D',
  uid: 0,
  user: 'root',
  startTime: 1520,
  startedAt: 1_700_000_000_000,
};

/** An SSH connection to this host; `fields` override its defaults. */
function endpoint(fields: Partial<Endpoint> = {}): Endpoint {
  return {
    key: 'tcp4 10.0.0.5:22>10.0.0.9:51234',
    proto: 'tcp',
    family: 4,
    localAddress: '10.0.0.5',
    localPort: 22,
    remoteAddress: '10.0.0.9',
    remotePort: 51234,
    state: 'ESTABLISHED',
    recvQ: 0,
    sendQ: 0,
    uid: 0,
    inode: 48213,
    owner: sshd,
    firstSeen: 1_700_000_100_000,
    ...fields,
  };
}

/** Every field, optional ones included: the compiler insists on each. */
const FULL: Required<Endpoint> = {
  ...endpoint(),
  cookie: '0000000000001f2a',
  bytesSent: 1000,
  bytesReceived: 2000,
  segsOut: 10,
  segsIn: 20,
  retrans: 1,
  rttMs: 0.25,
  rttVarMs: 0.125,
  deliveryRate: 125_000,
  sendRate: 100,
  recvRate: 200,
};

/** A different valid value for every field but `key` and `owner`. */
const CHANGED: Required<Omit<Endpoint, 'key' | 'owner'>> = {
  proto: 'udp',
  family: 6,
  localAddress: '10.0.0.6',
  localPort: 2222,
  remoteAddress: '10.0.0.10',
  remotePort: 51235,
  state: 'TIME_WAIT',
  recvQ: 1,
  sendQ: 2,
  uid: 1000,
  inode: 0,
  firstSeen: 1_700_000_100_001,
  cookie: '0000000000001f2b',
  bytesSent: 1001,
  bytesReceived: 2001,
  segsOut: 11,
  segsIn: 21,
  retrans: 2,
  rttMs: 0.5,
  rttVarMs: 0.25,
  deliveryRate: 125_001,
  sendRate: 101,
  recvRate: 201,
};

function table(seq: number, rows: Endpoint[]): EndpointTable {
  return tableFromRows(seq, seq * 1000, rows);
}

/** Rows sorted by key, for comparing tables as arrays. */
function rowsOf(t: EndpointTable): Endpoint[] {
  return [...t.rows.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

describe('diff', () => {
  it('sends a state change to TIME_WAIT as one update of exactly state and inode', () => {
    const before = endpoint();
    const after = endpoint({ state: 'TIME_WAIT', inode: 0 });
    const delta = diff(table(1, [before]), table(2, [after]));
    assert.deepEqual(delta.updated, [{ key: before.key, set: { state: 'TIME_WAIT', inode: 0 } }]);
    assert.deepEqual(delta.added, []);
    assert.deepEqual(delta.removed, []);
  });

  it('lists counters that disappeared in unset', () => {
    const before = endpoint({ bytesSent: 10, bytesReceived: 20, rttMs: 0.5, recvQ: 0 });
    const after = endpoint({ bytesReceived: 20, recvQ: 3 });
    const [update, ...rest] = diff(table(1, [before]), table(2, [after])).updated;
    assert.deepEqual(rest, []);
    assert.deepEqual(update?.set, { recvQ: 3 });
    assert.deepEqual([...(update?.unset ?? [])].sort(), ['bytesSent', 'rttMs']);
  });

  it('sends no update for an owner replaced by an equal but different object', () => {
    const delta = diff(table(1, [endpoint()]), table(2, [endpoint({ owner: { ...sshd } })]));
    assert.deepEqual(delta.updated, []);
  });

  it('sends the whole new owner when the owner changed', () => {
    const owner: ProcessOwner = { ...sshd, pid: 813, startTime: 1600, startedAt: sshd.startedAt + 800 };
    const delta = diff(table(1, [endpoint()]), table(2, [endpoint({ owner })]));
    assert.deepEqual(delta.updated, [{ key: endpoint().key, set: { owner } }]);
  });

  it('sends an owner that became known, and one that became unknown', () => {
    const unknown = endpoint({ owner: { kind: 'unknown', reason: 'not-permitted' } });
    assert.deepEqual(diff(table(1, [unknown]), table(2, [endpoint()])).updated[0]?.set, { owner: sshd });
    assert.deepEqual(diff(table(1, [endpoint()]), table(2, [unknown])).updated[0]?.set, {
      owner: { kind: 'unknown', reason: 'not-permitted' },
    });
  });

  it('sends nothing for rows that did not change, shared or copied', () => {
    const shared = endpoint({ key: 'a', bytesSent: 5 });
    const copied = endpoint({ key: 'b', rttMs: 1 });
    const delta = diff(table(1, [shared, copied]), table(2, [shared, { ...copied, owner: { ...sshd } }]));
    assert.deepEqual([delta.added, delta.updated, delta.removed], [[], [], []]);
  });

  it('sends a change in any single field as exactly that field', () => {
    for (const [field, value] of Object.entries(CHANGED)) {
      const delta = diff(table(1, [FULL]), table(2, [{ ...FULL, [field]: value }]));
      assert.deepEqual(delta.updated, [{ key: FULL.key, set: { [field]: value } }], field);
    }
  });

  it('sends any optional field that appeared in set and one that vanished in unset', () => {
    const sparse = endpoint();
    for (const [field, value] of Object.entries(FULL)) {
      if (field in sparse) continue;
      const appeared = diff(table(1, [sparse]), table(2, [{ ...sparse, [field]: value }]));
      assert.deepEqual(appeared.updated, [{ key: sparse.key, set: { [field]: value } }], field);
      const vanished = diff(table(1, [{ ...sparse, [field]: value }]), table(2, [sparse]));
      assert.deepEqual(vanished.updated, [{ key: sparse.key, set: {}, unset: [field] }], field);
    }
  });

  it('sends added rows whole and removed rows by key', () => {
    const kept = endpoint({ key: 'kept' });
    const gone = endpoint({ key: 'gone' });
    const fresh = endpoint({ key: 'fresh', remotePort: 40000, bytesSent: 1 });
    const delta = diff(table(1, [kept, gone]), table(2, [kept, fresh]));
    assert.deepEqual(delta.added, [fresh]);
    assert.deepEqual(delta.removed, ['gone']);
    assert.deepEqual(delta.updated, []);
  });

  it('carries the counts of the next table', () => {
    const next = table(2, [
      endpoint({ key: 'a' }),
      endpoint({ key: 'b', state: 'TIME_WAIT' }),
      endpoint({ key: 'c', proto: 'udp', family: 6, state: 'UNCONNECTED' }),
    ]);
    const delta = diff(table(1, [endpoint({ key: 'a' })]), next);
    assert.deepEqual(delta.counts, countEndpoints(next.rows.values()));
    assert.deepEqual(delta.counts.byState, { ESTABLISHED: 1, TIME_WAIT: 1, UNCONNECTED: 1 });
  });

  it('names the seq it makes, the seq it applies to, and when next was taken', () => {
    const delta = diff(tableFromRows(41, 5000, []), tableFromRows(42, 6000, []));
    assert.deepEqual([delta.seq, delta.baseSeq, delta.takenAt], [42, 41, 6000]);
  });

  it('makes plain JSON, without undefined values even where rows hold them', () => {
    const withUndefined = { ...endpoint({ key: 'u' }), bytesSent: undefined, rttMs: 2 };
    const before = endpoint({ bytesSent: 3, rttMs: 1 });
    const after = { ...before, bytesSent: undefined, rttMs: 1 };
    const delta = diff(table(1, [before]), table(2, [after, withUndefined]));
    assert.deepEqual(JSON.parse(JSON.stringify(delta)), delta);
    assert.equal(Object.hasOwn(delta.added[0] ?? {}, 'bytesSent'), false);
    assert.deepEqual(delta.updated, [{ key: before.key, set: {}, unset: ['bytesSent'] }]);
  });

  it('refuses a table that files a row under another key', () => {
    const row = endpoint();
    const next: EndpointTable = { seq: 2, takenAt: 0, rows: new Map([['other', row]]) };
    assert.throws(() => diff(emptyTable(), next), /filed under key other/);
  });
});

describe('sameOwner', () => {
  it('tells owners apart by every field', () => {
    const changed: Omit<ProcessOwner, 'kind'> = {
      pid: 1,
      name: 'x',
      exe: null,
      cmdline: '',
      uid: 1,
      user: 'u',
      startTime: 1,
      startedAt: 1,
    };
    for (const [field, value] of Object.entries(changed)) {
      assert.equal(sameOwner(sshd, { ...sshd, [field]: value }), false, field);
    }
    assert.equal(sameOwner(sshd, { ...sshd }), true);
  });

  it('compares unknown owners by reason', () => {
    assert.equal(
      sameOwner({ kind: 'unknown', reason: 'kernel' }, { kind: 'unknown', reason: 'kernel' }),
      true,
    );
    assert.equal(
      sameOwner({ kind: 'unknown', reason: 'kernel' }, { kind: 'unknown', reason: 'no-process' }),
      false,
    );
    assert.equal(sameOwner({ kind: 'unknown', reason: 'kernel' }, sshd), false);
    assert.equal(sameOwner(sshd, { kind: 'unknown', reason: 'kernel' }), false);
  });
});

describe('apply', () => {
  const a = endpoint({ key: 'a', bytesSent: 1, rttMs: 1 });
  const b = endpoint({ key: 'b' });
  const base = table(7, [a, b]);

  function delta(fields: Partial<Delta>): Delta {
    return {
      seq: 8,
      baseSeq: 7,
      takenAt: 8000,
      added: [],
      updated: [],
      removed: [],
      counts: countEndpoints([]),
      ...fields,
    };
  }

  it('makes the next table', () => {
    const c = endpoint({ key: 'c', state: 'SYN_SENT' });
    const next = apply(
      base,
      delta({
        added: [c],
        updated: [{ key: 'a', set: { state: 'FIN_WAIT1' }, unset: ['rttMs'] }],
        removed: ['b'],
      }),
    );
    assert.equal(next.seq, 8);
    assert.equal(next.takenAt, 8000);
    assert.deepEqual(rowsOf(next), [endpoint({ key: 'a', bytesSent: 1, state: 'FIN_WAIT1' }), c]);
    assert.equal(Object.hasOwn(next.rows.get('a') ?? {}, 'rttMs'), false);
  });

  it('shares unchanged rows', () => {
    const next = apply(base, delta({ updated: [{ key: 'a', set: { recvQ: 4 } }] }));
    assert.equal(next.rows.get('b'), b);
  });

  it('does not change the table or the rows it is given', () => {
    const frozen = table(7, [Object.freeze({ ...a }), Object.freeze({ ...b })]);
    const copy = structuredClone(frozen);
    apply(
      frozen,
      delta({
        added: [endpoint({ key: 'c' })],
        updated: [
          {
            key: 'a',
            set: { state: 'CLOSING', owner: { kind: 'unknown', reason: 'kernel' } },
            unset: ['bytesSent'],
          },
        ],
        removed: ['b'],
      }),
    );
    assert.deepEqual(frozen, copy);
  });

  it('throws a SeqGapError naming both seqs when the delta is for another table', () => {
    assert.throws(
      () => apply(base, delta({ seq: 10, baseSeq: 9 })),
      (error: unknown) =>
        error instanceof SeqGapError &&
        error.tableSeq === 7 &&
        error.baseSeq === 9 &&
        /\b9\b/.test(error.message) &&
        /\b7\b/.test(error.message),
    );
  });

  it('throws on a delta that contradicts the table', () => {
    const corrupt: [string, Partial<Delta>, RegExp][] = [
      ['update of an unknown key', { updated: [{ key: 'zz', set: { recvQ: 1 } }] }, /updates row zz/],
      ['removal of an unknown key', { removed: ['zz'] }, /removes row zz/],
      ['removal twice', { removed: ['a', 'a'] }, /removes row a/],
      [
        'update of a removed key',
        { removed: ['a'], updated: [{ key: 'a', set: { recvQ: 1 } }] },
        /updates row a/,
      ],
      ['add of an existing key', { added: [endpoint({ key: 'a' })] }, /adds row a/],
      ['change of a key', { updated: [{ key: 'a', set: { key: 'q' } as never }] }, /key of row a/],
      [
        'clearing a required field',
        { updated: [{ key: 'a', set: {}, unset: ['state' as never] }] },
        /clears state/,
      ],
    ];
    for (const [what, fields, message] of corrupt) {
      assert.throws(
        () => apply(base, delta(fields)),
        (error: unknown) => {
          assert.ok(error instanceof CorruptDeltaError, what);
          assert.match(error.message, message, what);
          return true;
        },
      );
    }
  });

  it('rebuilds the next table from diff, also from an empty table', () => {
    const next = table(8, [endpoint({ key: 'a', state: 'LAST_ACK' }), endpoint({ key: 'c', sendRate: 3 })]);
    assert.deepEqual(apply(base, diff(base, next)), next);
    assert.deepEqual(apply(emptyTable(), diff(emptyTable(), next)), next);
  });
});

describe('tables', () => {
  it('starts empty at seq 0, with a fresh map each time', () => {
    const t = emptyTable();
    assert.equal(t.seq, 0);
    assert.equal(t.rows.size, 0);
    assert.notEqual(emptyTable().rows, t.rows);
  });

  it('files rows by key and refuses a duplicate key', () => {
    const t = tableFromRows(3, 3000, [endpoint({ key: 'a' }), endpoint({ key: 'b' })]);
    assert.deepEqual([t.seq, t.takenAt, [...t.rows.keys()]], [3, 3000, ['a', 'b']]);
    assert.throws(() => tableFromRows(3, 0, [endpoint(), endpoint()]), /duplicate row key/);
  });
});
