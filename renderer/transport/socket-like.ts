/**
 * The part of the WebSocket API the transport uses. The browser's WebSocket
 * has it, and so does the `ws` package's client (what Node 20 tests pass in,
 * as Node 20 has no global WebSocket).
 */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
  onmessage: ((event: never) => void) | null;
}

/** A WebSocket class: `new WebSocket(url)`. */
export type SocketConstructor = new (url: string) => SocketLike;

/** readyState of an open socket (the same in every implementation). */
export const SOCKET_OPEN = 1;

/** The global WebSocket class, if this runtime has one (browsers, Node 22+). */
export function globalWebSocket(): SocketConstructor | undefined {
  return (globalThis as { WebSocket?: SocketConstructor }).WebSocket;
}
