import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadNativeAddon, type NativeAddon } from '../../../../electron/collectors/linux/native-addon.js';
import {
  destroySocket,
  probeSockDestroy,
  REASON_KERNEL,
  REASON_NO_ADDON,
  REASON_OLD_ADDON,
  REASON_PRIVILEGE,
  type SocketId,
} from '../../../../electron/collectors/linux/sock-destroy.js';
import { SockDiagReader, TCP_DUMPS } from '../../../../electron/collectors/linux/sock-diag-reader.js';
import { requireNetlink } from './netlink-available.js';

// Real loopback pairs held by this test process only; every socket is closed in `after`.
const closers: (() => void)[] = [];
after(() => {
  for (const close of closers.splice(0)) close();
});

const run = promisify(execFile);
const WAIT_MS = 5_000;

/** A listener on `host` whose accepted sockets echo what they get. */
async function echoServer(host: string): Promise<{ port: number; accepted: net.Socket[] }> {
  const accepted: net.Socket[] = [];
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.on('data', (data) => socket.write(data));
    accepted.push(socket);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, host, resolve));
  closers.push(() => {
    for (const socket of accepted) socket.destroy();
    server.close();
  });
  return { port: (server.address() as net.AddressInfo).port, accepted };
}

/** What became of a socket: its error code, and whether it closed. */
interface Fate {
  error?: string;
  closed: boolean;
}

/** A client connected to host:port (from `localPort` when given), and its fate so far. */
async function connect(host: string, port: number, localPort?: number): Promise<[net.Socket, Fate]> {
  const fate: Fate = { closed: false };
  const socket = net.connect({
    host,
    port,
    localAddress: host.includes(':') ? '::1' : '127.0.0.1',
    localPort,
  });
  await new Promise<void>((resolve, reject) => socket.once('error', reject).once('connect', resolve));
  socket.on('error', (error: NodeJS.ErrnoException) => (fate.error = error.code));
  socket.on('close', () => (fate.closed = true));
  closers.push(() => socket.destroy());
  return [socket, fate];
}

/** Resolves once `check` holds; rejects after WAIT_MS. */
async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Whether `socket` still carries data both ways: it writes and reads its echo back. */
async function echoes(socket: net.Socket): Promise<boolean> {
  const text = `ping ${Math.random()}`;
  return new Promise((resolve) => {
    let got = '';
    const timer = setTimeout(() => finish(false), WAIT_MS);
    const onData = (data: Buffer): void => {
      got += String(data);
      if (got === text) finish(true);
    };
    const finish = (result: boolean): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      resolve(result);
    };
    socket.on('data', onData);
    socket.write(text, (error) => {
      if (error) finish(false);
    });
  });
}

/** The socket's inode, from its descriptor in this process. */
function inodeOf(socket: net.Socket): number {
  const fd = (socket as unknown as { _handle: { fd: number } })._handle.fd;
  return Number(/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`))?.[1]);
}

/** The full id of a socket of ours, cookie from the project's netlink reader (as the collector gets it). */
function idOf(socket: net.Socket): SocketId {
  requireNetlink();
  const reader = new SockDiagReader(loadNativeAddon().addon!);
  try {
    const inode = inodeOf(socket);
    const row = reader.read(TCP_DUMPS).rows.find((r) => r.inode === inode);
    assert.ok(row !== undefined, `socket ${inode} is in the dump`);
    assert.equal(row.localPort, socket.localPort);
    assert.equal(row.remotePort, socket.remotePort);
    return {
      family: row.family,
      localAddress: row.localAddress,
      localPort: row.localPort,
      remoteAddress: row.remoteAddress,
      remotePort: row.remotePort,
      cookie: row.cookie,
      inode,
    };
  } finally {
    reader.close();
  }
}

/**
 * Whether this kernel can destroy sockets, learned apart from the code under
 * test: `ss -K` on a pair of our own (does the client see its connection
 * aborted?), else the kernel's config. Undefined when neither can tell.
 */
async function kernelDestroys(): Promise<boolean | undefined> {
  const ss = ['/usr/bin/ss', '/bin/ss', '/usr/sbin/ss', '/sbin/ss'].find((path) => existsSync(path));
  if (ss !== undefined && process.getuid?.() === 0) {
    const { port } = await echoServer('127.0.0.1');
    const [client, fate] = await connect('127.0.0.1', port);
    spawnSync(ss, ['-K', '-tn', 'src', `127.0.0.1:${client.localPort}`, 'dst', `127.0.0.1:${port}`], {
      timeout: WAIT_MS,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    return fate.error === 'ECONNABORTED' || fate.closed;
  }
  try {
    const config = gunzipSync(readFileSync('/proc/config.gz')).toString('latin1');
    return /^CONFIG_INET_DIAG_DESTROY=y$/m.test(config);
  } catch {
    return undefined;
  }
}

const supported = await kernelDestroys();
const capable = (() => {
  const line = /^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return line !== null && ((BigInt(`0x${line[1]}`) >> 12n) & 1n) === 1n;
})();
/** Whether closing can work here: the kernel can, and this process has CAP_NET_ADMIN. */
const canClose = supported === true && capable;

test('the kernel support is known: `ss -K` or the kernel config tells', () => {
  assert.notEqual(supported, undefined, 'neither ss -K (as root) nor /proc/config.gz could tell');
});

test('probeSockDestroy agrees with the kernel and the privilege', () => {
  requireNetlink();
  const probe = probeSockDestroy();
  if (supported === false) assert.deepEqual(probe, { available: false, reason: REASON_KERNEL });
  else if (!capable) assert.deepEqual(probe, { available: false, reason: REASON_PRIVILEGE });
  else assert.deepEqual(probe, { available: true });
});

test('with the cookie from the dump, the connection is closed: its owner aborted, the peer reset', async () => {
  const { port, accepted } = await echoServer('127.0.0.1');
  const [client, fate] = await connect('127.0.0.1', port);
  assert.equal(await echoes(client), true);
  const id = idOf(client);
  const result = destroySocket(id);
  if (supported === false) {
    assert.deepEqual(result, { kind: 'unsupported', reason: REASON_KERNEL });
    return;
  }
  assert.ok(canClose, 'this test process has CAP_NET_ADMIN');
  assert.deepEqual(result, { kind: 'closed' });
  await until(() => fate.closed, 'the client to close');
  assert.equal(fate.error, 'ECONNABORTED');
  // The peer got a reset: its side closes too.
  await until(() => accepted.every((socket) => socket.destroyed), 'the server side to close');
  // Destroyed once, it is gone.
  assert.deepEqual(destroySocket(id), { kind: 'gone' });
});

test('a stale id (the same ports now used by a new connection) is refused, and the new connection lives', async () => {
  const { port } = await echoServer('127.0.0.1');
  const [old, oldFate] = await connect('127.0.0.1', port);
  const oldId = idOf(old);
  if (supported === false) {
    assert.equal(destroySocket(oldId).kind, 'unsupported');
    return;
  }
  // Closed by SOCK_DESTROY, the old pair leaves no TIME_WAIT behind: its ports are free at once.
  assert.deepEqual(destroySocket(oldId), { kind: 'closed' });
  await until(() => oldFate.closed, 'the old connection to close');
  const [fresh, freshFate] = await connect('127.0.0.1', port, oldId.localPort);
  const freshId = idOf(fresh);
  assert.equal(freshId.localPort, oldId.localPort);
  assert.equal(freshId.remotePort, oldId.remotePort);
  assert.notEqual(freshId.cookie, oldId.cookie);

  assert.deepEqual(destroySocket(oldId), { kind: 'stale' });
  // Without a cookie, the old inode tells the same.
  assert.deepEqual(destroySocket({ ...oldId, cookie: undefined }), { kind: 'stale' });
  assert.equal(await echoes(fresh), true, 'the new connection still carries data');
  assert.equal(freshFate.error, undefined);
  assert.equal(freshFate.closed, false);
});

test('without a cookie (a /proc row), the socket is looked up, its inode checked, then closed', async () => {
  const { port } = await echoServer('127.0.0.1');
  const [client, fate] = await connect('127.0.0.1', port);
  const { cookie: _cookie, ...id } = idOf(client);
  assert.deepEqual(destroySocket({ ...id, inode: id.inode + 1 }), { kind: 'stale' });
  assert.equal(destroySocket({ ...id, inode: 0 }).kind, 'error', 'inode 0 identifies nothing');
  assert.equal(await echoes(client), true, 'untouched so far');
  if (supported === false) {
    assert.equal(destroySocket(id).kind, 'unsupported');
    return;
  }
  assert.deepEqual(destroySocket(id), { kind: 'closed' });
  await until(() => fate.closed, 'the client to close');
  assert.equal(fate.error, 'ECONNABORTED');
});

test('IPv6 on ::1, and an IPv4-mapped socket accepted by a dual-stack listener', async () => {
  const six = await echoServer('::1');
  const [client, fate] = await connect('::1', six.port);
  const id = idOf(client);
  assert.equal(id.family, 6);
  assert.equal(id.localAddress, '::1');

  const dual = await echoServer('::');
  const [v4client, v4fate] = await connect('127.0.0.1', dual.port);
  await until(() => dual.accepted.length === 1, 'the dual-stack accept');
  const mapped = idOf(dual.accepted[0]!);
  assert.equal(mapped.family, 6);
  assert.equal(mapped.localAddress, '::ffff:127.0.0.1');
  assert.equal(mapped.remotePort, v4client.localPort);
  if (supported === false) {
    assert.equal(destroySocket(id).kind, 'unsupported');
    return;
  }
  assert.deepEqual(destroySocket(id), { kind: 'closed' });
  await until(() => fate.closed, 'the IPv6 client to close');
  assert.equal(fate.error, 'ECONNABORTED');
  // The server's end of the v4 connection is closed: the client sees the reset.
  assert.deepEqual(destroySocket(mapped), { kind: 'closed' });
  await until(() => v4fate.closed, 'the IPv4 client to be reset');
  assert.equal(v4fate.error, 'ECONNRESET');
});

test('a socket that does not exist is gone; a malformed id is an error, never a throw', () => {
  requireNetlink();
  const nowhere: SocketId = {
    family: 4,
    localAddress: '127.0.0.1',
    localPort: 1,
    remoteAddress: '127.0.0.1',
    remotePort: 1,
    cookie: '0123456789abcdef',
    inode: 1,
  };
  assert.deepEqual(
    destroySocket(nowhere),
    supported === false ? { kind: 'unsupported', reason: REASON_KERNEL } : { kind: 'gone' },
  );
  // The lookup needs no SOCK_DESTROY support: it finds nothing either way.
  assert.deepEqual(destroySocket({ ...nowhere, cookie: undefined }), { kind: 'gone' });
  for (const bad of [
    { ...nowhere, localAddress: '127.0.0.256' },
    { ...nowhere, remoteAddress: '::1' },
    { ...nowhere, family: 6 as const },
    { ...nowhere, localPort: 65536 },
    { ...nowhere, remotePort: -1 },
    { ...nowhere, cookie: 'xyz' },
    { ...nowhere, cookie: '0123456789abcdef0' },
  ]) {
    assert.equal(destroySocket(bad).kind, 'error', JSON.stringify(bad));
  }
  // The addon itself refuses what the TypeScript side never sends: wrong sizes, families, ports.
  const addon = loadNativeAddon().addon as Required<NativeAddon>;
  const v4 = new Uint8Array([127, 0, 0, 1]);
  assert.throws(() => addon.sockDestroy(2, new Uint8Array(16), 1, v4, 1, 0, 1), TypeError);
  assert.throws(() => addon.sockDestroy(10, v4, 1, v4, 1, 0, 1), TypeError);
  assert.throws(() => addon.sockDestroy(17, v4, 1, v4, 1, 0, 1), TypeError);
  assert.throws(() => addon.sockDestroy(2, v4, 70000, v4, 1, 0, 1), TypeError);
  assert.throws(() => addon.sockDestroy(2, v4, 1, v4, 1, 2 ** 32, 1), TypeError);
  assert.throws(() => addon.sockDiagLookup(2, v4, 1, v4, 1, new Uint32Array(3)), TypeError);
});

test('without the native addon, or with one built before closing existed, the reason says so', () => {
  const old = { scanFdDir: () => 0 } as unknown as NativeAddon;
  const id: SocketId = {
    family: 4,
    localAddress: '127.0.0.1',
    localPort: 1,
    remoteAddress: '127.0.0.1',
    remotePort: 1,
    inode: 1,
  };
  assert.deepEqual(probeSockDestroy(null), { available: false, reason: REASON_NO_ADDON });
  assert.deepEqual(destroySocket(id, null), { kind: 'unsupported', reason: REASON_NO_ADDON });
  assert.deepEqual(probeSockDestroy(old), { available: false, reason: REASON_OLD_ADDON });
  assert.deepEqual(destroySocket(id, old), { kind: 'unsupported', reason: REASON_OLD_ADDON });
});

test('the probe reads CAP_NET_ADMIN from the effective capabilities', (t) => {
  requireNetlink();
  const dir = mkdtempSync(join(tmpdir(), 'sockscope-caps-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const without = join(dir, 'without');
  const with_ = join(dir, 'with');
  writeFileSync(without, 'Name:\tx\nCapEff:\t000001ffffffefff\n');
  writeFileSync(with_, 'Name:\tx\nCapEff:\t0000000000001000\n');
  const expectWithout = supported === false ? REASON_KERNEL : REASON_PRIVILEGE;
  assert.deepEqual(probeSockDestroy(undefined, { statusPath: without }), {
    available: false,
    reason: expectWithout,
  });
  assert.deepEqual(
    probeSockDestroy(undefined, { statusPath: with_ }),
    supported === false ? { available: false, reason: REASON_KERNEL } : { available: true },
  );
});

const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((path) => existsSync(path));

test(
  'as nobody (no CAP_NET_ADMIN): the probe says administrator rights, closing is not permitted, the pair lives',
  {
    skip:
      process.getuid?.() !== 0 || setpriv === undefined ? 'needs root and setpriv (to run as nobody)' : false,
  },
  async () => {
    const { port } = await echoServer('127.0.0.1');
    const [client, fate] = await connect('127.0.0.1', port);
    const id = idOf(client);
    const script = fileURLToPath(new URL('./sock-destroy-as-user-cli.ts', import.meta.url));
    const repo = fileURLToPath(new URL('../../../../', import.meta.url));
    const { stdout } = await run(
      setpriv!,
      [
        '--reuid=nobody',
        '--regid=nogroup',
        '--clear-groups',
        process.execPath,
        '--import',
        'tsx',
        script,
        JSON.stringify(id),
      ],
      { cwd: repo, timeout: 30_000 },
    );
    const { uid, probe, result } = JSON.parse(stdout) as { uid: number; probe: unknown; result: unknown };
    assert.equal(uid, 65534);
    if (supported === false) {
      assert.deepEqual(probe, { available: false, reason: REASON_KERNEL });
    } else {
      assert.deepEqual(probe, { available: false, reason: REASON_PRIVILEGE });
      assert.deepEqual(result, { kind: 'not-permitted' });
    }
    assert.equal(await echoes(client), true, 'the connection still carries data');
    assert.equal(fate.closed, false);
  },
);
