import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OwnWindows } from '../../electron/desktop/own-windows.js';
import { handleRequests, sendEvent } from '../../electron/ipc.js';
import { MonitorService } from '../../electron/monitor/monitor-service.js';
import { Monitor } from '../../electron/monitor/monitor.js';
import type { OwnedSocketRow } from '../../shared/endpoint.js';
import {
  REQUEST_NAMES,
  ipcChannel,
  type AppInfo,
  type FullSnapshot,
  type MonitorStatus,
} from '../../shared/protocol.js';
import { scriptedCollector } from '../helpers/scripted-collector.js';
import { FakeIpcMain, FakeWebContents, FakeWindow, ipcEvent } from './desktop/fake-electron.js';
import { noActions } from '../../shared/actions.js';

// The main side of the desktop IPC: a fake ipcMain and fake windows (the
// Electron runtime is out of reach here) in front of a real Monitor and a
// real MonitorService over a scripted collector.

const APP_INFO: AppInfo = {
  name: 'sockscope',
  version: '0.0.0-test',
  mode: 'desktop',
  versions: { node: process.versions.node },
  platform: process.platform,
  elevated: false,
  actions: noActions('test'),
};

function listener(port: number): OwnedSocketRow {
  return {
    proto: 'tcp',
    family: 4,
    localAddress: '127.0.0.1',
    localPort: port,
    remoteAddress: '0.0.0.0',
    remotePort: 0,
    state: 'LISTEN',
    recvQ: 0,
    sendQ: 128,
    uid: 1000,
    inode: port,
    owner: { kind: 'unknown', reason: 'no-process' },
  };
}

/** A real Monitor that also counts the calls that would change it. */
class CountingMonitor extends Monitor {
  changes = 0;
  override setIntervalMs(ms: number): void {
    this.changes++;
    super.setIntervalMs(ms);
  }
  override pause(): void {
    this.changes++;
    super.pause();
  }
  override resume(): void {
    this.changes++;
    super.resume();
  }
}

function setUp() {
  const collector = scriptedCollector([[listener(4101), listener(4102)]]);
  const monitor = new CountingMonitor(collector, { intervalMs: 1000 });
  const service = new MonitorService(monitor, collector.info, APP_INFO);
  const statusEvents: MonitorStatus[] = [];
  service.subscribe((name, payload) => {
    if (name === 'status') statusEvents.push(payload as MonitorStatus);
  });
  const windows = new OwnWindows<FakeWindow>();
  const win = windows.add(new FakeWindow());
  const ipc = new FakeIpcMain();
  const remove = handleRequests(
    ipc,
    (name, args) => service.handle(name, args),
    (event) => windows.isTrustedSender(event),
  );
  const ours = (url = 'app://sockscope/index.html') => ipcEvent(win.webContents, url);
  return { monitor, service, statusEvents, windows, win, ipc, remove, ours };
}

const channel = (name: (typeof REQUEST_NAMES)[number]) => ipcChannel('request', name);

test('one handler per request of the contract, all removed by the returned function', () => {
  const { ipc, remove } = setUp();
  assert.deepEqual(
    [...ipc.handlers.keys()].sort(),
    REQUEST_NAMES.map((n) => ipcChannel('request', n)).sort(),
  );
  remove();
  assert.equal(ipc.handlers.size, 0);
});

test('our window on app://sockscope gets a snapshot of the monitor table', async () => {
  const { monitor, ipc, ours } = setUp();
  await monitor.pollOnce();
  const reply = await ipc.invoke(channel('snapshot'), ours());
  assert.equal(reply.ok, true);
  const snapshot = (reply as { value: FullSnapshot }).value;
  assert.equal(snapshot.seq, 1);
  assert.deepEqual(snapshot.rows.map((r) => r.localPort).sort(), [4101, 4102]);
  assert.equal(snapshot.status.intervalMs, 1000);
});

test('a good interval is applied and announced', async () => {
  const { monitor, ipc, ours, statusEvents } = setUp();
  const reply = await ipc.invoke(channel('setInterval'), ours(), 2000);
  assert.deepEqual(reply.ok && (reply.value as MonitorStatus).intervalMs, 2000);
  assert.equal(monitor.intervalMs, 2000);
  assert.deepEqual(
    statusEvents.map((s) => s.intervalMs),
    [2000],
  );
  const paused = await ipc.invoke(channel('pause'), ours());
  assert.equal(paused.ok && (paused.value as MonitorStatus).paused, true);
  assert.equal(monitor.paused, true);
});

test('bad arguments are refused with a message and never reach the monitor', async () => {
  const { monitor, ipc, ours, statusEvents } = setUp();
  const bad: [string, unknown[]][] = [
    ['setInterval', ['fast']],
    ['setInterval', [5]],
    ['setInterval', [600_000]],
    ['setInterval', [Number.NaN]],
    ['setInterval', [{ valueOf: () => 1000 }]],
    ['setInterval', []],
    ['setInterval', [1000, 2000]],
    ['pause', [true]],
    ['snapshot', ['all']],
  ];
  for (const [name, args] of bad) {
    const reply = await ipc.invoke(ipcChannel('request', name as 'pause'), ours(), ...args);
    assert.equal(reply.ok, false, `${name}(${String(args)}) was accepted`);
    assert.match((reply as { error: string }).error, new RegExp(`^${name}: `));
  }
  assert.equal(monitor.changes, 0);
  assert.equal(monitor.intervalMs, 1000);
  assert.equal(monitor.paused, false);
  assert.deepEqual(statusEvents, []);
});

test('a sender that is not one of our windows is refused before anything is applied', async () => {
  const { monitor, ipc, win, ours } = setUp();
  const stranger = new FakeWebContents();
  const refused = [
    ['another WebContents', ipcEvent(stranger, 'app://sockscope/index.html')],
    ['our window showing another site', ours('https://example.com/')],
    ['our window showing a local file', ours('file:///work/main/dist/renderer/index.html')],
    ['our window on another app host', ours('app://elsewhere/index.html')],
    ['a frame that navigated away (senderFrame null)', ipcEvent(win.webContents, null)],
    ['a subframe of our page', ipcEvent(win.webContents, 'app://sockscope/index.html', { url: 'x' })],
  ] as const;
  for (const [what, event] of refused) {
    const reply = await ipc.invoke(channel('setInterval'), event, 500);
    assert.deepEqual(
      reply,
      { ok: false, error: 'setInterval: refused: the request did not come from a Sockscope window' },
      what,
    );
  }
  assert.equal(monitor.changes, 0);
  assert.equal(monitor.intervalMs, 1000);
});

test('a window that closed is no longer trusted', async () => {
  const { ipc, win, ours } = setUp();
  assert.equal((await ipc.invoke(channel('info'), ours())).ok, true);
  const event = ours();
  win.close();
  const reply = await ipc.invoke(channel('info'), event);
  assert.equal(reply.ok, false);
});

test('info answers with the app info; sendEvent uses the event channel', async () => {
  const { ipc, ours, win } = setUp();
  assert.deepEqual(await ipc.invoke(channel('info'), ours()), { ok: true, value: APP_INFO });
  sendEvent(win.webContents, 'menu', 'export-csv');
  assert.deepEqual(win.webContents.sent, [{ channel: 'sockscope:event:menu', args: ['export-csv'] }]);
});
