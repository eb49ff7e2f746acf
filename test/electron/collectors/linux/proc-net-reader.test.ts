import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import dgram from 'node:dgram';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  readProcNetSockets,
  readProcNetText,
} from '../../../../electron/collectors/linux/proc-net-reader.js';
import type { SocketRow } from '../../../../shared/endpoint.js';
import { waitFor } from '../../../helpers/wait-for.js';

// Real sockets opened by this test on 127.0.0.1 and ::1, read back from this
// machine's /proc/net; and recorded text in a temporary directory standing in
// for /proc, for sizes and absences that procfs cannot be made to show.

const closers: (() => Promise<void>)[] = [];
const tempDirs: string[] = [];
after(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempProcRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sockscope-proc-net-'));
  tempDirs.push(dir);
  mkdirSync(join(dir, 'net'));
  return dir;
}

async function listen(host: string, pauseOnConnect = false): Promise<{ server: net.Server; port: number }> {
  const accepted: net.Socket[] = [];
  const server = net.createServer({ pauseOnConnect }, (socket) => accepted.push(socket));
  server.listen(0, host);
  await once(server, 'listening');
  closers.push(async () => {
    for (const socket of accepted) socket.destroy();
    server.close();
    await once(server, 'close');
  });
  return { server, port: (server.address() as net.AddressInfo).port };
}

async function connect(host: string, port: number): Promise<net.Socket> {
  const socket = net.connect(port, host);
  await once(socket, 'connect');
  closers.push(async () => {
    socket.destroy();
    await once(socket, 'close');
  });
  return socket;
}

async function udp(type: 'udp4' | 'udp6', host: string): Promise<dgram.Socket> {
  const socket = dgram.createSocket(type);
  socket.bind(0, host);
  await once(socket, 'listening');
  closers.push(async () => {
    socket.close();
    await once(socket, 'close');
  });
  return socket;
}

type Endpoints = Pick<
  SocketRow,
  'proto' | 'family' | 'localAddress' | 'localPort' | 'remoteAddress' | 'remotePort'
>;

/** The one row with these endpoints, checked for state and owner uid. */
function expectRow(rows: SocketRow[], endpoints: Endpoints, state: SocketRow['state']): SocketRow {
  const found = rows.filter(
    (r) =>
      r.proto === endpoints.proto &&
      r.family === endpoints.family &&
      r.localAddress === endpoints.localAddress &&
      r.localPort === endpoints.localPort &&
      r.remoteAddress === endpoints.remoteAddress &&
      r.remotePort === endpoints.remotePort,
  );
  assert.equal(found.length, 1, `one row for ${JSON.stringify(endpoints)}, found ${found.length}`);
  const row = found[0] as SocketRow;
  assert.equal(row.state, state, JSON.stringify(endpoints));
  assert.equal(row.uid, process.getuid?.());
  assert.ok(row.inode > 0, `inode of ${JSON.stringify(endpoints)}`);
  return row;
}

for (const [family, host, any] of [
  [4, '127.0.0.1', '0.0.0.0'],
  [6, '::1', '::'],
] as const) {
  test(`TCP and UDP sockets on ${host} are read with exact endpoints, state and uid`, async () => {
    const { port } = await listen(host);
    const client = await connect(host, port);
    const bound = await udp(family === 4 ? 'udp4' : 'udp6', host);
    const connected = await udp(family === 4 ? 'udp4' : 'udp6', host);
    connected.connect(bound.address().port, host);
    await once(connected, 'connect');

    // The accepted end can show a moment after the client sees `connect`.
    const { rows, skipped, missing } = await waitFor('the accepted end', () => {
      const read = readProcNetSockets();
      return read.rows.some((r) => r.localPort === port && r.remotePort === client.localPort)
        ? read
        : undefined;
    });
    assert.equal(skipped, 0);
    assert.deepEqual(missing, []);
    const tcp = { proto: 'tcp', family } as const;
    const listener = expectRow(
      rows,
      { ...tcp, localAddress: host, localPort: port, remoteAddress: any, remotePort: 0 },
      'LISTEN',
    );
    const clientEnd = expectRow(
      rows,
      { ...tcp, localAddress: host, localPort: client.localPort!, remoteAddress: host, remotePort: port },
      'ESTABLISHED',
    );
    const serverEnd = expectRow(
      rows,
      { ...tcp, localAddress: host, localPort: port, remoteAddress: host, remotePort: client.localPort! },
      'ESTABLISHED',
    );
    assert.equal(new Set([listener.inode, clientEnd.inode, serverEnd.inode]).size, 3);
    const u = { proto: 'udp', family } as const;
    expectRow(
      rows,
      { ...u, localAddress: host, localPort: bound.address().port, remoteAddress: any, remotePort: 0 },
      'UNCONNECTED',
    );
    expectRow(
      rows,
      {
        ...u,
        localAddress: host,
        localPort: connected.address().port,
        remoteAddress: host,
        remotePort: bound.address().port,
      },
      'CONNECTED',
    );
  });
}

test('an IPv4 client of a dual-stack listener is read as IPv4-mapped on the accepted end', async () => {
  const { port } = await listen('::');
  const client = await connect('127.0.0.1', port);
  const { rows } = readProcNetSockets();
  expectRow(
    rows,
    { proto: 'tcp', family: 6, localAddress: '::', localPort: port, remoteAddress: '::', remotePort: 0 },
    'LISTEN',
  );
  const accepted = await waitFor('the accepted end', () =>
    readProcNetSockets().rows.find(
      (r) => r.proto === 'tcp' && r.family === 6 && r.localPort === port && r.remotePort !== 0,
    ),
  );
  assert.equal(accepted.localAddress, '::ffff:127.0.0.1');
  assert.equal(accepted.remoteAddress, '::ffff:127.0.0.1');
  assert.equal(accepted.remotePort, client.localPort);
  assert.equal(accepted.state, 'ESTABLISHED');
  expectRow(
    rows,
    {
      proto: 'tcp',
      family: 4,
      localAddress: '127.0.0.1',
      localPort: client.localPort!,
      remoteAddress: '127.0.0.1',
      remotePort: port,
    },
    'ESTABLISHED',
  );
});

test('bytes nobody has read show in the receiving end of the queue', async () => {
  const { port } = await listen('127.0.0.1', true);
  const client = await connect('127.0.0.1', port);
  client.write('hello');
  const serverEnd = await waitFor('5 unread bytes', () =>
    readProcNetSockets().rows.find(
      (r) => r.proto === 'tcp' && r.localPort === port && r.remotePort === client.localPort && r.recvQ === 5,
    ),
  );
  assert.equal(serverEnd.sendQ, 0);
});

/** A recorded-style /proc/net/tcp of `count` rows, each 150 characters like the kernel's. */
function bigTcpTable(count: number): string {
  const lines = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode'.padEnd(
      149,
    ),
  ];
  for (let i = 0; i < count; i++) {
    const port = (1024 + (i % 60000)).toString(16).toUpperCase().padStart(4, '0');
    const line = `${String(i).padStart(4)}: 0100007F:${port} 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 ${100000 + i} 1 0000000000000000 100 0 0 10 0`;
    lines.push(line.padEnd(149));
  }
  return lines.join('\n') + '\n';
}

test('a file bigger than the first buffer is read whole, and a small one after it exactly', () => {
  const root = tempProcRoot();
  const big = bigTcpTable(30_000); // 4.5 MB: the 1 MiB buffer grows twice
  assert.ok(big.length > 4 * 1024 * 1024);
  writeFileSync(join(root, 'net', 'tcp'), big);
  assert.equal(readProcNetText(join(root, 'net', 'tcp')), big);

  const result = readProcNetSockets(root);
  assert.equal(result.rows.length, 30_000);
  assert.equal(result.skipped, 0);
  assert.equal(result.duplicates, 0);
  assert.deepEqual(result.rows[29_999], {
    proto: 'tcp',
    family: 4,
    localAddress: '127.0.0.1',
    localPort: 1024 + 29_999,
    remoteAddress: '0.0.0.0',
    remotePort: 0,
    state: 'LISTEN',
    recvQ: 0,
    sendQ: 0,
    uid: 1000,
    inode: 129_999,
  });

  // The grown buffer is kept; a shorter file must not pick up the old bytes.
  const small = bigTcpTable(2);
  writeFileSync(join(root, 'net', 'udp'), small);
  assert.equal(readProcNetText(join(root, 'net', 'udp')), small);
  writeFileSync(join(root, 'net', 'empty'), '');
  assert.equal(readProcNetText(join(root, 'net', 'empty')), '');
});

test('absent files are listed in `missing`, the others still read', () => {
  const root = tempProcRoot();
  writeFileSync(join(root, 'net', 'tcp'), bigTcpTable(3));
  writeFileSync(join(root, 'net', 'udp'), bigTcpTable(1));
  const result = readProcNetSockets(root);
  assert.deepEqual(result.missing, [join(root, 'net', 'tcp6'), join(root, 'net', 'udp6')]);
  assert.equal(result.rows.length, 4);
  assert.deepEqual(
    result.rows.map((r) => r.proto),
    ['tcp', 'tcp', 'tcp', 'udp'],
  );
  assert.equal(readProcNetText(join(root, 'net', 'tcp6')), null);
  const nowhere = readProcNetSockets(join(root, 'nowhere'));
  assert.equal(nowhere.missing.length, 4);
  assert.deepEqual(nowhere.rows, []);
});

test('errors other than a missing file are thrown', () => {
  const root = tempProcRoot();
  assert.throws(() => readProcNetText(join(root, 'net')), { code: 'EISDIR' });
  writeFileSync(join(root, 'file'), 'x');
  assert.throws(() => readProcNetText(join(root, 'file', 'tcp')), { code: 'ENOTDIR' });
});
