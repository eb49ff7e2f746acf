import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { SERVE_WITHOUT_ALLOW_KILL } from '../../../electron/actions/action-services.js';
import { startServer, type ServeHandle } from '../../../electron/serve/serve-server.js';
import { noActions } from '../../../shared/actions.js';
import { apply, tableFromRows } from '../../../shared/diff.js';
import type { AppInfo, DeltaEvent, FullSnapshot, MonitorStatus } from '../../../shared/protocol.js';
import { MAX_FRAME_BYTES } from '../../../shared/wire-frames.js';
import { scriptedCollector } from '../../helpers/scripted-collector.js';
import { TestView, listenRow, makeRendererDir, upgradeStatus, within } from './serve-fixtures.js';

// Serve mode's WebSocket over real loopback sockets: who may upgrade, what
// frames do, and how views get their snapshot and then every delta in order.

const renderer = makeRendererDir();
let server: ServeHandle;
let port: number;
let token: string;
const views: TestView[] = [];

/** Rows that change on every read, so every delta carries something. */
function changingReads(): ReturnType<typeof listenRow>[][] {
  return Array.from({ length: 400 }, (_, n) => [listenRow(1000), listenRow(2000 + (n % 7))]);
}

function view(options: WebSocket.ClientOptions = {}): TestView {
  const v = new TestView(port, token, options);
  views.push(v);
  return v;
}

before(async () => {
  server = await startServer({
    port: 0,
    rendererDir: renderer.dir,
    collector: scriptedCollector(changingReads()),
    intervalMs: 100,
  });
  port = server.port;
  token = server.token;
});
after(async () => {
  for (const v of views) v.close();
  await server.close();
  renderer.remove();
});

const goodOrigin = () => `http://127.0.0.1:${port}`;
const cookie = () => `sockscope_token_${port}=${token}`;

test('an upgrade without a valid token is refused with 401', async () => {
  assert.equal(await upgradeStatus(port, '/ws', { Origin: goodOrigin() }), 401);
  assert.equal(
    await upgradeStatus(port, '/ws', { Origin: goodOrigin(), Cookie: `sockscope_token_${port}=00` }),
    401,
  );
  const sameLength = `sockscope_token_${port}=${'0'.repeat(token.length)}`;
  assert.equal(await upgradeStatus(port, '/ws', { Origin: goodOrigin(), Cookie: sameLength }), 401);
  assert.equal(await upgradeStatus(port, '/ws', { Origin: goodOrigin(), Cookie: cookie() }), 101);
  assert.equal(await upgradeStatus(port, `/ws?token=${token}`, { Origin: goodOrigin() }), 101);
});

test('an upgrade from another Origin, or none, is refused with 403', async () => {
  const origins = [
    undefined,
    'http://evil.com',
    'null',
    `http://127.0.0.1:${port + 1}`,
    `https://127.0.0.1:${port}`,
    `http://127.0.0.1:${port}.evil.com`,
    `http://evil.com:${port}`,
  ];
  for (const origin of origins) {
    const headers: Record<string, string> = { Cookie: cookie() };
    if (origin !== undefined) headers.Origin = origin;
    assert.equal(await upgradeStatus(port, '/ws', headers), 403, `Origin: ${origin}`);
  }
  const localhost = { Cookie: cookie(), Origin: `http://localhost:${port}` };
  assert.equal(await upgradeStatus(port, '/ws', localhost, `localhost:${port}`), 101);
});

test('an upgrade with a foreign Host, or on another path, is refused', async () => {
  const headers = { Cookie: cookie(), Origin: goodOrigin() };
  assert.equal(await upgradeStatus(port, '/ws', headers, `evil.com:${port}`), 403);
  assert.equal(await upgradeStatus(port, '/ws', headers, null), 403);
  assert.equal(await upgradeStatus(port, '/other', headers), 404);
});

test('a view receives nothing until it asks for a snapshot', async () => {
  const v = view();
  await v.opened;
  await sleep(400); // four polls
  assert.equal(v.frames.length, 0);
  const info = await v.call('info');
  assert.ok(info.ok);
  await sleep(300);
  assert.equal(v.frames.length, 1, 'only the reply to info: no events before a snapshot');
});

test('info names serve mode, the version and that no action is allowed', async () => {
  const v = view();
  await v.opened;
  const reply = await v.call('info');
  assert.ok(reply.ok);
  const info = reply.value as AppInfo;
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
  assert.equal(info.mode, 'serve');
  assert.equal(info.name, 'sockscope');
  assert.equal(info.version, pkg.version);
  assert.equal(info.versions.node, process.versions.node);
  assert.equal(info.platform, process.platform);
  assert.equal(info.elevated, process.getuid?.() === 0);
  assert.deepEqual(info.actions, noActions(SERVE_WITHOUT_ALLOW_KILL));
});

test('a snapshot, then deltas in seq order chaining from its seq', async () => {
  const v = view();
  await v.opened;
  const first = await v.call('snapshot');
  assert.ok(first.ok);
  const snap = first.value as FullSnapshot;
  let table = tableFromRows(snap.seq, snap.takenAt, snap.rows);
  const from = v.frames.length;
  await v.waitFrame('five deltas', () => v.events('delta').length >= 5);
  // A second snapshot: every delta up to its seq has arrived before it.
  const second = await v.call('snapshot');
  assert.ok(second.ok);
  const later = second.value as FullSnapshot;
  const deltas = v.frames.slice(from).filter((f) => f.event === 'delta');
  assert.ok(deltas.length >= 5);
  for (const frame of deltas) {
    const { delta } = frame.payload as DeltaEvent;
    if (delta.seq > later.seq) break;
    table = apply(table, delta); // throws SeqGapError unless baseSeq is the table's seq
  }
  assert.equal(table.seq, later.seq);
  const byKey = (rows: Iterable<{ key: string }>) => [...rows].map((r) => r.key).sort();
  assert.deepEqual(byKey(table.rows.values()), byKey(later.rows));
  assert.deepEqual(
    later.rows.map((r) => r.localPort).sort((a, b) => a - b),
    [...table.rows.values()].map((r) => r.localPort).sort((a, b) => a - b),
  );
});

test('invalid setInterval requests get an error reply and change nothing', async () => {
  const v = view();
  await v.opened;
  const before = (await v.callOk<FullSnapshot>('snapshot')).status.intervalMs;
  const bad: unknown[][] = [['fast'], [5], [null], [1000, 1], [], [{}], [1e9], [-100]];
  for (const args of bad) {
    const reply = await v.call('setInterval', ...args);
    assert.equal(reply.ok, false, JSON.stringify(args));
    assert.match((reply as { error: string }).error, /^setInterval: /);
  }
  const after = (await v.callOk<FullSnapshot>('snapshot')).status.intervalMs;
  assert.equal(after, before);
  assert.equal((await v.callOk<MonitorStatus>('setInterval', 200)).intervalMs, 200);
  assert.ok((await v.call('setInterval', 100)).ok);
});

test('a frame with an id but a bad method gets an error reply; the socket stays open', async () => {
  const v = view();
  await v.opened;
  v.ws.send(JSON.stringify({ id: 7, method: 'rm -rf', args: [] }));
  const reply = await v.waitFrame('the reply to #7', (f) => f.id === 7);
  assert.deepEqual(reply.reply, { ok: false, error: 'unknown method "rm -rf"' });
  v.ws.send(JSON.stringify({ id: 8, method: 'pause', args: 'now' }));
  const bad = await v.waitFrame('the reply to #8', (f) => f.id === 8);
  assert.deepEqual(bad.reply, { ok: false, error: 'pause: arguments must be an array' });
  assert.ok((await v.call('info')).ok);
  assert.equal(v.ws.readyState, WebSocket.OPEN);
});

test('a frame without a readable id closes the socket with 1008', async () => {
  for (const text of ['not json', '[1,2]', '{"method":"info","args":[]}', '{"id":"1","method":"info"}']) {
    const v = view();
    await v.opened;
    v.ws.send(text);
    const closed = await within(v.closed, `the close after ${text}`);
    assert.equal(closed.code, 1008, text);
    assert.ok(closed.reason.length > 0);
  }
});

test('a binary frame closes the socket with 1003', async () => {
  const v = view();
  await v.opened;
  v.ws.send(Buffer.from('{"id":1,"method":"info","args":[]}'));
  assert.equal((await within(v.closed, 'the close')).code, 1003);
});

test('a frame of MAX_FRAME_BYTES is read; one of 1 MiB closes the socket with 1009', async () => {
  const v = view();
  await v.opened;
  const head = '{"id":1,"method":"info","args":[],"pad":"';
  const exact = head + 'x'.repeat(MAX_FRAME_BYTES - head.length - 2) + '"}';
  assert.equal(Buffer.byteLength(exact), MAX_FRAME_BYTES);
  v.ws.send(exact);
  assert.ok((await v.waitFrame('the reply to the largest frame', (f) => f.id === 1)).reply?.ok);
  v.ws.send('x'.repeat(1024 * 1024));
  assert.equal((await within(v.closed, 'the close')).code, 1009);
});

test('pause, resume and interval changes reach every other view as status events', async () => {
  const a = view();
  const b = view();
  await Promise.all([a.opened, b.opened]);
  assert.ok((await a.call('snapshot')).ok);
  assert.ok((await b.call('snapshot')).ok);
  const from = b.frames.length;
  assert.equal((await a.callOk<MonitorStatus>('pause')).paused, true);
  await b.waitFrame(
    'paused status',
    (f) => f.event === 'status' && (f.payload as MonitorStatus).paused,
    5000,
    from,
  );
  await a.call('setInterval', 500);
  await b.waitFrame(
    'interval status',
    (f) => f.event === 'status' && (f.payload as MonitorStatus).intervalMs === 500,
    5000,
    from,
  );
  assert.equal((await a.callOk<MonitorStatus>('resume')).paused, false);
  await b.waitFrame(
    'resumed status',
    (f) => f.event === 'status' && !(f.payload as MonitorStatus).paused,
    5000,
    from,
  );
  await a.call('setInterval', 100);
});

test('a dead view (no pong) is dropped; a live one stays', async () => {
  const fast = await startServer({
    port: 0,
    rendererDir: renderer.dir,
    collector: scriptedCollector([[listenRow(1)]]),
    pingIntervalMs: 100,
  });
  try {
    const dead = new TestView(fast.port, fast.token, { autoPong: false });
    const live = new TestView(fast.port, fast.token);
    await Promise.all([dead.opened, live.opened]);
    const closed = await within(dead.closed, 'the dead view to be dropped');
    assert.equal(closed.code, 1006, 'cut off, not closed politely');
    await sleep(300);
    assert.equal(live.ws.readyState, WebSocket.OPEN);
    live.close();
  } finally {
    await fast.close();
  }
});
