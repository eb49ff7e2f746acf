/**
 * Picks the view's transport: the preload bridge in the desktop app, else
 * serve mode's WebSocket on the page's own origin.
 */
import { createBridgeTransport } from './bridge-transport.js';
import { desktopBridge } from './bridge-window.js';
import type { Transport } from './transport.js';
import { WebSocketTransport, sameOriginSocketUrl } from './websocket-transport.js';

/** The transport for this page, and which kind it is. */
export function chooseTransport(): { transport: Transport; kind: 'desktop' | 'serve' } {
  const bridge = desktopBridge();
  if (bridge !== undefined) return { transport: createBridgeTransport(bridge), kind: 'desktop' };
  return { transport: new WebSocketTransport({ url: sameOriginSocketUrl(window.location) }), kind: 'serve' };
}
