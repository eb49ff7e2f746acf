import assert from 'node:assert/strict';
import { endianness } from 'node:os';
import { after, test } from 'node:test';
import { loadNativeAddon, type SockDiagHandle } from '../../../../electron/collectors/linux/native-addon.js';
import {
  SockDiagDecoder,
  type NetlinkSocketRow,
} from '../../../../electron/collectors/linux/sock-diag-decoder.js';
import {
  belowSplit,
  splitBytecode,
  splitOf,
  type PortSplit,
} from '../../../../electron/collectors/linux/sock-diag-split.js';
import { LiveSockets, portOf } from '../../../helpers/live-sockets.js';
import { requireNetlink } from './netlink-available.js';

const ports = (pairs: [number, number][]) =>
  pairs.map(([localPort, remotePort]) => ({ localPort, remotePort }));

test('the split is the median by local port, then by remote port', () => {
  const rows = ports([
    [80, 5000],
    [80, 5001],
    [80, 5002],
    [80, 5003],
    [40000, 80],
    [40001, 80],
  ]);
  const split = splitOf(rows, 0, rows.length);
  // Six rows: three below (80, 5003), three at or above it.
  assert.deepEqual(split, { port: 80, peerPort: 5003 });
  assert.equal(rows.filter((row) => belowSplit(row, split!)).length, 3);
});

test('a split can give the lower part a share other than half', () => {
  const rows = ports(Array.from({ length: 10 }, (_, i): [number, number] => [2000 + i, 80]));
  const split = splitOf(rows, 0, rows.length, 0.4);
  assert.deepEqual(split, { port: 2004, peerPort: 0 });
  assert.equal(rows.filter((row) => belowSplit(row, split!)).length, 4);
});

test('a split by local port alone has remote port 0; none for fewer than two rows', () => {
  const rows = ports([
    [1000, 7],
    [1001, 7],
    [2000, 7],
    [2001, 7],
  ]);
  assert.deepEqual(splitOf(rows, 0, 4), { port: 2000, peerPort: 0 });
  assert.deepEqual(splitOf(rows, 2, 4), { port: 2001, peerPort: 0 }, 'only the rows in range count');
  assert.equal(splitOf(rows, 0, 1), null);
  assert.equal(splitOf(ports([[0, 0]]).concat(ports([[0, 0]])), 0, 2), null, 'nothing can be below (0, 0)');
});

test('the filter programs: whole 4-byte ops, each jump within the program or just past it', () => {
  for (const split of [
    { port: 80, peerPort: 5003 },
    { port: 2000, peerPort: 0 },
    { port: 65535, peerPort: 65535 },
  ]) {
    for (const upper of [false, true]) {
      const bytecode = splitBytecode(split, upper);
      assert.equal(bytecode.length % 8, 0);
      const view = new DataView(bytecode.buffer);
      for (let at = 0; at < bytecode.length; at += 8) {
        const left = bytecode.length - at;
        const no = view.getUint16(at + 2, endianness() === 'LE');
        assert.equal(bytecode[at + 1], 8, 'yes: the next comparison');
        assert.ok(no === left || no === left + 4, `no jumps to the end (accept) or past it (reject): ${no}`);
      }
    }
  }
});

const sockets = new LiveSockets();
after(() => sockets.close());

/** Rows of one TCP dump (both families), with `bytecode` as its filter, on a new netlink socket. */
function dump(bytecode?: Uint8Array): NetlinkSocketRow[] {
  const addon = loadNativeAddon().addon!;
  const handle = addon.sockDiagOpen() as SockDiagHandle;
  try {
    const rows: NetlinkSocketRow[] = [];
    assert.equal(addon.sockDiagRequest(handle, 0, 6, 0x1ffe, 0, 7, bytecode), 0);
    const decoder = new SockDiagDecoder(7, 'tcp', rows);
    const buffer = new Uint8Array(64 * 1024);
    const status = new Int32Array(2);
    while (!decoder.done) {
      const length = addon.sockDiagRecv(handle, buffer, 0, status);
      assert.ok(length >= 0, `receive: ${length}`);
      decoder.push(buffer, length);
    }
    assert.equal(decoder.errno, 0);
    return rows;
  } finally {
    addon.sockDiagClose(handle);
  }
}

test('the real kernel: every socket falls in exactly one half, the one belowSplit names', async () => {
  requireNetlink();
  const server = await sockets.listen('127.0.0.1');
  const server6 = await sockets.listen('::1');
  const mine = new Set([portOf(server), portOf(server6)]);
  for (let i = 0; i < 20; i++) {
    const client = await sockets.connect(
      i % 2 === 0 ? '127.0.0.1' : '::1',
      portOf(i % 2 === 0 ? server : server6),
    );
    mine.add(client.localPort!);
  }
  // Ours: both ends on our ports (other tests and workloads reuse port numbers on other addresses).
  const ours = (rows: NetlinkSocketRow[]) =>
    rows.filter(
      (row) =>
        ['127.0.0.1', '::1'].includes(row.localAddress) &&
        mine.has(row.localPort) &&
        (row.remotePort === 0 || mine.has(row.remotePort)),
    );
  const key = (row: NetlinkSocketRow) => `${row.family} ${row.localPort} ${row.remotePort} ${row.cookie}`;
  const whole = ours(dump());
  assert.equal(whole.length, 2 + 2 * 20, 'listeners, clients and accepted ends');
  // The median; through the accepted ends of one listener (a port many sockets share); by local port alone.
  const peers = whole
    .filter((row) => row.localPort === portOf(server) && row.remotePort !== 0)
    .map((row) => row.remotePort)
    .sort((a, b) => a - b);
  const splits: PortSplit[] = [
    splitOf(whole, 0, whole.length)!,
    { port: portOf(server), peerPort: peers[peers.length >> 1]! },
    { port: Math.max(...whole.map((row) => row.localPort)), peerPort: 0 },
  ];
  for (const split of splits) {
    const lower = ours(dump(splitBytecode(split, false)));
    const upper = ours(dump(splitBytecode(split, true)));
    assert.ok(lower.length > 0 && upper.length > 0, `both halves hold sockets: ${JSON.stringify(split)}`);
    assert.ok(lower.every((row) => belowSplit(row, split)));
    assert.ok(upper.every((row) => !belowSplit(row, split)));
    assert.deepEqual([...lower, ...upper].map(key).sort(), whole.map(key).sort());
  }
});
