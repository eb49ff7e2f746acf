import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBridgeTransport } from '../../../renderer/transport/bridge-transport.js';
import { noActions } from '../../../shared/actions.js';
import type { EventMap, MonitorStatus, Reply, SockscopeBridge } from '../../../shared/protocol.js';

// The desktop transport over the preload bridge. The bridge is Electron's side
// of the boundary (no Electron here), so a plain object stands in for it.

const STATUS: MonitorStatus = {
  paused: false,
  intervalMs: 1000,
  collector: { name: 'x', reason: 'test', capabilities: { owners: true, counters: true, limits: [] } },
  lastPoll: null,
  failure: null,
};

function fakeBridge() {
  const listeners: { [K in keyof EventMap]: Set<(p: EventMap[K]) => void> } = {
    delta: new Set(),
    status: new Set(),
    menu: new Set(),
  };
  const calls: [string, unknown[]][] = [];
  const reply =
    <T>(value: T) =>
    async (...args: unknown[]): Promise<Reply<T>> => {
      calls.push(['request', args]);
      return { ok: true, value };
    };
  const subscribe =
    <K extends keyof EventMap>(name: K) =>
    (listener: (p: EventMap[K]) => void) => {
      listeners[name].add(listener);
      return () => listeners[name].delete(listener);
    };
  const bridge: SockscopeBridge = {
    snapshot: reply({ seq: 1, takenAt: 0, rows: [], status: STATUS }),
    setInterval: async (ms: number) =>
      ms < 100
        ? { ok: false, error: 'setInterval: too short' }
        : { ok: true, value: { ...STATUS, intervalMs: ms } },
    pause: reply({ ...STATUS, paused: true }),
    resume: reply(STATUS),
    refresh: reply(STATUS),
    info: reply({
      name: 's',
      version: '1',
      mode: 'desktop',
      versions: {},
      platform: 'linux',
      elevated: false,
      actions: noActions('test'),
    }),
    kill: reply({ kind: 'already-exited', pid: 1234, message: 'test' }),
    closeConnection: reply({ kind: 'closed', key: 'k', message: 'test' }),
    onDelta: subscribe('delta'),
    onStatus: subscribe('status'),
    onMenu: subscribe('menu'),
  };
  return { bridge, listeners, calls };
}

test('requests unwrap replies; refusals reject with the message', async () => {
  const { bridge } = fakeBridge();
  const transport = createBridgeTransport(bridge);
  assert.equal((await transport.request('setInterval', 2000)).intervalMs, 2000);
  assert.equal((await transport.request('pause')).paused, true);
  await assert.rejects(transport.request('setInterval', 5), { message: 'setInterval: too short' });
});

test('events reach listeners until unsubscribed or closed; the bridge is connected', async () => {
  const { bridge, listeners } = fakeBridge();
  const transport = createBridgeTransport(bridge);
  const menus: string[] = [];
  const off = transport.on('menu', (m) => menus.push(m));
  transport.on('status', () => {});
  const connected: boolean[] = [];
  transport.onConnectionChange((c) => connected.push(c));
  for (const l of listeners.menu) l('refresh');
  off();
  for (const l of listeners.menu) l('export-csv');
  assert.deepEqual(menus, ['refresh']);
  await Promise.resolve();
  assert.deepEqual(connected, [true]);
  transport.close();
  assert.equal(listeners.status.size, 0, 'close() unsubscribes from the bridge');
  await assert.rejects(transport.request('snapshot'), /closed/);
});
