/**
 * The main window's constructor options. The web preferences are the
 * security model of DESIGN.md: the page is isolated from the preload
 * (contextIsolation), runs in Chromium's sandbox, has no Node, and keeps the
 * same-origin policy; the preload is its only door to the main process.
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { MIN_SIZE, type Rect } from './window-state.js';

/** The renderer's web preferences, with `preload` the absolute path of dist/electron/preload.cjs. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/** Options for the one window: placed at `bounds`, hidden until its first paint. */
export function mainWindowOptions(options: {
  bounds: Rect;
  preload: string;
  /** A PNG for the window and taskbar on Linux (macOS and Windows take the bundle's icon). */
  icon?: string | undefined;
}): BrowserWindowConstructorOptions {
  return {
    ...options.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'Sockscope',
    show: false,
    ...(options.icon === undefined ? {} : { icon: options.icon }),
    webPreferences: secureWebPreferences(options.preload),
  };
}
