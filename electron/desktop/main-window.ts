/**
 * Opens the app's one window where it was last (validated, on a display
 * attached now), shows it at its first paint, and remembers where it goes.
 * The Electron pieces are parameters, so the wiring is tested in Node.
 */
import { join } from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';
import { mainWindowOptions } from './window-options.js';
import { placeWindow, type Rect } from './window-state.js';
import {
  loadWindowState,
  saveWindowState,
  trackWindowState,
  WINDOW_STATE_FILE,
  type TrackedWindow,
} from './window-state-file.js';

/** The parts of a BrowserWindow this module uses. */
export interface PlacedWindow extends TrackedWindow {
  once(event: 'ready-to-show', listener: () => void): unknown;
  maximize(): void;
  show(): void;
}

/** The parts of Electron's screen module this module uses. */
export interface DisplayList {
  getPrimaryDisplay(): { id: number; workArea: Rect };
  getAllDisplays(): { id: number; workArea: Rect }[];
}

/** What openMainWindow needs: Electron's BrowserWindow class and screen, and where files are. */
export interface MainWindowParts<W extends PlacedWindow> {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => W;
  screen: DisplayList;
  /** app.getPath('userData'): the window state file lives there. */
  userData: string;
  preload: string;
  icon?: string | undefined;
}

/** Creates the window (hidden until ready-to-show, then maximised if it was) and tracks its state. */
export function openMainWindow<W extends PlacedWindow>(parts: MainWindowParts<W>): W {
  const stateFile = join(parts.userData, WINDOW_STATE_FILE);
  const loaded = loadWindowState(stateFile);
  if (loaded.problem !== null) console.warn(`sockscope: ${loaded.problem}`);
  const primary = parts.screen.getPrimaryDisplay();
  const others = parts.screen.getAllDisplays().filter((display) => display.id !== primary.id);
  const placed = placeWindow(
    loaded.state,
    [primary, ...others].map((display) => display.workArea),
  );
  const win = new parts.BrowserWindow(
    mainWindowOptions({ bounds: placed.bounds, preload: parts.preload, icon: parts.icon }),
  );
  win.once('ready-to-show', () => {
    if (placed.maximized) win.maximize();
    win.show();
  });
  trackWindowState(win, (state) => saveWindowState(stateFile, state));
  return win;
}
