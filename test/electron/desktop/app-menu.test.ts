import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MenuItemConstructorOptions } from 'electron';
import {
  buildMenuTemplate,
  menuStatusSink,
  PAUSE_ITEM_ID,
  type MenuActions,
  type MenuState,
} from '../../../electron/desktop/app-menu.js';
import { menuActions } from '../../../electron/desktop/menu-actions.js';
import { MonitorService } from '../../../electron/monitor/monitor-service.js';
import { Monitor } from '../../../electron/monitor/monitor.js';
import type { AppInfo, MenuCommand } from '../../../shared/protocol.js';
import { scriptedCollector } from '../../helpers/scripted-collector.js';
import { noActions } from '../../../shared/actions.js';

// The menu as a template (what Menu.buildFromTemplate gets), clicked by hand.

const APP_INFO: AppInfo = {
  name: 'sockscope',
  version: '0.0.0-test',
  mode: 'desktop',
  versions: {},
  platform: 'linux',
  elevated: false,
  actions: noActions('test'),
};
const STATE: MenuState = { paused: false, intervalMs: 1000, theme: 'system' };

/** Actions that record what was asked. */
function recorder() {
  const calls: string[] = [];
  const actions: MenuActions = {
    command: (command) => calls.push(`command ${command}`),
    setIntervalMs: (ms) => calls.push(`interval ${ms}`),
    setPaused: (paused) => calls.push(`paused ${paused}`),
    setTheme: (theme) => calls.push(`theme ${theme}`),
    showAbout: () => calls.push('about'),
  };
  return { calls, actions };
}

/** Every item with a label or role, flattened, by label (or role). */
function items(template: MenuItemConstructorOptions[]): Map<string, MenuItemConstructorOptions> {
  const found = new Map<string, MenuItemConstructorOptions>();
  const walk = (list: MenuItemConstructorOptions[], path: string) => {
    for (const item of list) {
      const name = `${path}${item.label ?? item.role ?? ''}`;
      if (item.type !== 'separator') found.set(name, item);
      if (Array.isArray(item.submenu)) walk(item.submenu, `${name} > `);
    }
  };
  walk(template, '');
  return found;
}

/** Clicks an item as Electron does (a checkbox flips before its click handler runs). */
function click(item: MenuItemConstructorOptions | undefined): void {
  assert.ok(item?.click, 'no such item');
  const menuItem = { checked: item.type === 'checkbox' ? !item.checked : true };
  (item.click as (menuItem: unknown) => void)(menuItem);
}

test('File, Edit, View and Help on Linux and Windows, with the items the issue names', () => {
  const template = buildMenuTemplate(STATE, recorder().actions, { platform: 'linux', devTools: false });
  assert.deepEqual(
    template.map((m) => m.label ?? m.role),
    ['File', 'Edit', 'View', 'help'],
  );
  const names = [...items(template).keys()];
  for (const name of [
    'File > Export Visible Rows as CSV…',
    'File > Export Visible Rows as JSON…',
    'File > quit',
    'View > Refresh Interval > 0.5 s',
    'View > Refresh Interval > 1 s',
    'View > Refresh Interval > 2 s',
    'View > Refresh Interval > 5 s',
    'View > Pause',
    'View > Refresh Now',
    'View > Columns…',
    'View > Theme > System',
    'View > Theme > Light',
    'View > Theme > Dark',
    'help > About Sockscope',
  ]) {
    assert.ok(names.includes(name), `missing ${name}`);
  }
  assert.ok(!names.some((n) => n.includes('toggleDevTools')));
  const withTools = buildMenuTemplate(STATE, recorder().actions, { platform: 'linux', devTools: true });
  assert.ok(items(withTools).has('View > toggleDevTools'));
});

test('on macOS the app menu holds About and Quit', () => {
  const template = buildMenuTemplate(STATE, recorder().actions, { platform: 'darwin', devTools: false });
  const names = [...items(template).keys()];
  assert.equal(template[0]?.label, 'Sockscope');
  assert.ok(names.includes('Sockscope > About Sockscope'));
  assert.ok(names.includes('Sockscope > quit'));
  assert.ok(!names.includes('File > quit'));
});

test('the checkmarks start from the state', () => {
  const all = items(
    buildMenuTemplate({ paused: true, intervalMs: 2000, theme: 'dark' }, recorder().actions, {
      platform: 'linux',
      devTools: false,
    }),
  );
  assert.equal(all.get('View > Pause')?.checked, true);
  assert.deepEqual(
    ['0.5 s', '1 s', '2 s', '5 s'].map((l) => all.get(`View > Refresh Interval > ${l}`)?.checked),
    [false, false, true, false],
  );
  assert.equal(all.get('View > Theme > Dark')?.checked, true);
  assert.equal(all.get('View > Theme > System')?.checked, false);
});

test('each item does its one thing', () => {
  const { calls, actions } = recorder();
  const all = items(buildMenuTemplate(STATE, actions, { platform: 'linux', devTools: false }));
  click(all.get('File > Export Visible Rows as CSV…'));
  click(all.get('File > Export Visible Rows as JSON…'));
  click(all.get('Edit > Find'));
  click(all.get('View > Refresh Interval > 0.5 s'));
  click(all.get('View > Refresh Interval > 5 s'));
  click(all.get('View > Pause'));
  click(all.get('View > Refresh Now'));
  click(all.get('View > Columns…'));
  click(all.get('View > Theme > Light'));
  click(all.get('help > About Sockscope'));
  assert.deepEqual(calls, [
    'command export-csv',
    'command export-json',
    'command focus-filter',
    'interval 500',
    'interval 5000',
    'paused true',
    'command refresh',
    'command choose-columns',
    'theme light',
    'about',
  ]);
});

test('the items reach a real monitor and the page; status events keep the checkmarks true', async () => {
  const collector = scriptedCollector([[]]);
  const monitor = new Monitor(collector, { intervalMs: 1000 });
  const service = new MonitorService(monitor, collector.info, APP_INFO);
  const pushed: MenuCommand[] = [];
  const nativeTheme = { themeSource: 'system' as 'system' | 'light' | 'dark' };
  const actions = menuActions({
    service,
    view: { push: (_n, c) => pushed.push(c) },
    nativeTheme,
    showAbout() {},
  });
  const all = items(buildMenuTemplate(STATE, actions, { platform: 'linux', devTools: false }));

  // A stand-in Menu over the template's own items, as getMenuItemById finds them.
  const byId = new Map<string, { checked: boolean }>();
  for (const item of all.values()) if (item.id) byId.set(item.id, { checked: item.checked ?? false });
  service.subscribe(menuStatusSink({ getMenuItemById: (id) => byId.get(id) ?? null }));

  click(all.get('View > Refresh Interval > 2 s'));
  click(all.get('View > Pause'));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(monitor.intervalMs, 2000);
  assert.equal(monitor.paused, true);
  assert.equal(byId.get(PAUSE_ITEM_ID)?.checked, true);
  assert.equal(byId.get('interval-2000')?.checked, true);

  // Paused from elsewhere (the page's button): the menu follows.
  await service.handle('resume', []);
  assert.equal(byId.get(PAUSE_ITEM_ID)?.checked, false);

  click(all.get('View > Theme > Dark'));
  click(all.get('View > Columns…'));
  assert.equal(nativeTheme.themeSource, 'dark');
  assert.deepEqual(pushed, ['theme-dark', 'choose-columns']);
});

test('a refused menu request is logged, not thrown', async (t) => {
  const errors: unknown[] = [];
  t.mock.method(console, 'error', (message: unknown) => errors.push(message));
  const service = { handle: async () => ({ ok: false as const, error: 'setInterval: out of range' }) };
  const actions = menuActions({
    service,
    view: { push() {} },
    nativeTheme: { themeSource: 'system' },
    showAbout() {},
  });
  actions.setIntervalMs(7);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(errors, ['sockscope: menu: setInterval: out of range']);
});
