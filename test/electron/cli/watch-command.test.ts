import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watchLine } from '../../../electron/cli/watch-command.js';
import { Monitor } from '../../../electron/monitor/monitor.js';
import { COUNTER_FIELDS, type OwnedSocketRow } from '../../../shared/endpoint.js';
import { scriptedCollector } from '../../helpers/scripted-collector.js';

const owner = {
  kind: 'process',
  pid: 42,
  name: 'curl',
  exe: '/usr/bin/curl',
  cmdline: 'curl https://10.0.0.9/',
  uid: 0,
  user: 'root',
  startTime: 100,
  startedAt: 1_700_000_000_000,
} as const;

/** One connection read with the netlink collector's fields; `fields` override them. */
function connection(fields: Partial<OwnedSocketRow> = {}): OwnedSocketRow {
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
    uid: 0,
    inode: 7,
    cookie: '00000000000000a1',
    owner,
    bytesSent: 1000,
    bytesReceived: 500,
    segsOut: 10,
    segsIn: 8,
    retrans: 0,
    rttMs: 0.5,
    rttVarMs: 0.25,
    deliveryRate: 4000,
    ...fields,
  };
}

test('watch --json deltas carry the counters and rates that changed, and nothing else', async () => {
  const reads = [
    [connection()],
    [connection({ bytesSent: 3000 })],
    [connection({ bytesSent: 3000, bytesReceived: 1500, segsIn: 9 })],
    [connection({ bytesSent: 3000, bytesReceived: 1500, segsIn: 9, rttMs: 0.75 })],
    [timeWaitOf(connection({ bytesSent: 3000, bytesReceived: 1500, segsIn: 9, rttMs: 0.75 }))],
  ];
  const collector = scriptedCollector(reads);
  const monitor = new Monitor(collector);
  const lines = [];
  for (let i = 0; i < reads.length; i++) {
    const tick = await monitor.pollOnce();
    lines.push(JSON.parse(JSON.stringify(watchLine(tick, i === 0, collector.info))));
  }
  assert.equal(lines[0].type, 'snapshot');
  assert.equal(lines[0].rows[0].cookie, '00000000000000a1');
  const key = lines[0].rows[0].key;
  assert.deepEqual(
    lines.slice(1).map((line) => line.updated),
    [
      [{ key, set: { bytesSent: 3000, sendRate: 2000, recvRate: 0 } }],
      [{ key, set: { bytesReceived: 1500, segsIn: 9, sendRate: 0, recvRate: 1000 } }],
      [{ key, set: { rttMs: 0.75, recvRate: 0 } }],
      // The counters stay (the row keeps its last ones); only the rates go.
      [{ key, set: { state: 'TIME_WAIT', inode: 0 }, unset: ['sendRate', 'recvRate'] }],
    ],
  );
});

/** The row once closed: the kernel reports its TIME_WAIT stand-in without tcp_info, inode or owner. */
function timeWaitOf(row: OwnedSocketRow): OwnedSocketRow {
  const closed: OwnedSocketRow = {
    ...row,
    state: 'TIME_WAIT',
    inode: 0,
    owner: { kind: 'unknown', reason: 'kernel' },
  };
  for (const field of COUNTER_FIELDS) delete closed[field];
  return closed;
}
