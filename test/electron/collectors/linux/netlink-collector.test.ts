import assert from 'node:assert/strict';
import net from 'node:net';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Collector, CollectorSnapshot } from '../../../../electron/collectors/collector.js';
import { createCollector } from '../../../../electron/collectors/select-collector.js';
import { Monitor } from '../../../../electron/monitor/monitor.js';
import type { Endpoint, OwnedSocketRow } from '../../../../shared/endpoint.js';
import { LiveSockets, portOf } from '../../../helpers/live-sockets.js';
import { startSocketChild, type SocketChild } from '../../../helpers/socket-child.js';
import { waitFor } from '../../../helpers/wait-for.js';
import { requireNetlink } from './netlink-available.js';

// Real sockets on loopback read through the netlink (sock_diag) collector:
// byte counters against known transfers, rows against the /proc collector's,
// rates against a sender paced by the clock.

const sockets = new LiveSockets();
const children: SocketChild[] = [];
const collectors: Collector[] = [];
after(async () => {
  for (const collector of collectors) collector.close();
  await sockets.close();
  await Promise.all(children.map((child) => child.stop()));
});

function collector(name: 'netlink' | 'proc'): Collector {
  const made = createCollector({ env: { SOCKSCOPE_COLLECTOR: name } });
  collectors.push(made);
  return made;
}

/** The one row from `localPort` to `remotePort` (TCP, connected). */
function pairRow<Row extends OwnedSocketRow>(
  rows: Iterable<Row>,
  localPort: number,
  remotePort: number,
): Row {
  const found = [...rows].filter(
    (row) => row.proto === 'tcp' && row.localPort === localPort && row.remotePort === remotePort,
  );
  assert.equal(found.length, 1, `one row ${localPort} -> ${remotePort}, found ${found.length}`);
  return found[0]!;
}

/** A server on `host` that reads everything and answers the first byte with `reply` bytes. */
async function echoServer(
  host: string,
  reply: number,
): Promise<{ server: net.Server; received: () => number }> {
  let received = 0;
  const accepted: net.Socket[] = [];
  const server = net.createServer((socket) => {
    accepted.push(socket);
    socket.on('error', () => {});
    let answered = false;
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (!answered) socket.write(Buffer.alloc(reply, 0x61));
      answered = true;
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, host, resolve));
  after(() => {
    for (const socket of accepted) socket.destroy();
    server.close();
  });
  return { server, received: () => received };
}

for (const host of ['127.0.0.1', '::1']) {
  test(`bytes sent and received over ${host} match the bytes the sockets carried`, async () => {
    requireNetlink();
    const netlink = collector('netlink');
    const sent = 100_000;
    const replied = 30_000;
    const { server, received } = await echoServer(host, replied);
    const client = await sockets.connect(host, portOf(server));
    let clientGot = 0;
    client.on('data', (chunk: Buffer) => (clientGot += chunk.length));
    client.write(Buffer.alloc(sent, 0x62));
    await waitFor('both directions delivered', () =>
      received() === sent && clientGot === replied ? true : undefined,
    );

    // tcp_info counts a byte acked once the peer's ACK is back: wait for the counters to settle.
    const settled = await waitFor('acked counters', async () => {
      const { rows } = await netlink.snapshot();
      const out = pairRow(rows, client.localPort!, portOf(server));
      const back = pairRow(rows, portOf(server), client.localPort!);
      return out.bytesSent! >= sent && back.bytesSent! >= replied ? { out, back } : undefined;
    });
    const { out, back } = settled;
    // The handshake's SYN is acked as one byte on the side that sent it (the client),
    // and on the server's side once its SYN-ACK is acked: allow exactly that byte.
    assert.ok(
      out.bytesSent! - sent <= 1 && out.bytesSent! >= sent,
      `client sent ${out.bytesSent}, wrote ${sent}`,
    );
    assert.ok(
      out.bytesReceived! - replied <= 1 && out.bytesReceived! >= replied,
      `client received ${out.bytesReceived}`,
    );
    assert.ok(back.bytesSent! - replied <= 1, `server sent ${back.bytesSent}, wrote ${replied}`);
    assert.ok(
      back.bytesReceived! - sent <= 1 && back.bytesReceived! >= sent,
      `server received ${back.bytesReceived}`,
    );
    assert.ok(
      out.segsOut! > 1 && out.segsIn! > 1 && back.segsOut! > 1 && back.segsIn! > 1,
      'segments counted',
    );
    assert.equal(out.retrans, 0, 'no retransmits on loopback');
    assert.ok(out.rttMs! > 0 && out.rttMs! < 1000, `rtt ${out.rttMs} ms`);
    assert.match(out.cookie!, /^[0-9a-f]{16}$/);
    assert.notEqual(out.cookie, back.cookie, 'each end is its own socket');

    // One more exact transfer moves the counters by exactly its size.
    client.write(Buffer.alloc(1000, 0x63));
    await waitFor('the next 1000 bytes', () => (received() === sent + 1000 ? true : undefined));
    const later = await waitFor('acked again', async () => {
      const row = pairRow((await netlink.snapshot()).rows, client.localPort!, portOf(server));
      return row.bytesSent === out.bytesSent! + 1000 ? row : undefined;
    });
    assert.ok(later.segsOut! > out.segsOut!, `segments out moved: ${out.segsOut} -> ${later.segsOut}`);
    assert.equal(later.cookie, out.cookie, 'the same socket keeps its cookie');
  });
}

/** A row's identity and kernel-reported fields, without counters: what both collectors must agree on. */
function comparable(row: OwnedSocketRow): string {
  const owner = row.owner.kind === 'process' ? `pid ${row.owner.pid}` : row.owner.reason;
  // A listener's Send-Q: /proc/net/tcp prints 0, sock_diag the backlog limit (as `ss` shows it).
  const sendQ = row.state === 'LISTEN' ? '-' : row.sendQ;
  return [
    row.proto,
    row.family,
    row.localAddress,
    row.localPort,
    row.remoteAddress,
    row.remotePort,
    row.state,
    row.recvQ,
    sendQ,
    row.uid,
    row.inode,
    owner,
  ].join(' ');
}

test('the netlink and /proc collectors give the same rows on the same live sockets', async () => {
  requireNetlink();
  const kid = await startSocketChild('sockscope-nlkid');
  children.push(kid);
  const ports = new Set<number>();
  for (const host of ['127.0.0.1', '::1']) {
    const port = (await kid.send('listen', { host })).port as number;
    ports.add(port);
    ports.add((await kid.send('connect', { host, port })).localPort as number);
    ports.add((await kid.send('udpBind', { host, type: host === '::1' ? 'udp6' : 'udp4' })).port as number);
    const type = host === '::1' ? 'udp6' : 'udp4';
    ports.add((await kid.send('udpConnect', { host, type, port: 9 })).localPort as number);
  }
  const dual = await sockets.listen('::'); // dual-stack: tcp6, seen by IPv4 peers as ::ffff:127.0.0.1
  ports.add(portOf(dual));
  ports.add((await sockets.connect('127.0.0.1', portOf(dual))).localPort!);

  // Both ends ours (or no peer, or the UDP peer at port 9): a client of another process (tests run
  // in parallel, a bench workload on loopback) may get one of our local ports toward another peer.
  const ours = (snapshot: CollectorSnapshot): string[] =>
    snapshot.rows
      .filter(
        (row) =>
          ports.has(row.localPort) &&
          (row.remotePort === 0 || row.remotePort === 9 || ports.has(row.remotePort)),
      )
      .map(comparable)
      .sort();
  const netlink = collector('netlink');
  const proc = collector('proc');
  // Sockets just made may be read before a process is seen holding them: poll until both agree on owners.
  const [fromNetlink, fromProc] = await waitFor('both collectors to see owners', async () => {
    const a = ours(await netlink.snapshot());
    const b = ours(await proc.snapshot());
    return a.some((line) => !line.endsWith(` pid ${kid.pid}`) && !line.endsWith(` pid ${process.pid}`))
      ? undefined
      : [a, b];
  });
  assert.equal(fromNetlink.length, 13, `rows: ${fromNetlink.join('\n')}`);
  assert.deepEqual(fromNetlink, fromProc);
});

test('rates: a pair sending a steady known rate shows it within 10% after two polls', async () => {
  requireNetlink();
  const kid = await startSocketChild('sockscope-rate');
  children.push(kid);
  const port = (await kid.send('listen', { host: '127.0.0.1' })).port as number;
  const { id, localPort } = (await kid.send('connect', { host: '127.0.0.1', port })) as {
    id: number;
    localPort: number;
  };
  const bytesPerSecond = 400_000;
  const stream = (await kid.send('stream', { id, bytesPerSecond })).id as number;
  const monitor = new Monitor(collector('netlink'));
  await monitor.pollOnce();
  await sleep(1000);
  await monitor.pollOnce();
  await sleep(1000);
  const { table } = await monitor.pollOnce();
  await kid.send('stop', { id: stream });
  const sender: Endpoint = pairRow(table.rows.values(), localPort, port);
  const receiver: Endpoint = pairRow(table.rows.values(), port, localPort);
  const within = (rate: number | undefined, what: string) =>
    assert.ok(
      rate !== undefined && Math.abs(rate - bytesPerSecond) <= bytesPerSecond * 0.1,
      `${what} ${rate} B/s, sent at ${bytesPerSecond} B/s`,
    );
  within(sender.sendRate, 'send rate');
  within(receiver.recvRate, 'receive rate');
  assert.ok(
    sender.recvRate !== undefined && sender.recvRate < 1000,
    `sender receives nearly nothing: ${sender.recvRate}`,
  );
});
