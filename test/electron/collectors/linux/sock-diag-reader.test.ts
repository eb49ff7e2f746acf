import assert from 'node:assert/strict';
import { endianness } from 'node:os';
import { after, test } from 'node:test';
import {
  loadNativeAddon,
  type NativeAddon,
  type SockDiagHandle,
} from '../../../../electron/collectors/linux/native-addon.js';
import {
  DUMP_INTR_RETRIES,
  SockDiagError,
  SockDiagReader,
  TCP_BOTH_FAMILIES_DUMP,
  TCP_DUMPS,
  UDP_DUMPS,
  type SockDiagSockets,
} from '../../../../electron/collectors/linux/sock-diag-reader.js';
import { LiveSockets, portOf } from '../../../helpers/live-sockets.js';
import { datagrams } from '../../../helpers/sock-diag-fixtures.js';
import { requireNetlink } from './netlink-available.js';

const sockets = new LiveSockets();
after(() => sockets.close());

/** Rows of `read` on `ports`, as text, sorted: what two reads of the same sockets must agree on. */
function rowsOn(read: SockDiagSockets, ports: Set<number>): string[] {
  return read.rows
    .filter((row) => ports.has(row.localPort))
    .map(
      (row) =>
        `${row.proto}${row.family} ${row.localAddress}:${row.localPort} ${row.state} ${row.inode} ${row.cookie}`,
    )
    .sort();
}

test('the real kernel: a receive buffer too small for a datagram grows, and nothing is lost', async () => {
  requireNetlink();
  const addon = loadNativeAddon().addon!;
  const ports = new Set<number>();
  for (const host of ['127.0.0.1', '::1']) ports.add(portOf(await sockets.listen(host)));
  for (const type of ['udp4', 'udp6'] as const) {
    ports.add((await sockets.udp(type, type === 'udp4' ? '127.0.0.1' : '::1')).address().port);
  }
  const roomy = new SockDiagReader(addon);
  const tiny = new SockDiagReader(addon, 16);
  try {
    const dumps = [...TCP_DUMPS, ...UDP_DUMPS];
    const expected = rowsOn(roomy.read(dumps), ports);
    assert.equal(expected.length, 4, expected.join('\n'));
    const grown = tiny.read(dumps);
    assert.deepEqual(rowsOn(grown, ports), expected);
    assert.equal(grown.consistent, true);
    assert.equal(grown.malformed + grown.foreign + grown.retries + grown.truncated, 0);
  } finally {
    roomy.close();
    tiny.close();
  }
});

test('the real kernel: one dump of TCP over both families gives the rows of the two per-family dumps', async () => {
  requireNetlink();
  const addon = loadNativeAddon().addon!;
  const ports = new Set<number>();
  for (const host of ['127.0.0.1', '::1', '::']) {
    const server = await sockets.listen(host);
    ports.add(portOf(server));
    // Each listener, its client and the accepted end: 9 rows.
    ports.add((await sockets.connect(host === '::' ? '127.0.0.1' : host, portOf(server))).localPort!);
  }
  const reader = new SockDiagReader(addon);
  try {
    const both = rowsOn(reader.read(TCP_BOTH_FAMILIES_DUMP), ports);
    const perFamily = rowsOn(reader.read(TCP_DUMPS), ports);
    assert.equal(perFamily.length, 9, perFamily.join('\n'));
    assert.deepEqual(both, perFamily);
    assert.ok(both.some((row) => row.startsWith('tcp4 ')) && both.some((row) => row.startsWith('tcp6 ')));
  } finally {
    reader.close();
  }
});

test('the real kernel: a closed reader fails with EBADF, not a crash', () => {
  requireNetlink();
  const reader = new SockDiagReader(loadNativeAddon().addon!);
  reader.close();
  assert.throws(
    () => reader.read(TCP_DUMPS),
    (error: unknown) =>
      error instanceof SockDiagError && error.code === 'EBADF' && /tcp4 dump request/.test(error.message),
  );
});

const NLM_F_DUMP_INTR = 0x10;
const littleEndian = endianness() === 'LE';
const skip = !littleEndian && 'the fixtures were recorded on a little-endian host';

/**
 * An addon that answers every dump request with a recorded dump (its messages
 * given the request's seq), flagging NLM_F_DUMP_INTR on the first `torn`
 * answers: the kernel's inet_diag does not set that flag on demand, so the
 * retry rule is shown on recorded bytes.
 */
function replayingAddon(
  recorded: Uint8Array[],
  torn: number,
): { addon: NativeAddon; requests: () => number } {
  let requests = 0;
  let queue: Uint8Array[] = [];
  const handle = {} as SockDiagHandle;
  const addon: Pick<NativeAddon, 'sockDiagOpen' | 'sockDiagRequest' | 'sockDiagRecv' | 'sockDiagClose'> = {
    sockDiagOpen: () => handle,
    sockDiagRequest(_handle, _family, _protocol, _states, _ext, seq) {
      requests++;
      const flag = requests <= torn ? NLM_F_DUMP_INTR : 0;
      queue = recorded.map((datagram) => {
        const copy = new Uint8Array(datagram);
        const view = new DataView(copy.buffer);
        for (let at = 0; at + 16 <= copy.length; at += (view.getUint32(at, littleEndian) + 3) & ~3) {
          view.setUint32(at + 8, seq, littleEndian);
          view.setUint16(at + 6, view.getUint16(at + 6, littleEndian) | flag, littleEndian);
        }
        return copy;
      });
      return 0;
    },
    sockDiagRecv(_handle, out, offset) {
      const next = queue.shift();
      if (next === undefined) return -11; // EAGAIN: nothing more will come
      out.set(next, offset);
      return next.length;
    },
    sockDiagClose() {},
  };
  return { addon: addon as NativeAddon, requests: () => requests };
}

const MULTIPART = 'tcp4-301-sockets-multipart';

test('a dump flagged NLM_F_DUMP_INTR is read again, and its rows are kept once', { skip }, () => {
  const { addon, requests } = replayingAddon(datagrams(MULTIPART), 2);
  const read = new SockDiagReader(addon).read([TCP_DUMPS[0]!]);
  assert.equal(requests(), 3);
  assert.equal(read.retries, 2);
  assert.equal(read.consistent, true);
  assert.equal(read.rows.length, 301, 'the torn attempts left no rows behind');
});

test(`a dump still torn after ${DUMP_INTR_RETRIES} retries is kept and marked inconsistent`, { skip }, () => {
  const { addon, requests } = replayingAddon(datagrams(MULTIPART), Infinity);
  const read = new SockDiagReader(addon).read([TCP_DUMPS[0]!]);
  assert.equal(requests(), 1 + DUMP_INTR_RETRIES);
  assert.equal(read.retries, DUMP_INTR_RETRIES);
  assert.equal(read.consistent, false, 'the monitor must not remove rows on its account');
  assert.equal(read.rows.length, 301);
});

test("the kernel's error ends the read with the errno's name and the dump it came from", { skip }, () => {
  const { addon } = replayingAddon(datagrams('done-enoent-unknown-protocol'), 0);
  assert.throws(
    () => new SockDiagReader(addon).read([UDP_DUMPS[1]!]),
    (error: unknown) =>
      error instanceof SockDiagError &&
      error.code === 'ENOENT' &&
      error.message === 'sock_diag udp6 dump: ENOENT',
  );
});

test('a dump that stops answering fails with EAGAIN instead of waiting forever', { skip }, () => {
  const recorded = datagrams(MULTIPART);
  const { addon } = replayingAddon(recorded.slice(0, -1), 0); // NLMSG_DONE never comes
  assert.throws(
    () => new SockDiagReader(addon).read([TCP_DUMPS[0]!]),
    (error: unknown) =>
      error instanceof SockDiagError && error.code === 'EAGAIN' && /tcp4 dump receive/.test(error.message),
  );
});
