import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Endpoint } from '../../../shared/endpoint.js';
import { DEFAULT_FILTER, makeRowFilter } from '../../../renderer/model/row-filter.js';
import { describeUnknownOwners, statusCounts } from '../../../renderer/model/status-counts.js';
import { endpoint } from './endpoint-fixture.js';

const notPermitted = { kind: 'unknown', reason: 'not-permitted' } as const;
const kernel = { kind: 'unknown', reason: 'kernel' } as const;
const noProcess = { kind: 'unknown', reason: 'no-process' } as const;

const rows: Endpoint[] = [
  endpoint({ remotePort: 1 }),
  endpoint({ remotePort: 2, owner: notPermitted }),
  endpoint({ proto: 'udp', remotePort: 3, state: 'CONNECTED' }),
  endpoint({ remoteAddress: '0.0.0.0', remotePort: 0, state: 'LISTEN', owner: notPermitted }),
  endpoint({ proto: 'udp', remoteAddress: '0.0.0.0', remotePort: 0, state: 'UNCONNECTED', owner: noProcess }),
  endpoint({ remotePort: 4, state: 'TIME_WAIT', inode: 0, owner: kernel }),
  endpoint({ remotePort: 5, state: 'TIME_WAIT', inode: 0, owner: kernel }),
  endpoint({ remotePort: 6, state: 'CLOSE_WAIT' }),
  endpoint({ remotePort: 7, state: 'SYN_SENT', owner: notPermitted }),
];

describe('statusCounts', () => {
  it('counts every group over all rows when every row is shown', () => {
    assert.deepEqual(
      statusCounts(rows, () => true),
      {
        shown: 9,
        total: 9,
        established: { shown: 3, total: 3 },
        listening: { shown: 2, total: 2 },
        timeWait: { shown: 2, total: 2 },
        closeWait: { shown: 1, total: 1 },
        ownersUnknown: { notPermitted: 3, noProcess: 1, kernel: 2 },
      },
    );
  });

  it('counts shown rows through the view filter, and owners over all rows', () => {
    const counts = statusCounts(
      rows,
      makeRowFilter({ ...DEFAULT_FILTER, showUnconnected: false, search: 'tcpv4' }),
    );
    assert.deepEqual(counts, {
      shown: 6,
      total: 9,
      established: { shown: 2, total: 3 },
      listening: { shown: 0, total: 2 },
      timeWait: { shown: 2, total: 2 },
      closeWait: { shown: 1, total: 1 },
      ownersUnknown: { notPermitted: 3, noProcess: 1, kernel: 2 },
    });
  });

  it('reads any iterable once, such as the row map of a table', () => {
    const table = new Map(rows.map((row) => [row.key, row]));
    let calls = 0;
    const counts = statusCounts(table.values(), () => (calls++, false));
    assert.equal(calls, 9);
    assert.equal(counts.shown, 0);
    assert.equal(counts.total, 9);
  });

  it('is all zeros for no rows', () => {
    const counts = statusCounts([], () => true);
    assert.equal(counts.total, 0);
    assert.equal(describeUnknownOwners(counts.ownersUnknown), '');
  });
});

describe('describeUnknownOwners', () => {
  it('is empty when every owner is known', () => {
    assert.equal(describeUnknownOwners({ notPermitted: 0, noProcess: 0, kernel: 0 }), '');
  });

  it('leads with owners hidden by permissions', () => {
    assert.equal(
      describeUnknownOwners({ notPermitted: 37, noProcess: 0, kernel: 0 }),
      '37 owners hidden: not permitted',
    );
    assert.equal(
      describeUnknownOwners({ notPermitted: 1, noProcess: 0, kernel: 0 }),
      '1 owner hidden: not permitted',
    );
    assert.equal(
      describeUnknownOwners({ notPermitted: 37, noProcess: 4, kernel: 12 }),
      '37 owners hidden: not permitted; 4 with no process, 12 held by the kernel',
    );
  });

  it('names the other reasons when no permission is missing', () => {
    assert.equal(
      describeUnknownOwners({ notPermitted: 0, noProcess: 2, kernel: 3 }),
      '5 owners unknown: 2 with no process, 3 held by the kernel',
    );
    assert.equal(
      describeUnknownOwners({ notPermitted: 0, noProcess: 0, kernel: 1 }),
      '1 owner unknown: 1 held by the kernel',
    );
  });
});
