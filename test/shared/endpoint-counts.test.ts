import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Endpoint } from '../../shared/endpoint.js';
import { countEndpoints } from '../../shared/endpoint-counts.js';
import { rowKey } from '../../shared/row-key.js';

const owner = { kind: 'unknown', reason: 'not-permitted' } as const;

function endpoint(fields: Pick<Endpoint, 'proto' | 'family' | 'state'> & Partial<Endpoint>): Endpoint {
  const row = {
    localAddress: fields.family === 4 ? '10.0.0.5' : 'fd00::5',
    localPort: 22,
    remoteAddress: fields.family === 4 ? '0.0.0.0' : '::',
    remotePort: 0,
    recvQ: 0,
    sendQ: 0,
    uid: 0,
    inode: 1000,
    owner,
    firstSeen: 1,
    ...fields,
  };
  return { key: rowKey(row), ...row };
}

describe('countEndpoints', () => {
  it('counts nothing in an empty table', () => {
    assert.deepEqual(countEndpoints([]), { total: 0, tcp4: 0, tcp6: 0, udp4: 0, udp6: 0, byState: {} });
  });

  it('counts by protocol and family, and by state', () => {
    const rows = [
      endpoint({ proto: 'tcp', family: 4, state: 'LISTEN', inode: 1 }),
      endpoint({ proto: 'tcp', family: 4, state: 'ESTABLISHED', inode: 2, remotePort: 5000 }),
      endpoint({ proto: 'tcp', family: 4, state: 'TIME_WAIT', inode: 0, remotePort: 5001 }),
      endpoint({ proto: 'tcp', family: 6, state: 'LISTEN', inode: 3 }),
      endpoint({ proto: 'tcp', family: 6, state: 'CLOSE_WAIT', inode: 4, remotePort: 5002 }),
      endpoint({ proto: 'udp', family: 4, state: 'UNCONNECTED', inode: 5 }),
      endpoint({ proto: 'udp', family: 6, state: 'UNCONNECTED', inode: 6 }),
      endpoint({ proto: 'udp', family: 6, state: 'CONNECTED', inode: 7, remotePort: 53 }),
    ];
    assert.deepEqual(countEndpoints(rows), {
      total: 8,
      tcp4: 3,
      tcp6: 2,
      udp4: 1,
      udp6: 2,
      byState: { LISTEN: 2, ESTABLISHED: 1, TIME_WAIT: 1, CLOSE_WAIT: 1, UNCONNECTED: 2, CONNECTED: 1 },
    });
  });

  it('holds only the states that occur', () => {
    const counts = countEndpoints([endpoint({ proto: 'tcp', family: 4, state: 'LISTEN' })]);
    assert.deepEqual(Object.keys(counts.byState), ['LISTEN']);
  });

  it('takes any iterable, such as the values of a table', () => {
    const row = endpoint({ proto: 'udp', family: 4, state: 'UNCONNECTED' });
    const rows = new Map([[row.key, row]]);
    assert.equal(countEndpoints(rows.values()).udp4, 1);
    assert.equal(countEndpoints(rows.values()).total, 1);
  });
});
