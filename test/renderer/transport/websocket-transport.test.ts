import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { WebSocketTransport } from '../../../renderer/transport/websocket-transport.js';
import type { MonitorStatus } from '../../../shared/protocol.js';
import { FrameServer } from '../helpers/frame-server.js';
import { waitFor } from '../../helpers/wait-for.js';

// The serve-mode transport against a real ws server on 127.0.0.1: ids, error
// replies, events, pending requests on a drop, and reconnecting.

const FAST_BACKOFF = { initialMs: 20, maxMs: 100 };

const STATUS: MonitorStatus = {
  paused: false,
  intervalMs: 1000,
  collector: { name: 'scripted', reason: 'test', capabilities: { owners: true, counters: true, limits: [] } },
  lastPoll: null,
  failure: null,
};

async function connected(transport: WebSocketTransport): Promise<void> {
  await waitFor('the transport to connect', () => (transport.connected ? true : undefined), 5000, 10);
}

test('requests resolve by id, also when the replies come out of order', async (t) => {
  const held: (() => void)[] = [];
  const server = await FrameServer.start(async (frame) => {
    if (frame.method === 'setInterval') {
      // Answer the first request only after the second one was answered.
      await new Promise<void>((resolve) => held.push(resolve));
      return { ok: true, value: { ...STATUS, intervalMs: frame.args[0] } };
    }
    if (frame.method === 'pause') {
      setTimeout(() => held.shift()?.(), 20);
      return { ok: true, value: { ...STATUS, paused: true } };
    }
    return { ok: false, error: 'unexpected' };
  });
  const transport = new WebSocketTransport({ url: server.url, WebSocket, backoff: FAST_BACKOFF });
  t.after(async () => {
    transport.close();
    await server.close();
  });
  await connected(transport);
  const order: string[] = [];
  const first = transport.request('setInterval', 2000).then((s) => (order.push('setInterval'), s));
  const second = transport.request('pause').then((s) => (order.push('pause'), s));
  const [interval, paused] = await Promise.all([first, second]);
  assert.equal(interval.intervalMs, 2000);
  assert.equal(paused.paused, true);
  assert.deepEqual(order, ['pause', 'setInterval']);
  const ids = server.requests.map((r) => r.id);
  assert.equal(new Set(ids).size, 2, 'each request has its own id');
});

test('an error reply rejects with the server message', async (t) => {
  const server = await FrameServer.start(async () => ({
    ok: false,
    error: 'setInterval: poll interval must be…',
  }));
  const transport = new WebSocketTransport({ url: server.url, WebSocket, backoff: FAST_BACKOFF });
  t.after(async () => {
    transport.close();
    await server.close();
  });
  await connected(transport);
  await assert.rejects(transport.request('setInterval', 1000), {
    message: 'setInterval: poll interval must be…',
  });
});

test('events reach their listeners; a bad frame is counted, not fatal', async (t) => {
  const server = await FrameServer.start(async () => ({ ok: true, value: STATUS }));
  const transport = new WebSocketTransport({ url: server.url, WebSocket, backoff: FAST_BACKOFF });
  t.after(async () => {
    transport.close();
    await server.close();
  });
  const seen: MonitorStatus[] = [];
  const off = transport.on('status', (s) => seen.push(s));
  await connected(transport);
  server.connections[0]!.send('not json');
  server.connections[0]!.send(JSON.stringify({ id: 999, reply: { ok: true, value: 1 } }));
  server.push('status', { ...STATUS, intervalMs: 5000 });
  await waitFor('the status event', () => (seen.length > 0 ? true : undefined));
  assert.equal(seen[0]!.intervalMs, 5000);
  assert.equal(transport.badFrames, 2);
  off();
  server.push('status', STATUS);
  // A round trip after the push: the event has arrived by the time the reply does.
  await transport.request('resume');
  assert.equal(seen.length, 1, 'no events after unsubscribing');
});

test('a drop rejects pending requests, reconnects, and announces both', async (t) => {
  const server = await FrameServer.start(async (frame) =>
    frame.method === 'refresh' ? undefined : { ok: true, value: STATUS },
  );
  const transport = new WebSocketTransport({ url: server.url, WebSocket, backoff: FAST_BACKOFF });
  t.after(async () => {
    transport.close();
    await server.close();
  });
  const changes: boolean[] = [];
  transport.onConnectionChange((c) => changes.push(c));
  await connected(transport);
  const pending = transport.request('refresh');
  await waitFor('the refresh to reach the server', () => (server.count('refresh') === 1 ? true : undefined));
  server.dropConnections();
  await assert.rejects(pending, /refresh: the connection to Sockscope closed/);
  await waitFor('the reconnect', () => (changes.length >= 3 ? true : undefined));
  assert.deepEqual(changes, [true, false, true]);
  assert.equal(server.connections.length, 2);
  assert.equal((await transport.request('pause')).paused, false);
});

test('requests while disconnected fail at once; close() stops reconnecting', async (t) => {
  const server = await FrameServer.start(async () => ({ ok: true, value: STATUS }));
  const url = server.url;
  await server.close();
  const transport = new WebSocketTransport({ url, WebSocket, backoff: FAST_BACKOFF });
  t.after(() => transport.close());
  await assert.rejects(transport.request('snapshot'), /not connected/);
  transport.close();
  await assert.rejects(transport.request('snapshot'), /closed/);
});
