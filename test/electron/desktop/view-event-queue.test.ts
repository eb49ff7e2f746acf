import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectView, ViewEventQueue } from '../../../electron/desktop/view-event-queue.js';
import { sendEvent } from '../../../electron/ipc.js';
import { MonitorService } from '../../../electron/monitor/monitor-service.js';
import { Monitor } from '../../../electron/monitor/monitor.js';
import type { AppInfo, DeltaEvent, MonitorStatus } from '../../../shared/protocol.js';
import { scriptedCollector } from '../../helpers/scripted-collector.js';
import { FakeWebContents } from './fake-electron.js';
import { noActions } from '../../../shared/actions.js';

// Events to a window wait for its page: a real MonitorService's events go
// through the queue into a stand-in WebContents.

const APP_INFO: AppInfo = {
  name: 'sockscope',
  version: '0.0.0-test',
  mode: 'desktop',
  versions: {},
  platform: 'linux',
  elevated: false,
  actions: noActions('test'),
};

function setUp() {
  const collector = scriptedCollector([[]]);
  const monitor = new Monitor(collector, { intervalMs: 1000 });
  const service = new MonitorService(monitor, collector.info, APP_INFO);
  const contents = new FakeWebContents();
  const subscription = { active: 0 };
  const queue = connectView(
    contents,
    (sink) => {
      const off = service.subscribe(sink);
      subscription.active++;
      return () => {
        subscription.active--;
        off();
      };
    },
    (name, payload) => sendEvent(contents, name, payload),
  );
  /** The event names sent to the page, with a short note of each payload. */
  const sent = () =>
    contents.sent.map(({ channel, args }) => {
      const payload = args[0];
      if (channel.endsWith(':delta')) return `delta ${(payload as DeltaEvent).delta.seq}`;
      if (channel.endsWith(':status')) return `status ${(payload as MonitorStatus).intervalMs}`;
      return `${channel.split(':').pop()} ${String(payload)}`;
    });
  return { monitor, service, contents, queue, sent, subscription };
}

test('events wait for did-finish-load, then go out in order, then directly', async () => {
  const { monitor, service, contents, queue, sent } = setUp();
  await monitor.pollOnce();
  await service.handle('setInterval', [2000]);
  queue.push('menu', 'export-csv');
  assert.deepEqual(sent(), []);
  assert.equal(queue.pending, 3);

  contents.emit('did-finish-load');
  assert.deepEqual(sent(), ['delta 1', 'status 2000', 'menu export-csv']);
  await monitor.pollOnce();
  assert.deepEqual(sent().slice(3), ['delta 2']);
  assert.equal(queue.pending, 0);
});

test('a reload holds events again until the new page has loaded', async () => {
  const { monitor, contents, sent } = setUp();
  contents.emit('did-finish-load');
  contents.emit('did-start-loading');
  await monitor.pollOnce();
  assert.deepEqual(sent(), []);
  contents.emit('did-finish-load');
  assert.deepEqual(sent(), ['delta 1']);
});

test("a crashed page's backlog is dropped; its reload gets only what comes after", async () => {
  const { monitor, contents, sent } = setUp();
  contents.emit('did-finish-load');
  contents.emit('render-process-gone');
  await monitor.pollOnce();
  contents.emit('render-process-gone');
  contents.emit('did-start-loading');
  await monitor.pollOnce();
  contents.emit('did-finish-load');
  assert.deepEqual(sent(), ['delta 2']);
});

test('a destroyed window gets nothing more and leaves the service', async () => {
  const { monitor, contents, queue, sent, subscription } = setUp();
  await monitor.pollOnce();
  assert.equal(subscription.active, 1);
  contents.destroy();
  assert.equal(subscription.active, 0);
  contents.emit('did-finish-load'); // Too late: nothing was kept for it.
  await monitor.pollOnce();
  queue.push('menu', 'refresh');
  assert.deepEqual(sent(), []);
  assert.equal(queue.pending, 0);
});

test('a page that never loads holds at most the limit, dropping the oldest', () => {
  const contents = new FakeWebContents();
  const delivered: string[] = [];
  const queue = new ViewEventQueue(contents, (_name, payload) => delivered.push(String(payload)), 3);
  for (const command of ['refresh', 'export-csv', 'export-json', 'choose-columns', 'show-about'] as const) {
    queue.push('menu', command);
  }
  assert.equal(queue.pending, 3);
  assert.equal(queue.dropped, 2);
  contents.emit('did-finish-load');
  assert.deepEqual(delivered, ['export-json', 'choose-columns', 'show-about']);
});

test('a send that throws (the window closing meanwhile) is logged, not thrown', (t) => {
  const contents = new FakeWebContents();
  const errors: unknown[][] = [];
  t.mock.method(console, 'error', (...args: unknown[]) => errors.push(args));
  const queue = new ViewEventQueue(contents, () => {
    throw new Error('Object has been destroyed');
  });
  contents.emit('did-finish-load');
  assert.doesNotThrow(() => queue.push('menu', 'refresh'));
  assert.match(String(errors[0]?.[1]), /destroyed/);
});
