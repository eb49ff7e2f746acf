/**
 * What the toolbar, the keyboard and the application menu can do, in one
 * place: each action is one function, and a failed request shows in the
 * error banner instead of being lost.
 */
import type { MenuCommand, RequestArgs, RequestName } from '../../shared/protocol.js';
import { copySelectedRows, exportShownRows } from '../export/export-actions.js';
import type { ThemeChoice } from '../model/preferences.js';
import type { AppServices } from './app-services.js';
import type { GridHandle } from './grid-handle.js';
import { openRowDialog } from './row-action-states.js';

/** The id of the toolbar's Filter box, which Ctrl+F and the menu focus. */
export const FILTER_INPUT_ID = 'filter-box';

/** Every user action of the view, by name. */
export interface ViewActions {
  togglePause(): void;
  refresh(): void;
  setIntervalMs(ms: number): void;
  exportRows(format: 'csv' | 'json'): void;
  copySelection(): void;
  toggleDetails(): void;
  openDetails(): void;
  setTheme(theme: ThemeChoice): void;
  openColumns(): void;
  openAbout(): void;
  focusFilter(): void;
  /** Opens the kill dialog for the selected row's process, if "Kill process" is enabled for it. */
  openKill(): void;
  /** Opens the close dialog for the selected connection, if "Close connection" is enabled for it. */
  openCloseConnection(): void;
  /** Opens the row menu at page coordinates, for the selected row. */
  openRowMenu(at: { x: number; y: number }): void;
  closeRowMenu(): void;
  /** Acts on an application menu command (desktop). */
  menu(command: MenuCommand): void;
}

/** The actions over the view's services; requests that fail show in the error banner. */
export function createViewActions(services: Omit<AppServices, 'actions'>): ViewActions {
  const { transport, view, prefs } = services;
  const send = <K extends RequestName>(name: K, ...args: RequestArgs<K>): void => {
    transport.request(name, ...args).then(
      (result) => {
        // Every request but info answers with the new status: show it at once.
        if (name !== 'info' && name !== 'snapshot') view.set({ status: result as never, requestError: null });
      },
      (error: unknown) => view.set({ requestError: (error as Error).message }),
    );
  };
  const withGrid = (act: (grid: GridHandle) => void) => {
    const grid = services.grid.get();
    if (grid !== null) act(grid);
  };
  const actions: ViewActions = {
    togglePause: () => send(view.get().status?.paused ? 'resume' : 'pause'),
    refresh: () => send('refresh'),
    setIntervalMs: (ms) => send('setInterval', ms),
    exportRows: (format) => withGrid((grid) => exportShownRows(grid, format)),
    copySelection: () =>
      withGrid((grid) => {
        copySelectedRows(grid).catch((error: unknown) =>
          view.set({ requestError: `Copy failed: ${(error as Error).message}` }),
        );
      }),
    toggleDetails: () => prefs.set({ detailsOpen: !prefs.get().detailsOpen }),
    openDetails: () => prefs.set({ detailsOpen: true }),
    setTheme: (theme) => prefs.set({ theme }),
    openColumns: () => {
      if (services.grid.get() !== null) view.set({ dialog: 'columns' });
    },
    openAbout: () => view.set({ dialog: 'about' }),
    openKill: () => void openRowDialog(services, 'kill'),
    openCloseConnection: () => void openRowDialog(services, 'close-connection'),
    openRowMenu: (at) => {
      if (view.get().selectedKey !== null) view.set({ rowMenu: at });
    },
    closeRowMenu: () => view.set({ rowMenu: null }),
    focusFilter: () => {
      const input = document.getElementById(FILTER_INPUT_ID) as HTMLInputElement | null;
      input?.focus();
      input?.select();
    },
    menu: (command) => {
      switch (command) {
        case 'export-csv':
          return actions.exportRows('csv');
        case 'export-json':
          return actions.exportRows('json');
        case 'toggle-pause':
          return actions.togglePause();
        case 'refresh':
          return actions.refresh();
        case 'choose-columns':
          return actions.openColumns();
        case 'theme-system':
          return actions.setTheme('system');
        case 'theme-light':
          return actions.setTheme('light');
        case 'theme-dark':
          return actions.setTheme('dark');
        case 'show-about':
          return actions.openAbout();
        case 'focus-filter':
          return actions.focusFilter();
      }
    },
  };
  return actions;
}
