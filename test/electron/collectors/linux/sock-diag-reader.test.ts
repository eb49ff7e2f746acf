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
import { LiveSockets, ownSocketInodes, portOf } from '../../../helpers/live-sockets.js';
import { datagrams } from '../../../helpers/sock-diag-fixtures.js';
import { requireNetlink } from './netlink-available.js';

const sockets = new LiveSockets();
after(() => sockets.close());

/**
 * Rows of `read` on `ports` held by this process, as text, sorted: what two
 * reads of the same sockets must agree on. Held by this process, since
 * another process (another test file, a bench workload) may have a socket
 * with the same port number on another address.
 */
function rowsOn(read: SockDiagSockets, ports: Set<number>): string[] {
  const own = ownSocketInodes();
  return read.rows
    .filter((row) => ports.has(row.localPort) && own.has(row.inode))
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
  const tiny = new SockDiagReader(addon, { initialBufferBytes: 16 });
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

/** What a replaying addon was asked, in order. */
interface Asked {
  requests: number;
  opened: number;
  closed: number;
  /** One entry per call: "request H P" (handle id, protocol), "ahead H", "recv H". */
  calls: string[];
}

/**
 * An addon that answers every dump request with a recorded dump (its messages
 * given the request's seq), flagging NLM_F_DUMP_INTR on the first `torn`
 * answers: the kernel's inet_diag does not set that flag on demand, so the
 * retry rule is shown on recorded bytes. `answer` may replace the answer to a
 * request. Receive-ahead changes nothing here: the datagrams are all there.
 */
function replayingAddon(
  recorded: Uint8Array[],
  torn: number,
  answer?: (request: { handle: number; protocol: number }) => Uint8Array[] | undefined,
): { addon: NativeAddon; requests: () => number; asked: Asked } {
  const asked: Asked = { requests: 0, opened: 0, closed: 0, calls: [] };
  const idOf = (handle: SockDiagHandle) => (handle as unknown as { id: number }).id;
  const queues = new Map<SockDiagHandle, Uint8Array[]>();
  const withSeq = (datagrams: Uint8Array[], seq: number, flag: number) =>
    datagrams.map((datagram) => {
      const copy = new Uint8Array(datagram);
      const view = new DataView(copy.buffer);
      for (let at = 0; at + 16 <= copy.length; at += (view.getUint32(at, littleEndian) + 3) & ~3) {
        view.setUint32(at + 8, seq, littleEndian);
        view.setUint16(at + 6, view.getUint16(at + 6, littleEndian) | flag, littleEndian);
      }
      return copy;
    });
  const addon: Omit<NativeAddon, 'scanFdDir'> = {
    sockDiagOpen() {
      const handle = { id: ++asked.opened } as unknown as SockDiagHandle;
      queues.set(handle, []);
      return handle;
    },
    sockDiagRequest(handle, _family, protocol, _states, _ext, seq) {
      if (!queues.has(handle)) return -9; // EBADF
      asked.requests++;
      asked.calls.push(`request ${idOf(handle)} ${protocol}`);
      const flag = asked.requests <= torn ? NLM_F_DUMP_INTR : 0;
      queues.set(handle, withSeq(answer?.({ handle: idOf(handle), protocol }) ?? recorded, seq, flag));
      return 0;
    },
    sockDiagReceiveAhead(handle) {
      asked.calls.push(`ahead ${idOf(handle)}`);
      return queues.has(handle) ? 0 : -9;
    },
    sockDiagRecv(handle, out, offset) {
      if (asked.calls.at(-1) !== `recv ${idOf(handle)}`) asked.calls.push(`recv ${idOf(handle)}`);
      const next = queues.get(handle)?.shift();
      if (next === undefined) return -11; // EAGAIN: nothing more will come
      out.set(next, offset);
      return next.length;
    },
    sockDiagClose(handle) {
      if (queues.delete(handle)) asked.closed++;
    },
  };
  return { addon: addon as NativeAddon, requests: () => asked.requests, asked };
}

/** An NLMSG_DONE datagram: an empty dump. */
function doneDatagram(): Uint8Array {
  const bytes = new Uint8Array(20);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, bytes.length, littleEndian);
  view.setUint16(4, 3, littleEndian); // NLMSG_DONE
  return bytes;
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

test(
  'the first dump is received ahead on its own socket while the meanwhile work and the other dumps run',
  { skip },
  () => {
    const { addon, asked } = replayingAddon(datagrams(MULTIPART), 0, ({ protocol }) =>
      protocol === 17 ? [doneDatagram()] : undefined,
    );
    const reader = new SockDiagReader(addon);
    assert.equal(asked.opened, 2);
    const read = reader.read([TCP_DUMPS[0]!, UDP_DUMPS[0]!], () => asked.calls.push('meanwhile'));
    assert.deepEqual(asked.calls, [
      'request 1 6',
      'ahead 1',
      'meanwhile',
      'request 2 17',
      'recv 2',
      'recv 1',
    ]);
    assert.equal(read.rows.length, 301);
    const sequential = replayingAddon(datagrams(MULTIPART), 0);
    new SockDiagReader(sequential.addon, { receiveAhead: false }).read([TCP_DUMPS[0]!], () =>
      sequential.asked.calls.push('meanwhile'),
    );
    assert.deepEqual(sequential.asked.calls, ['meanwhile', 'request 1 6', 'recv 1'], 'no thread: in turn');
    assert.equal(sequential.asked.opened, 1);
  },
);

test('a failed read replaces the socket whose dump it left unread, and the next read works', { skip }, () => {
  let failing = false;
  const { addon, asked } = replayingAddon(datagrams(MULTIPART), 0, ({ protocol }) =>
    protocol !== 17 ? undefined : failing ? datagrams('done-enoent-unknown-protocol') : [doneDatagram()],
  );
  const reader = new SockDiagReader(addon);
  const dumps = [TCP_DUMPS[0]!, UDP_DUMPS[0]!];
  reader.read(dumps);
  failing = true;
  // The UDP dump, read here on the second socket, fails while the TCP one is still being received ahead.
  assert.throws(
    () => reader.read(dumps),
    (error: unknown) => (error as SockDiagError).code === 'ENOENT',
  );
  assert.deepEqual([asked.opened, asked.closed], [3, 1], 'the first socket was replaced');
  failing = false;
  assert.equal(reader.read(dumps).rows.length, 301);
  reader.close();
  assert.equal(asked.closed, 3);
});

test(
  'a datagram that came cut (MSG_TRUNC) makes the dump torn: read again, with room for it',
  { skip },
  () => {
    const { addon: replaying, requests } = replayingAddon(datagrams(MULTIPART), 0);
    let receives = 0;
    let largest = 0;
    const addon: NativeAddon = {
      ...replaying,
      sockDiagRecv(handle, out, offset, status) {
        largest = Math.max(largest, out.length);
        const length = replaying.sockDiagRecv(handle, out, offset, status);
        status[0] = 0;
        if (++receives === 1) [status[0], status[1]] = [0x20, 100_000]; // MSG_TRUNC, and its full size
        return length;
      },
    };
    const read = new SockDiagReader(addon).read([TCP_DUMPS[0]!]);
    assert.equal(requests(), 2);
    assert.deepEqual([read.truncated, read.retries, read.consistent], [1, 1, true]);
    assert.equal(read.rows.length, 301);
    assert.ok(largest >= 100_000, 'the buffer grew to the size the kernel gave');
  },
);
