import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noCountersNote, snapshotDocument } from '../../../electron/cli/snapshot-command.js';
import { Monitor } from '../../../electron/monitor/monitor.js';
import { OPTIONAL_ENDPOINT_FIELDS, type OwnedSocketRow } from '../../../shared/endpoint.js';
import { scriptedCollector } from '../../helpers/scripted-collector.js';

const ALL_ROWS = { tcp: true, udp: true, ipv4: true, ipv6: true, listeningOnly: false };

function connection(bytes: number): OwnedSocketRow {
  return {
    proto: 'tcp',
    family: 6,
    localAddress: '::1',
    localPort: 50000,
    remoteAddress: '::1',
    remotePort: 8080,
    state: 'ESTABLISHED',
    recvQ: 0,
    sendQ: 0,
    uid: 0,
    inode: 7,
    cookie: '0000000000001f2a',
    owner: { kind: 'unknown', reason: 'no-process' },
    bytesSent: bytes,
    bytesReceived: 2 * bytes,
    segsOut: 3,
    segsIn: 4,
    retrans: 1,
    rttMs: 0.125,
    rttVarMs: 0.0625,
    deliveryRate: 125_000,
  };
}

test('snapshot --json carries the cookie, every counter and (after a poll) both rates of a row', async () => {
  const collector = scriptedCollector([[connection(1000)], [connection(3000)]]);
  const monitor = new Monitor(collector);
  await monitor.pollOnce();
  const tick = await monitor.pollOnce();
  const rows = [...tick.table.rows.values()];
  const document = JSON.parse(JSON.stringify(snapshotDocument(tick, collector.info, ALL_ROWS, rows)));
  const [row] = document.rows;
  for (const field of OPTIONAL_ENDPOINT_FIELDS) {
    assert.ok(Object.hasOwn(row, field), `${field} is in the JSON`);
    assert.equal(row[field], rows[0]?.[field], field);
  }
  assert.deepEqual([row.sendRate, row.recvRate, row.cookie], [2000, 4000, '0000000000001f2a']);
  assert.equal(document.collector.capabilities.counters, true);
});

test('the no-counters note gives the collector`s reason, and is absent when it reads counters', () => {
  const limits = [
    'no byte, segment or rtt counters: /proc/net/tcp does not carry them',
    'owners found without the native addon (not built): cold polls are slower',
  ];
  const info = (counters: boolean, list: string[]) => ({
    name: 'linux-proc',
    reason: 'forced by SOCKSCOPE_COLLECTOR=proc',
    capabilities: { owners: true, counters, limits: list },
  });
  assert.equal(
    noCountersNote(info(false, limits)),
    '(no Sent/Recv columns; no byte, segment or rtt counters: /proc/net/tcp does not carry them; ' +
      'collector linux-proc: forced by SOCKSCOPE_COLLECTOR=proc)',
  );
  assert.equal(
    noCountersNote(info(false, [])),
    '(no Sent/Recv columns; the collector reads no byte counters; collector linux-proc: forced by SOCKSCOPE_COLLECTOR=proc)',
  );
  assert.equal(noCountersNote(info(true, limits)), undefined);
});
