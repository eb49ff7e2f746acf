import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { constants } from 'node:os';
import { after, before, test } from 'node:test';
import {
  loadNativeAddon,
  type NativeAddon,
  type SockDiagHandle,
} from '../../../../electron/collectors/linux/native-addon.js';
import {
  SockDiagDecoder,
  type NetlinkSocketRow,
} from '../../../../electron/collectors/linux/sock-diag-decoder.js';
import {
  SockDiagReader,
  TCP_BOTH_FAMILIES_DUMP,
  UDP_DUMPS,
  type SockDiagSockets,
} from '../../../../electron/collectors/linux/sock-diag-reader.js';
import { LiveSockets, ownSocketInodes, portOf } from '../../../helpers/live-sockets.js';
import { requireNetlink } from './netlink-available.js';

// The receive-ahead threads of the addon (sockDiagReceiveAhead) on the real
// kernel: what a thread receives is what a receive here would have given, its
// errors come back as errors, and it never outlives its handle.

const { EAGAIN, EBADF, EBUSY, ENOBUFS, ENOENT } = constants.errno;
const TCP = 6;
const ALL_STATES = 0x1ffe;
const EXT_TCP_INFO = 2;

const sockets = new LiveSockets();
const ports = new Set<number>();
let addon: NativeAddon;

before(async () => {
  requireNetlink();
  addon = loadNativeAddon().addon!;
  for (const host of ['127.0.0.1', '::1']) {
    const server = await sockets.listen(host);
    ports.add(portOf(server));
    for (let i = 0; i < 30; i++) ports.add((await sockets.connect(host, portOf(server))).localPort!);
  }
  for (const type of ['udp4', 'udp6'] as const) {
    ports.add((await sockets.udp(type, type === 'udp4' ? '127.0.0.1' : '::1')).address().port);
  }
});
after(() => sockets.close());

/** Our sockets' rows (on our ports, held by this process), as sorted text with every field read. */
function ours(read: SockDiagSockets): string[] {
  const own = ownSocketInodes();
  return read.rows
    .filter((row) => ports.has(row.localPort) && own.has(row.inode))
    .map((row) => JSON.stringify(row))
    .sort();
}

test('a read whose TCP dump runs on a receive-ahead thread gives exactly the sequential rows', () => {
  const dumps = [...TCP_BOTH_FAMILIES_DUMP, ...UDP_DUMPS];
  const sequential = new SockDiagReader(addon, { receiveAhead: false });
  const ahead = new SockDiagReader(addon);
  try {
    const expected = ours(sequential.read(dumps));
    assert.equal(expected.length, 2 + 2 * 2 * 30 + 2, 'listeners, clients, accepted ends, UDP');
    for (let i = 0; i < 3; i++) {
      let calls = 0;
      const read = ahead.read(dumps, () => calls++);
      assert.equal(calls, 1, 'the meanwhile work runs once per read');
      assert.deepEqual(ours(read), expected, `read ${i}`);
      assert.equal(read.consistent, true);
      assert.equal(read.malformed + read.foreign + read.truncated, 0);
      // TCP first, then UDP, as a sequential read orders them.
      const firstUdp = read.rows.findIndex((row) => row.proto === 'udp');
      assert.ok(firstUdp < 0 || read.rows.slice(firstUdp).every((row) => row.proto === 'udp'));
    }
  } finally {
    sequential.close();
    ahead.close();
  }
});

/** Sends a dump request with sequence `seq` on a new handle: TCP of both families, or `protocol` over IPv4. */
function requested(seq: number, protocol = TCP): SockDiagHandle {
  const handle = addon.sockDiagOpen();
  assert.notEqual(typeof handle, 'number');
  const family = protocol === TCP ? 0 : 2;
  assert.equal(
    addon.sockDiagRequest(handle as SockDiagHandle, family, protocol, ALL_STATES, EXT_TCP_INFO, seq),
    0,
  );
  return handle as SockDiagHandle;
}

/** Receives and decodes the rest of dump `seq` on `handle`. */
function rest(handle: SockDiagHandle, seq: number, out = new Uint8Array(64 * 1024)): SockDiagDecoder {
  const decoder = new SockDiagDecoder(seq, 'tcp', [] as NetlinkSocketRow[]);
  const status = new Int32Array(2);
  while (!decoder.done) {
    const length = addon.sockDiagRecv(handle, out, 0, status);
    assert.ok(length >= 0, `receive: ${length}`);
    decoder.push(out, length);
  }
  return decoder;
}

test('a datagram too big for the buffer stays queued: -ENOBUFS with its size, then it comes whole', () => {
  const handle = requested(11);
  try {
    assert.equal(addon.sockDiagReceiveAhead(handle, 11), 0);
    const status = new Int32Array(2);
    assert.equal(addon.sockDiagRecv(handle, new Uint8Array(16), 0, status), -ENOBUFS);
    const needed = status[1]!;
    assert.ok(needed > 16);
    const out = new Uint8Array(64 * 1024);
    assert.equal(addon.sockDiagRecv(handle, out, 8, status), needed, 'the same datagram, at the offset');
    const decoder = new SockDiagDecoder(11, 'tcp', []);
    decoder.push(out.subarray(8), needed);
    const others = rest(handle, 11);
    assert.equal(decoder.errno + others.errno, 0);
  } finally {
    addon.sockDiagClose(handle);
  }
});

test('a request the kernel refuses comes back through the thread as its errno', () => {
  // No sock_diag handler knows protocol 253 (reserved for experiments): ENOENT.
  const handle = requested(12, 253);
  try {
    assert.equal(addon.sockDiagReceiveAhead(handle, 12), 0);
    assert.equal(rest(handle, 12).errno, ENOENT);
  } finally {
    addon.sockDiagClose(handle);
  }
});

test('misuse gives errno values or TypeErrors, never a crash', () => {
  const handle = requested(13);
  assert.equal(addon.sockDiagReceiveAhead(handle, 13), 0);
  assert.equal(addon.sockDiagReceiveAhead(handle, 13), -EBUSY, 'one thread per socket');
  // A new request ends the running thread first; its dump is then read here.
  assert.equal(addon.sockDiagRequest(handle, 0, TCP, ALL_STATES, 0, 14), 0);
  assert.equal(rest(handle, 14).errno, 0);
  addon.sockDiagClose(handle);
  assert.equal(addon.sockDiagReceiveAhead(handle, 15), -EBADF);
  assert.equal(addon.sockDiagRecv(handle, new Uint8Array(64), 0, new Int32Array(2)), -EBADF);

  const ahead = addon.sockDiagReceiveAhead as (...args: unknown[]) => number;
  const request = addon.sockDiagRequest as (...args: unknown[]) => number;
  const open = addon.sockDiagOpen() as SockDiagHandle;
  try {
    assert.throws(() => ahead(), TypeError);
    assert.throws(() => ahead({}, 1), TypeError);
    assert.throws(() => ahead(open, -1), TypeError);
    assert.throws(() => request(open, 0, TCP, ALL_STATES, 0), TypeError);
    assert.throws(() => request(open, 0, TCP, ALL_STATES, 0, -1), TypeError);
    assert.throws(() => request(open, 1, TCP, ALL_STATES, 0, 1), TypeError);
  } finally {
    addon.sockDiagClose(open);
  }
});

test(
  'a thread that hears nothing is woken at once by close, and otherwise fails with EAGAIN',
  { timeout: 30_000 },
  () => {
    const quiet = addon.sockDiagOpen() as SockDiagHandle;
    assert.equal(addon.sockDiagReceiveAhead(quiet, 21), 0);
    const start = performance.now();
    addon.sockDiagClose(quiet);
    assert.ok(performance.now() - start < 1000, 'close waited for the receive timeout');

    // No request was sent: the thread waits out its timeouts (3 x 2 s), and the error comes back here.
    const silent = addon.sockDiagOpen() as SockDiagHandle;
    try {
      assert.equal(addon.sockDiagReceiveAhead(silent, 22), 0);
      assert.equal(addon.sockDiagRecv(silent, new Uint8Array(64), 0, new Int32Array(2)), -EAGAIN);
    } finally {
      addon.sockDiagClose(silent);
    }
  },
);

test('no thread or descriptor outlives its handle, however its dump was left', () => {
  const count = (dir: string) => readdirSync(dir).length;
  const cycle = (i: number) => {
    const handle = requested(100 + i);
    addon.sockDiagReceiveAhead(handle, 100 + i);
    if (i % 3 === 0)
      rest(handle, 100 + i); // read to the end
    else if (i % 3 === 1) addon.sockDiagRecv(handle, new Uint8Array(65536), 0, new Int32Array(2)); // left midway
    addon.sockDiagClose(handle); // (i % 3 === 2: nothing read at all)
  };
  cycle(0);
  const threads = count('/proc/self/task');
  const fds = count('/proc/self/fd');
  for (let i = 1; i < 30; i++) cycle(i);
  assert.equal(count('/proc/self/task'), threads);
  assert.equal(count('/proc/self/fd'), fds);
});
