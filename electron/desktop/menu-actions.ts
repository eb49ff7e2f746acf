/**
 * What the application menu's items do in the running app: commands for the
 * page go through the window's event queue; the interval and pause go
 * straight to the service (validated like any request), whose `status`
 * event then updates both the page's toolbar and the menu's checkmarks.
 */
import type { EventMap } from '../../shared/protocol.js';
import type { MonitorService } from '../monitor/monitor-service.js';
import type { MenuActions, ThemeChoice } from './app-menu.js';

/** The parts of the app the actions reach. */
export interface MenuActionParts {
  service: Pick<MonitorService, 'handle'>;
  /** The window's event queue (ViewEventQueue). */
  view: { push(name: 'menu', payload: EventMap['menu']): void };
  /** Electron's nativeTheme: its themeSource decides prefers-color-scheme in the page. */
  nativeTheme: { themeSource: ThemeChoice };
  showAbout(): void;
}

/** The menu's actions over the running app's parts. */
export function menuActions(parts: MenuActionParts): MenuActions {
  const request = (reply: Promise<{ ok: boolean; error?: string }>): void => {
    void reply.then((result) => {
      if (!result.ok) console.error(`sockscope: menu: ${result.error}`);
    });
  };
  return {
    command: (command) => parts.view.push('menu', command),
    setIntervalMs: (ms) => request(parts.service.handle('setInterval', [ms])),
    setPaused: (pause) => request(parts.service.handle(pause ? 'pause' : 'resume', [])),
    setTheme: (theme) => {
      parts.nativeTheme.themeSource = theme;
      parts.view.push('menu', `theme-${theme}`);
    },
    showAbout: () => parts.showAbout(),
  };
}
