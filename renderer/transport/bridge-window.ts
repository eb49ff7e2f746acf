/**
 * The one declaration of what the Electron preload adds to `window`. Absent in
 * a browser (serve mode), which is how the view picks its transport.
 */
import type { SockscopeBridge } from '../../shared/protocol.js';

declare global {
  interface Window {
    /** Set by electron/preload.ts in the desktop app only. */
    sockscope?: SockscopeBridge;
  }
}

/** The preload bridge when running in the desktop app, else undefined. */
export function desktopBridge(): SockscopeBridge | undefined {
  return typeof window === 'undefined' ? undefined : window.sockscope;
}
