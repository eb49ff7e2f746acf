/**
 * The application menu as a template: File (export the visible rows, quit),
 * Edit, View (refresh interval, pause, refresh, columns, theme) and Help
 * (About). Items that act on the view's own state (exports, columns, theme,
 * the filter) send a MenuCommand to the page; the interval and pause go to
 * the monitor, whose `status` events keep the checkmarks true (syncMenu).
 */
import type { MenuItemConstructorOptions } from 'electron';
import { INTERVAL_CHOICES_MS } from '../../shared/poll-interval.js';
import type { MenuCommand, MonitorStatus } from '../../shared/protocol.js';
import type { EventSink } from '../monitor/monitor-service.js';

/** The theme choices, as nativeTheme.themeSource takes them. */
export type ThemeChoice = 'system' | 'light' | 'dark';

/** What the menu items do. */
export interface MenuActions {
  /** Sends a command to the window's page. */
  command(command: MenuCommand): void;
  setIntervalMs(ms: number): void;
  setPaused(paused: boolean): void;
  /** Sets nativeTheme.themeSource and tells the page. */
  setTheme(theme: ThemeChoice): void;
  showAbout(): void;
}

/** The checkmarks the menu opens with. */
export interface MenuState {
  paused: boolean;
  intervalMs: number;
  theme: ThemeChoice;
}

/** Item ids, for syncMenu and for tests. */
export const PAUSE_ITEM_ID = 'pause';
export const intervalItemId = (ms: number): string => `interval-${ms}`;

const THEMES: readonly { theme: ThemeChoice; label: string }[] = [
  { theme: 'system', label: 'System' },
  { theme: 'light', label: 'Light' },
  { theme: 'dark', label: 'Dark' },
];

/** The menu template; `devTools` adds View > Toggle Developer Tools (unpackaged runs only). */
export function buildMenuTemplate(
  state: MenuState,
  actions: MenuActions,
  options: { platform: NodeJS.Platform; devTools: boolean },
): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const about: MenuItemConstructorOptions = { label: 'About Sockscope', click: () => actions.showAbout() };
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Export Visible Rows as CSV…', click: () => actions.command('export-csv') },
      { label: 'Export Visible Rows as JSON…', click: () => actions.command('export-json') },
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
      { type: 'separator' },
      { label: 'Find', accelerator: 'CmdOrCtrl+F', click: () => actions.command('focus-filter') },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      {
        label: 'Refresh Interval',
        submenu: INTERVAL_CHOICES_MS.map((ms) => ({
          id: intervalItemId(ms),
          label: `${ms / 1000} s`,
          type: 'radio' as const,
          checked: state.intervalMs === ms,
          click: () => actions.setIntervalMs(ms),
        })),
      },
      {
        id: PAUSE_ITEM_ID,
        label: 'Pause',
        type: 'checkbox',
        checked: state.paused,
        // Electron flips `checked` before the click: it is the state asked for.
        click: (item) => actions.setPaused(item.checked),
      },
      { label: 'Refresh Now', accelerator: 'F5', click: () => actions.command('refresh') },
      { type: 'separator' },
      { label: 'Columns…', click: () => actions.command('choose-columns') },
      {
        label: 'Theme',
        submenu: THEMES.map(({ theme, label }) => ({
          id: `theme-${theme}`,
          label,
          type: 'radio' as const,
          checked: state.theme === theme,
          click: () => actions.setTheme(theme),
        })),
      },
      ...(options.devTools ? [{ type: 'separator' } as const, { role: 'toggleDevTools' } as const] : []),
    ],
  };
  const help: MenuItemConstructorOptions = { role: 'help', submenu: [about] };
  if (!mac) return [file, edit, view, help];
  const appMenu: MenuItemConstructorOptions = {
    label: 'Sockscope',
    submenu: [
      about,
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };
  return [appMenu, file, edit, view, { role: 'windowMenu' }, help];
}

/** The part of a Menu that syncMenu uses. */
export interface MenuLookup {
  getMenuItemById(id: string): { checked: boolean } | null;
}

/** Sets the Pause checkbox and the interval radio items from the monitor's status. */
export function syncMenu(menu: MenuLookup, status: Pick<MonitorStatus, 'paused' | 'intervalMs'>): void {
  const pause = menu.getMenuItemById(PAUSE_ITEM_ID);
  if (pause !== null) pause.checked = status.paused;
  // A radio item cannot be unchecked by hand: an interval off the menu's choices leaves the last one shown.
  const interval = menu.getMenuItemById(intervalItemId(status.intervalMs));
  if (interval !== null) interval.checked = true;
}

/** An event receiver (for MonitorService.subscribe) that keeps `menu`'s checkmarks in step with `status` events. */
export function menuStatusSink(menu: MenuLookup): EventSink {
  return (name, payload) => {
    if (name === 'status') syncMenu(menu, payload as MonitorStatus);
  };
}
