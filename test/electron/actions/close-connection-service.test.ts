import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { CloseConnectionService } from '../../../electron/actions/close-connection-service.js';
import {
  destroySocket,
  probeSockDestroy,
  type DestroyResult,
} from '../../../electron/collectors/linux/sock-destroy.js';
import type { Monitor } from '../../../electron/monitor/monitor.js';
import type { EndpointTable } from '../../../shared/delta.js';
import { tableFromRows } from '../../../shared/diff.js';
import type { ActionAvailability } from '../../../shared/actions.js';
import type { Endpoint } from '../../../shared/endpoint.js';
import { rowKey } from '../../../shared/row-key.js';
import { LiveSockets, portOf } from '../../helpers/live-sockets.js';
import { waitFor } from '../../helpers/wait-for.js';
import { requireNetlink } from '../collectors/linux/netlink-available.js';
import { realMonitor } from './kill-fixtures.js';

// Closing one connection of a real loopback pair held by this process, with
// the real collector's table and SOCK_DESTROY: the owner sees it aborted, the
// row leaves; rows that cannot be closed and stale ids are refused.

const probe = probeSockDestroy();
const skip = probe.available ? false : `SOCK_DESTROY is not available here: ${probe.reason}`;

/** A server on 127.0.0.1 whose accepted sockets are handed out in order. */
async function server(t: TestContext): Promise<{ port: number; accepted: () => Promise<net.Socket> }> {
  const queue: net.Socket[] = [];
  const waiting: ((s: net.Socket) => void)[] = [];
  const srv = net.createServer((socket) => {
    socket.on('error', () => {});
    const waiter = waiting.shift();
    if (waiter) waiter(socket);
    else queue.push(socket);
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const sockets = new Set<net.Socket>();
  srv.on('connection', (s) => sockets.add(s));
  t.after(() => {
    for (const s of sockets) s.destroy();
    srv.close();
  });
  return {
    port: portOf(srv),
    accepted: () =>
      queue.length > 0 ? Promise.resolve(queue.shift()!) : new Promise((resolve) => waiting.push(resolve)),
  };
}

/** A client connected to 127.0.0.1:port (from `localPort` when given), destroyed when the test ends. */
async function connect(t: TestContext, port: number, localPort?: number): Promise<net.Socket> {
  const socket = net.connect({ port, host: '127.0.0.1', localAddress: '127.0.0.1', localPort });
  await once(socket, 'connect');
  t.after(() => void socket.destroy());
  return socket;
}

/** The key of the client side's row: local = the client, remote = the server. */
function clientKey(client: net.Socket, serverPort: number): string {
  return rowKey({
    proto: 'tcp',
    family: 4,
    localAddress: '127.0.0.1',
    localPort: client.localPort!,
    remoteAddress: '127.0.0.1',
    remotePort: serverPort,
    inode: 0,
  });
}

/** Polls until the table holds `key` as `state`, and returns the row. */
function rowOf(monitor: Monitor, key: string, state = 'ESTABLISHED'): Promise<Endpoint> {
  return waitFor(`${key} ${state} in the table`, async () => {
    await monitor.pollOnce();
    const row = monitor.table.rows.get(key);
    return row?.state === state ? row : undefined;
  });
}

function closer(table: () => EndpointTable, onClosed?: () => void): CloseConnectionService {
  return new CloseConnectionService({
    table,
    destroy: (id) => destroySocket(id),
    availability: probe,
    onClosed,
  });
}

/** Whether `socket` still carries data to its peer `peer` (bounded). */
async function carries(socket: net.Socket, peer: net.Socket): Promise<boolean> {
  if (socket.destroyed) return false;
  const got = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 2000);
    peer.once('data', (data: Buffer) => {
      clearTimeout(timer);
      resolve(data.toString() === 'still here');
    });
  });
  socket.write('still here');
  return got;
}

test(
  'a closed connection is aborted for its owner, reset for the peer, and its row leaves',
  { skip },
  async (t) => {
    const monitor = realMonitor(t);
    const srv = await server(t);
    const client = await connect(t, srv.port);
    const peer = await srv.accepted();
    const key = clientKey(client, srv.port);
    const row = await rowOf(monitor, key);

    const removed: string[] = [];
    const off = monitor.onTick((tick) => removed.push(...tick.delta.removed));
    t.after(off);
    const clientError = new Promise<string>((resolve) =>
      client.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? '')),
    );
    const peerError = new Promise<string>((resolve) =>
      peer.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? '')),
    );
    let refreshes = 0;
    const service = closer(
      () => monitor.table,
      () => {
        refreshes++;
        void monitor.refresh().catch(() => undefined);
      },
    );

    const outcome = await service.closeConnection({ key, cookie: row.cookie, inode: row.inode });
    assert.deepEqual(outcome, {
      kind: 'closed',
      key,
      message: `closed the connection 127.0.0.1:${client.localPort} -> 127.0.0.1:${srv.port}`,
    });
    assert.equal(refreshes, 1);
    const within = <T>(p: Promise<T>, what: string) =>
      Promise.race([p, sleep(3000).then(() => assert.fail(`no ${what} within 3 s`))]);
    assert.equal(await within(clientError, 'error on the closed socket'), 'ECONNABORTED');
    assert.equal(await within(peerError, 'reset on the peer'), 'ECONNRESET');
    await waitFor('the row to leave', () => (removed.includes(key) ? true : undefined));
    assert.equal(monitor.table.rows.get(key), undefined);
  },
);

test('absent keys, UDP, LISTEN and TIME_WAIT rows are refused; nothing is closed', { skip }, async (t) => {
  const monitor = realMonitor(t);
  const sockets = new LiveSockets();
  t.after(() => sockets.close());
  const listener = await sockets.listen('127.0.0.1');
  const udp = await sockets.udp('udp4', '127.0.0.1');
  const srv = await server(t);
  const client = await connect(t, srv.port);
  const peer = await srv.accepted();
  const key = clientKey(client, srv.port);
  await rowOf(monitor, key);
  const listenKey = [...monitor.table.rows.values()].find(
    (r) => r.proto === 'tcp' && r.state === 'LISTEN' && r.localPort === portOf(listener),
  )!.key;
  const udpRow = [...monitor.table.rows.values()].find(
    (r) => r.proto === 'udp' && r.localPort === udp.address().port,
  )!;
  const service = closer(() => monitor.table);

  assert.deepEqual(await service.closeConnection({ key: 'tcp4 127.0.0.1:1>127.0.0.1:2', inode: 5 }), {
    kind: 'refused',
    key: 'tcp4 127.0.0.1:1>127.0.0.1:2',
    refusal: 'not-in-snapshot',
    message: 'this connection is no longer in the table: it has closed already',
  });
  const listen = await service.closeConnection({
    key: listenKey,
    inode: monitor.table.rows.get(listenKey)!.inode,
  });
  assert.equal(listen.kind === 'refused' && listen.refusal, 'not-closable');
  assert.match(listen.message, /this row is TCP LISTEN$/);
  const datagram = await service.closeConnection({
    key: udpRow.key,
    inode: udpRow.inode,
    cookie: udpRow.cookie,
  });
  assert.equal(datagram.kind === 'refused' && datagram.refusal, 'not-closable');
  assert.match(datagram.message, /this row is UDP UNCONNECTED$/);

  // The side that closes first goes to TIME_WAIT: there is nothing left to close.
  client.end();
  peer.end();
  const waiting = await rowOf(monitor, key, 'TIME_WAIT');
  const timeWait = await service.closeConnection({ key, inode: waiting.inode });
  assert.equal(timeWait.kind === 'refused' && timeWait.refusal, 'not-closable');
  assert.ok(listener.listening, 'the listener still listens');
});

test(
  'a stale id (the ports reused by a new connection) is refused and the new connection survives',
  { skip },
  async (t) => {
    requireNetlink(); // cookies come from netlink dumps
    const monitor = realMonitor(t);
    const srv = await server(t);
    const first = await connect(t, srv.port);
    const firstPeer = await srv.accepted();
    firstPeer.on('error', () => {});
    const key = clientKey(first, srv.port);
    const old = await rowOf(monitor, key);
    assert.ok(old.cookie !== undefined);

    // A reset leaves no TIME_WAIT, so a new connection can take the very same addresses and ports.
    const localPort = first.localPort!;
    first.resetAndDestroy();
    await once(first, 'close');
    const second = await connect(t, srv.port, localPort);
    const secondPeer = await srv.accepted();
    assert.equal(clientKey(second, srv.port), key);
    const renewed = await waitFor('the new connection in the table', async () => {
      await monitor.pollOnce();
      const row = monitor.table.rows.get(key);
      return row !== undefined && row.cookie !== old.cookie ? row : undefined;
    });
    assert.notEqual(renewed.inode, old.inode);

    // The view still shows the old connection: the table has the new one under the same key.
    const fromView = await closer(() => monitor.table).closeConnection({
      key,
      cookie: old.cookie,
      inode: old.inode,
    });
    assert.equal(fromView.kind === 'refused' && fromView.refusal, 'stale', fromView.message);
    // The main side's own table is stale too (the new connection came after the poll): the kernel's cookie check refuses.
    const before = tableFromRows(1, Date.now(), [old]);
    const fromKernel = await closer(() => before).closeConnection({
      key,
      cookie: old.cookie,
      inode: old.inode,
    });
    assert.equal(fromKernel.kind === 'refused' && fromKernel.refusal, 'stale', fromKernel.message);

    assert.ok(await carries(second, secondPeer), 'the new connection still carries data');
    assert.ok(await carries(secondPeer, second), 'both ways');
  },
);

test('the cookie names the socket: an orphaned connection (inode now 0) is still closed; another cookie is stale', async () => {
  const row: Endpoint = {
    proto: 'tcp',
    family: 6,
    localAddress: '::1',
    localPort: 5000,
    remoteAddress: '::1',
    remotePort: 6000,
    state: 'FIN_WAIT1',
    recvQ: 0,
    sendQ: 10,
    uid: 0,
    inode: 0,
    cookie: '00000000000000a1',
    owner: { kind: 'unknown', reason: 'kernel' },
    key: 'tcp6 [::1]:5000>[::1]:6000',
    firstSeen: 0,
  };
  const table = tableFromRows(1, 0, [row]);
  const destroyed: unknown[] = [];
  const service = new CloseConnectionService({
    table: () => table,
    destroy: (id) => {
      destroyed.push(id);
      return { kind: 'closed' };
    },
    availability: { available: true },
  });
  const other = await service.closeConnection({ key: row.key, cookie: '00000000000000b2', inode: 0 });
  assert.equal(other.kind === 'refused' && other.refusal, 'stale');
  assert.deepEqual(destroyed, []);
  const outcome = await service.closeConnection({ key: row.key, cookie: '00000000000000a1', inode: 4711 });
  assert.deepEqual(outcome, {
    kind: 'closed',
    key: row.key,
    message: 'closed the connection [::1]:5000 -> [::1]:6000',
  });
  assert.deepEqual(destroyed, [
    {
      family: 6,
      localAddress: '::1',
      localPort: 5000,
      remoteAddress: '::1',
      remotePort: 6000,
      inode: 0,
      cookie: '00000000000000a1',
    },
  ]);
});

test("what the kernel answers becomes the refusal, with the probe's reason", async () => {
  const row: Endpoint = {
    proto: 'tcp',
    family: 4,
    localAddress: '127.0.0.1',
    localPort: 5000,
    remoteAddress: '127.0.0.1',
    remotePort: 6000,
    state: 'ESTABLISHED',
    recvQ: 0,
    sendQ: 0,
    uid: 0,
    inode: 77,
    owner: { kind: 'unknown', reason: 'not-permitted' },
    key: 'tcp4 127.0.0.1:5000>127.0.0.1:6000',
    firstSeen: 0,
  };
  const table = tableFromRows(1, 0, [row]);
  const answer = async (result: DestroyResult, availability: ActionAvailability = { available: true }) => {
    const service = new CloseConnectionService({ table: () => table, destroy: () => result, availability });
    return service.closeConnection({ key: row.key, inode: 77 });
  };
  const needsAdmin = {
    available: false,
    reason: 'closing a connection needs administrator rights (CAP_NET_ADMIN)',
  };
  assert.deepEqual(await answer({ kind: 'not-permitted' }, needsAdmin), {
    kind: 'refused',
    key: row.key,
    refusal: 'not-permitted',
    message: needsAdmin.reason,
  });
  const noKernel = await answer({
    kind: 'unsupported',
    reason: 'this Linux kernel cannot close connections',
  });
  assert.equal(noKernel.message, 'this Linux kernel cannot close connections');
  assert.equal(noKernel.kind === 'refused' && noKernel.refusal, 'unsupported');
  const gone = await answer({ kind: 'gone' });
  assert.equal(gone.kind === 'refused' && gone.refusal, 'gone');
  const failed = await answer({ kind: 'error', message: 'EIO' });
  assert.equal(failed.kind === 'refused' && failed.refusal, 'failed');
  assert.match(failed.message, /EIO$/);
});
