import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildBridge } from '../../electron/ipc.js';
import { EVENT_NAMES, REQUEST_NAMES, ipcChannel, type MonitorStatus } from '../../shared/protocol.js';
import { FakeIpcRenderer } from './desktop/fake-electron.js';

// The object the preload exposes as window.sockscope, built over a fake
// ipcRenderer (the preload itself only hands it Electron's).

test('the bridge holds exactly one function per request and one onX per event', () => {
  const bridge = buildBridge(new FakeIpcRenderer());
  const expected = [...REQUEST_NAMES, 'onDelta', 'onStatus', 'onMenu'].sort();
  assert.deepEqual(Object.keys(bridge).sort(), expected);
  assert.equal(EVENT_NAMES.length, 3);
  for (const key of expected) assert.equal(typeof (bridge as Record<string, unknown>)[key], 'function', key);
  assert.equal(Object.isFrozen(bridge), true);
  assert.equal(Object.getPrototypeOf(bridge), Object.prototype);
});

test('a request invokes its channel with the arguments as given, and returns the reply', async () => {
  const ipc = new FakeIpcRenderer();
  ipc.reply = async (channel, args) => ({ ok: true, value: { channel, args } });
  const bridge = buildBridge(ipc);
  const reply = await bridge.setInterval(2000);
  assert.deepEqual(reply, { ok: true, value: { channel: 'sockscope:request:setInterval', args: [2000] } });
  await bridge.snapshot();
  assert.deepEqual(ipc.invoked, [
    { channel: ipcChannel('request', 'setInterval'), args: [2000] },
    { channel: ipcChannel('request', 'snapshot'), args: [] },
  ]);
});

test('a failed invoke (no handler, a throw in main) still answers with a Reply', async () => {
  const ipc = new FakeIpcRenderer();
  ipc.reply = () => Promise.reject(new Error("No handler registered for 'sockscope:request:pause'"));
  const reply = await buildBridge(ipc).pause();
  assert.deepEqual(reply, { ok: false, error: "pause: No handler registered for 'sockscope:request:pause'" });
});

test('listeners get the payload only, per channel, until they unsubscribe', () => {
  const ipc = new FakeIpcRenderer();
  const bridge = buildBridge(ipc);
  const menus: unknown[][] = [];
  const statuses: unknown[][] = [];
  const stopMenu = bridge.onMenu((...args) => menus.push(args));
  const stopStatus = bridge.onStatus((...args) => statuses.push(args));
  const status = { paused: true, intervalMs: 500 } as MonitorStatus;
  ipc.emitFromMain(ipcChannel('event', 'menu'), 'export-json');
  ipc.emitFromMain(ipcChannel('event', 'status'), status);
  assert.deepEqual(menus, [['export-json']]);
  assert.deepEqual(statuses, [[status]]);

  stopMenu();
  stopMenu(); // A second call does nothing (and removes no one else's listener).
  assert.equal(ipc.listenerCount(ipcChannel('event', 'menu')), 0);
  ipc.emitFromMain(ipcChannel('event', 'menu'), 'export-csv');
  assert.deepEqual(menus, [['export-json']]);
  stopStatus();
  assert.equal(ipc.listenerCount(ipcChannel('event', 'status')), 0);
});

test('two listeners on one event unsubscribe independently', () => {
  const ipc = new FakeIpcRenderer();
  const bridge = buildBridge(ipc);
  const seen: string[] = [];
  const stopA = bridge.onDelta(() => seen.push('a'));
  bridge.onDelta(() => seen.push('b'));
  stopA();
  ipc.emitFromMain(ipcChannel('event', 'delta'), {});
  assert.deepEqual(seen, ['b']);
});

test('subscribing with something that is not a function throws at once', () => {
  const bridge = buildBridge(new FakeIpcRenderer());
  assert.throws(() => bridge.onDelta('nope' as never), /onDelta needs a function/);
});
