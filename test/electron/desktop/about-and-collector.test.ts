import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aboutText } from '../../../electron/desktop/about-text.js';
import { openCollector, unavailableCollector } from '../../../electron/desktop/open-collector.js';
import { CollectorUnavailableError } from '../../../electron/collectors/select-collector.js';
import { MonitorService } from '../../../electron/monitor/monitor-service.js';
import { Monitor } from '../../../electron/monitor/monitor.js';
import type { AppInfo } from '../../../shared/protocol.js';
import { scriptedCollector } from '../../helpers/scripted-collector.js';
import { noActions } from '../../../shared/actions.js';

const APP_INFO: AppInfo = {
  name: 'sockscope',
  version: '1.2.3',
  mode: 'desktop',
  versions: { node: '22.20.0', v8: '14.1', electron: '45.4.1', chrome: '140.0.7339.133' },
  platform: 'linux',
  elevated: false,
  actions: noActions('test'),
};

test('About names the app, Electron, Chromium, Node and the collector with its reason', () => {
  const { message, detail } = aboutText(APP_INFO, {
    name: 'linux-proc',
    reason: 'Linux: /proc/net parser, because the netlink collector is unavailable (native addon: not built)',
    capabilities: { owners: true, counters: false, limits: ['no byte counters: /proc/net has none'] },
  });
  assert.equal(message, 'Sockscope 1.2.3');
  assert.equal(
    detail,
    [
      'Electron 45.4.1',
      'Chromium 140.0.7339.133',
      'Node.js 22.20.0',
      'V8 14.1',
      '',
      'Collector: linux-proc',
      'Linux: /proc/net parser, because the netlink collector is unavailable (native addon: not built)',
      '- no byte counters: /proc/net has none',
      '',
      'linux',
    ].join('\n'),
  );
  const asRoot = aboutText({ ...APP_INFO, versions: {}, elevated: true }, scriptedCollector([]).info);
  assert.equal(asRoot.detail, '\nCollector: scripted\ntest\n\nlinux, running as root');
});

test('the chosen collector is used when there is one', () => {
  const collector = scriptedCollector([]);
  assert.equal(
    openCollector(() => collector),
    collector,
  );
});

test('without a collector the window still gets one, whose polls fail with the reason', async () => {
  const reason = 'Sockscope cannot list sockets on darwin yet: only Linux has a collector so far';
  const collector = openCollector(() => {
    throw new CollectorUnavailableError(reason);
  });
  assert.deepEqual(collector.info, unavailableCollector(reason).info);
  const monitor = new Monitor(collector);
  const service = new MonitorService(monitor, collector.info, APP_INFO);
  const reply = await service.handle('refresh', []);
  assert.equal(reply.ok, true);
  const status = service.status();
  assert.equal(status.failure?.message, reason);
  assert.equal(status.collector.name, 'none');
  assert.deepEqual(service.snapshot().rows, []);
  collector.close();
});
