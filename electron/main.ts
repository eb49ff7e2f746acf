/**
 * The desktop app's main process: wiring only. Every piece with logic lives
 * in electron/desktop/ (and ipc.ts), takes the Electron objects it needs as
 * parameters, and is tested in Node; this file only type-checks here.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  protocol,
  screen,
  session,
  shell,
} from 'electron';
import type { CollectorInfo } from '../shared/collector-report.js';
import type { AppInfo } from '../shared/protocol.js';
import { createActionServices } from './actions/action-services.js';
import { buildAppInfo } from './app-info.js';
import { aboutText } from './desktop/about-text.js';
import { buildMenuTemplate, menuStatusSink } from './desktop/app-menu.js';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, APP_URL, appProtocolHandler } from './desktop/app-protocol.js';
import { openCollector } from './desktop/open-collector.js';
import { openMainWindow } from './desktop/main-window.js';
import { menuActions } from './desktop/menu-actions.js';
import { appProcessIds } from './desktop/own-processes.js';
import { OwnWindows } from './desktop/own-windows.js';
import { rootRefusal } from './desktop/root-check.js';
import { denyPermissions, guardContents } from './desktop/security.js';
import { connectView, type ViewEventQueue } from './desktop/view-event-queue.js';
import { handleRequests, sendEvent } from './ipc.js';
import { MonitorService } from './monitor/monitor-service.js';
import { Monitor } from './monitor/monitor.js';

const here = dirname(fileURLToPath(import.meta.url)); // dist/electron, in the package too

// Must happen before 'ready': the scheme's privileges are fixed when Chromium starts.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

const { platform, env } = process;
const refusal = rootRefusal({ uid: process.getuid?.(), platform, sudoUser: env.SUDO_USER });
if (refusal !== null) {
  console.error(`${refusal.title}\n\n${refusal.message}`);
  void app.whenReady().then(() => {
    dialog.showErrorBox(refusal.title, refusal.message);
    app.quit();
  });
} else if (!app.requestSingleInstanceLock()) {
  app.quit(); // The running instance gets 'second-instance' and shows its window.
} else {
  void app.whenReady().then(start);
}

function start(): void {
  denyPermissions(session.defaultSession);
  app.on('web-contents-created', (_event, contents) =>
    guardContents(contents, (url) => void shell.openExternal(url)),
  );
  protocol.handle(APP_SCHEME, appProtocolHandler(join(here, '..', 'renderer')));

  const collector = openCollector();
  const monitor = new Monitor(collector, { intervalMs: 1000 });
  const actions = createActionServices({ mode: 'desktop', monitor, ownPids: appProcessIds(app) });
  const appInfo = buildAppInfo('desktop', { actions: actions.info });
  const service = new MonitorService(monitor, collector.info, appInfo, actions.handlers);
  const windows = new OwnWindows<BrowserWindow>();
  handleRequests(
    ipcMain,
    (name, args) => service.handle(name, args),
    (event) => windows.isTrustedSender(event),
  );

  const win = windows.add(
    openMainWindow({
      BrowserWindow,
      screen,
      userData: app.getPath('userData'),
      preload: join(here, 'preload.cjs'),
      icon: platform === 'linux' ? join(here, '..', '..', 'assets', 'icons', '256x256.png') : undefined,
    }),
  );
  const contents = win.webContents;
  const view = connectView(
    contents,
    (sink) => service.subscribe(sink),
    (name, payload) => sendEvent(contents, name, payload),
  );
  setUpMenu(win, view, service, appInfo, collector.info);
  void win.loadURL(APP_URL);
  monitor.start();

  app.on('second-instance', () => {
    if (win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    monitor.stop();
    service.close();
    collector.close();
  });
}

function setUpMenu(
  win: BrowserWindow,
  view: ViewEventQueue,
  service: MonitorService,
  appInfo: AppInfo,
  info: CollectorInfo,
): void {
  const showAbout = (): void =>
    void dialog.showMessageBox(win, {
      type: 'info',
      title: 'About Sockscope',
      ...aboutText(appInfo, info),
    });
  const menu = Menu.buildFromTemplate(
    buildMenuTemplate(
      { ...service.status(), theme: nativeTheme.themeSource },
      menuActions({ service, view, nativeTheme, showAbout }),
      { platform, devTools: !app.isPackaged },
    ),
  );
  Menu.setApplicationMenu(menu);
  service.subscribe(menuStatusSink(menu));
}
