/**
 * Everything the view runs on, made once at start: the transport, the live
 * session over it, and the stores the components read.
 */
import type { Preferences } from '../model/preferences.js';
import { chooseTransport } from '../transport/choose-transport.js';
import type { Transport } from '../transport/transport.js';
import { loadAppInfo } from './app-info-loader.js';
import { GridSlot } from './grid-handle.js';
import { LiveSession } from './live-session.js';
import { createPreferencesStore } from './preferences-store.js';
import type { Store } from './store.js';
import { createViewActions, type ViewActions } from './view-actions.js';
import { createViewStore, type ViewState } from './view-state.js';

/** The view's long-lived parts, shared by every component. */
export interface AppServices {
  transport: Transport;
  /** 'desktop' through the Electron bridge, 'serve' through a WebSocket. */
  mode: 'desktop' | 'serve';
  view: Store<ViewState>;
  prefs: Store<Preferences>;
  session: LiveSession;
  /** Filled by the grid when it is ready. */
  grid: GridSlot;
  /** What the toolbar, keys and menu do. */
  actions: ViewActions;
}

/** Makes the services and starts the session. */
export function startServices(): AppServices {
  const { transport, kind } = chooseTransport();
  const view = createViewStore();
  const prefs = createPreferencesStore();
  const session = new LiveSession(transport, view, { highlightMs: prefs.get().highlightMs });
  let highlightMs = prefs.get().highlightMs;
  prefs.subscribe(() => {
    if (prefs.get().highlightMs === highlightMs) return;
    highlightMs = prefs.get().highlightMs;
    session.setHighlightMs(highlightMs);
  });
  session.start();
  loadAppInfo(transport, view);
  const base = { transport, mode: kind, view, prefs, session, grid: new GridSlot() };
  return { ...base, actions: createViewActions(base) };
}
