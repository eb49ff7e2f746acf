import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatNetstatTable } from '../../../electron/cli/netstat-table.js';
import type { Endpoint } from '../../../shared/endpoint.js';

const client: Endpoint = {
  key: 'tcp4 10.0.0.5:50000>10.0.0.9:443',
  proto: 'tcp',
  family: 4,
  localAddress: '10.0.0.5',
  localPort: 50000,
  remoteAddress: '10.0.0.9',
  remotePort: 443,
  state: 'ESTABLISHED',
  recvQ: 0,
  sendQ: 0,
  uid: 0,
  inode: 7,
  owner: { kind: 'unknown', reason: 'kernel' },
  firstSeen: 0,
  bytesSent: 1536,
  bytesReceived: 12_897_485,
};
const dns: Endpoint = {
  ...client,
  key: 'udp4 0.0.0.0:53>0.0.0.0:0#8',
  proto: 'udp',
  localAddress: '0.0.0.0',
  localPort: 53,
  remoteAddress: '0.0.0.0',
  remotePort: 0,
  state: 'UNCONNECTED',
  inode: 8,
  bytesSent: undefined,
  bytesReceived: undefined,
};

test('with counters, Sent and Recv follow Send-Q, right-aligned, `-` where a row has none', () => {
  assert.equal(
    formatNetstatTable([client, dns], { counters: true }),
    [
      'Proto Recv-Q Send-Q Sent  Recv Local Address  Foreign Address State       PID/Program name',
      'tcp        0      0 1.5K 12.3M 10.0.0.5:50000 10.0.0.9:443    ESTABLISHED -',
      'udp        0      0    -     - 0.0.0.0:53     0.0.0.0:*       UNCONNECTED -',
      '',
    ].join('\n'),
  );
});

test('without counters, the table is netstat columns only', () => {
  assert.equal(
    formatNetstatTable([client], { counters: false }),
    [
      'Proto Recv-Q Send-Q Local Address  Foreign Address State       PID/Program name',
      'tcp        0      0 10.0.0.5:50000 10.0.0.9:443    ESTABLISHED -',
      '',
    ].join('\n'),
  );
});
