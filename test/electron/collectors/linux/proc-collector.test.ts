import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createCollector } from '../../../../electron/collectors/select-collector.js';
import { Monitor, type MonitorTick } from '../../../../electron/monitor/monitor.js';
import type { Endpoint } from '../../../../shared/endpoint.js';
import type { EndpointTable } from '../../../../shared/delta.js';
import { rowKey } from '../../../../shared/row-key.js';
import { startSocketChild, type SocketChild } from '../../../helpers/socket-child.js';
import { LiveSockets, portOf } from '../../../helpers/live-sockets.js';
import { waitFor } from '../../../helpers/wait-for.js';

// Real sockets on loopback, held by this test process and by child processes,
// read through the real Linux collector and the monitor.

const sockets = new LiveSockets();
const children: SocketChild[] = [];
after(async () => {
  await sockets.close();
  await Promise.all(children.map((c) => c.stop()));
});

const selfName = readFileSync('/proc/self/comm', 'utf8').trim();

type Spec = Pick<
  Endpoint,
  'proto' | 'family' | 'localAddress' | 'localPort' | 'remoteAddress' | 'remotePort'
>;

function find(table: EndpointTable, spec: Spec): Endpoint[] {
  return [...table.rows.values()].filter(
    (r) =>
      r.proto === spec.proto &&
      r.family === spec.family &&
      r.localAddress === spec.localAddress &&
      r.localPort === spec.localPort &&
      r.remoteAddress === spec.remoteAddress &&
      r.remotePort === spec.remotePort,
  );
}

function expectRow(
  table: EndpointTable,
  spec: Spec,
  state: Endpoint['state'],
  pid: number,
  name: string,
): Endpoint {
  const rows = find(table, spec);
  assert.equal(rows.length, 1, `one row for ${JSON.stringify(spec)}, found ${rows.length}`);
  const row = rows[0]!;
  assert.equal(row.state, state, `state of ${row.key}`);
  assert.equal(row.owner.kind, 'process', `owner of ${row.key}: ${JSON.stringify(row.owner)}`);
  if (row.owner.kind === 'process') {
    assert.equal(row.owner.pid, pid, `pid of ${row.key}`);
    assert.equal(row.owner.name, name, `name of ${row.key}`);
  }
  assert.equal(row.key, rowKey(row));
  assert.equal(row.uid, process.getuid!());
  return row;
}

test('every kind of endpoint appears with exact fields and owner within one poll', async () => {
  const kid = await startSocketChild('sockscope-kid1');
  children.push(kid);
  const monitor = new Monitor(createCollector());
  await monitor.pollOnce(); // the resolver has seen every process but the new sockets below

  // Held by the child: listeners on both families, an established pair, UDP bound and connected.
  const l4 = (await kid.send('listen', { host: '127.0.0.1' })).port as number;
  const l6 = (await kid.send('listen', { host: '::1' })).port as number;
  const c4 = (await kid.send('connect', { host: '127.0.0.1', port: l4 })).localPort as number;
  const u4 = (await kid.send('udpBind', { host: '127.0.0.1', type: 'udp4' })).port as number;
  const u6 = (await kid.send('udpConnect', { host: '::1', type: 'udp6', port: 9 })).localPort as number;
  // Held by this process: an IPv6 pair and an IPv4 connected UDP socket.
  const server6 = await sockets.listen('::1');
  const p6 = portOf(server6);
  const client6 = await sockets.connect('::1', p6);
  const udp4 = await sockets.udp('udp4', '127.0.0.1', 9);

  const { table } = await monitor.pollOnce();
  const any4 = { remoteAddress: '0.0.0.0', remotePort: 0 };
  const any6 = { remoteAddress: '::', remotePort: 0 };
  const k = kid.pid;
  const n = kid.name;
  const tcp4 = { proto: 'tcp', family: 4 } as const;
  const tcp6 = { proto: 'tcp', family: 6 } as const;
  expectRow(table, { ...tcp4, localAddress: '127.0.0.1', localPort: l4, ...any4 }, 'LISTEN', k, n);
  expectRow(table, { ...tcp6, localAddress: '::1', localPort: l6, ...any6 }, 'LISTEN', k, n);
  const lo4 = { localAddress: '127.0.0.1', remoteAddress: '127.0.0.1' };
  expectRow(table, { ...tcp4, ...lo4, localPort: c4, remotePort: l4 }, 'ESTABLISHED', k, n);
  expectRow(table, { ...tcp4, ...lo4, localPort: l4, remotePort: c4 }, 'ESTABLISHED', k, n);
  const udp = { proto: 'udp' } as const;
  expectRow(
    table,
    { ...udp, family: 4, localAddress: '127.0.0.1', localPort: u4, ...any4 },
    'UNCONNECTED',
    k,
    n,
  );
  expectRow(
    table,
    { ...udp, family: 6, localAddress: '::1', localPort: u6, remoteAddress: '::1', remotePort: 9 },
    'CONNECTED',
    k,
    n,
  );
  const me = process.pid;
  const lo6 = { localAddress: '::1', remoteAddress: '::1' };
  expectRow(table, { ...tcp6, localAddress: '::1', localPort: p6, ...any6 }, 'LISTEN', me, selfName);
  expectRow(
    table,
    { ...tcp6, ...lo6, localPort: client6.localPort!, remotePort: p6 },
    'ESTABLISHED',
    me,
    selfName,
  );
  expectRow(
    table,
    { ...tcp6, ...lo6, localPort: p6, remotePort: client6.localPort! },
    'ESTABLISHED',
    me,
    selfName,
  );
  expectRow(
    table,
    { ...udp, family: 4, ...lo4, localPort: udp4.address().port, remotePort: 9 },
    'CONNECTED',
    me,
    selfName,
  );

  const owner = find(table, { ...tcp4, localAddress: '127.0.0.1', localPort: l4, ...any4 })[0]!.owner;
  assert.equal(owner.kind, 'process');
  if (owner.kind === 'process') {
    assert.match(owner.cmdline, /sockscope-kid1/);
    assert.equal(owner.exe, process.execPath);
    assert.equal(owner.user, 'root');
    const stat = readFileSync(`/proc/${k}/stat`, 'utf8');
    assert.equal(owner.startTime, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]));
  }
});

test('a close shows as a state change to TIME_WAIT that keeps its owner, then removals', async () => {
  const kid = await startSocketChild('sockscope-kid2');
  children.push(kid);
  const listener = (await kid.send('listen', { host: '127.0.0.1' })) as { id: number; port: number };
  const client = (await kid.send('connect', { host: '127.0.0.1', port: listener.port })) as {
    id: number;
    localPort: number;
  };
  const monitor = new Monitor(createCollector());
  const first = await monitor.pollOnce();
  const spec = {
    proto: 'tcp',
    family: 4,
    localAddress: '127.0.0.1',
    localPort: client.localPort,
    remoteAddress: '127.0.0.1',
    remotePort: listener.port,
  } as const;
  const before = expectRow(first.table, spec, 'ESTABLISHED', kid.pid, kid.name);
  const accepted = expectRow(
    first.table,
    { ...spec, localPort: listener.port, remotePort: client.localPort },
    'ESTABLISHED',
    kid.pid,
    kid.name,
  );

  // The client closes first: its side goes FIN_WAIT -> TIME_WAIT, the accepted side closes.
  await kid.send('end', { id: client.id });
  const ticks: MonitorTick[] = [];
  const tw = await waitFor('the client side in TIME_WAIT', async () => {
    const tick = await monitor.pollOnce();
    ticks.push(tick);
    const row = tick.table.rows.get(before.key);
    return row?.state === 'TIME_WAIT' && !tick.table.rows.has(accepted.key) ? row : undefined;
  });
  assert.equal(tw.inode, 0);
  assert.deepEqual(tw.owner, before.owner, 'the TIME_WAIT row keeps its last owner');
  assert.equal(tw.firstSeen, before.firstSeen);
  const updates = ticks.flatMap((t) => t.delta.updated.filter((u) => u.key === before.key));
  assert.ok(updates.length >= 1, 'the close is an update of the same row');
  assert.equal(updates.at(-1)!.set.state, 'TIME_WAIT');
  assert.ok(!ticks.some((t) => t.delta.added.some((r) => r.key === before.key)), 'never re-added');
  assert.ok(
    ticks.some((t) => t.delta.removed.includes(accepted.key)),
    'the accepted side is removed',
  );

  // The child exits: its listener leaves in the next delta.
  const listenKey = find(first.table, {
    ...spec,
    localPort: listener.port,
    remoteAddress: '0.0.0.0',
    remotePort: 0,
  })[0]!.key;
  await kid.stop();
  const gone = await monitor.pollOnce();
  assert.ok(gone.delta.removed.includes(listenKey), 'the listener of an exited process is removed');
});

test('two listeners sharing a port through SO_REUSEPORT are two rows', async (t) => {
  // Node 20 cannot set SO_REUSEPORT; a small Python process holds both listeners.
  const script = [
    'import socket, sys',
    'socks = []',
    'port = 0',
    'for _ in range(2):',
    '    s = socket.socket()',
    '    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)',
    "    s.bind(('127.0.0.1', port))",
    '    s.listen()',
    '    port = s.getsockname()[1]',
    '    socks.append(s)',
    'print(port, flush=True)',
    'sys.stdin.read()',
  ].join('\n');
  const py = spawn('python3', ['-c', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  t.after(() => void py.kill('SIGKILL'));
  const port = Number(
    await new Promise<string>((resolve) => py.stdout.once('data', (d: Buffer) => resolve(String(d)))),
  );
  const { table } = await new Monitor(createCollector()).pollOnce();
  const rows = find(table, {
    proto: 'tcp',
    family: 4,
    localAddress: '127.0.0.1',
    localPort: port,
    remoteAddress: '0.0.0.0',
    remotePort: 0,
  });
  assert.equal(rows.length, 2);
  assert.notEqual(rows[0]!.key, rows[1]!.key);
  for (const row of rows) {
    assert.equal(row.state, 'LISTEN');
    assert.equal(row.owner.kind === 'process' && row.owner.pid, py.pid);
  }
});
