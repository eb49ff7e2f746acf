/**
 * How a view talks to the main side: one interface over the Electron preload
 * bridge and serve mode's WebSocket, typed by the contract in shared/protocol.ts.
 */
import type { EventMap, EventName, RequestArgs, RequestName, RequestResult } from '../../shared/protocol.js';

/** A view's connection to the main side. */
export interface Transport {
  /** Sends a request; resolves with its value, rejects with Error(reply.error) when the main side refuses it. */
  request<K extends RequestName>(name: K, ...args: RequestArgs<K>): Promise<RequestResult<K>>;
  /** Listens to one event; returns the unsubscribe function. */
  on<K extends EventName>(name: K, listener: (payload: EventMap[K]) => void): () => void;
  /**
   * Listens to the connection going up or down (a WebSocket reconnecting).
   * The bridge is always connected. Returns the unsubscribe function.
   */
  onConnectionChange(listener: (connected: boolean) => void): () => void;
  /** Stops listening and, for a WebSocket, closes it for good. */
  close(): void;
}
