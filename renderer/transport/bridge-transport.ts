/**
 * The Transport of the desktop app: the object the Electron preload exposes
 * as `window.sockscope`. IPC never drops, so the connection is always up.
 */
import type {
  EventMap,
  EventName,
  Reply,
  RequestArgs,
  RequestName,
  RequestResult,
  SockscopeBridge,
} from '../../shared/protocol.js';
import type { Transport } from './transport.js';

type AnyRequest = (...args: unknown[]) => Promise<Reply<unknown>>;
type AnySubscribe = (listener: (payload: unknown) => void) => () => void;

/** The `onX` method of the bridge that subscribes to event `name`. */
function subscriberName(name: EventName): `on${Capitalize<EventName>}` {
  return `on${name[0]!.toUpperCase()}${name.slice(1)}` as `on${Capitalize<EventName>}`;
}

/** A Transport over the preload bridge. */
export function createBridgeTransport(bridge: SockscopeBridge): Transport {
  const unsubscribers = new Set<() => void>();
  let closed = false;
  return {
    async request<K extends RequestName>(name: K, ...args: RequestArgs<K>): Promise<RequestResult<K>> {
      if (closed) throw new Error(`${name}: the view is closed`);
      const call = bridge[name] as unknown as AnyRequest;
      const reply = await call(...args);
      if (!reply.ok) throw new Error(reply.error);
      return reply.value as RequestResult<K>;
    },
    on<K extends EventName>(name: K, listener: (payload: EventMap[K]) => void): () => void {
      const subscribe = bridge[subscriberName(name)] as unknown as AnySubscribe;
      const off = subscribe((payload) => {
        if (!closed) listener(payload as EventMap[K]);
      });
      unsubscribers.add(off);
      return () => {
        unsubscribers.delete(off);
        off();
      };
    },
    onConnectionChange(listener: (connected: boolean) => void): () => void {
      // Called once, asynchronously, like the WebSocket transport's first connect.
      let active = true;
      queueMicrotask(() => {
        if (active && !closed) listener(true);
      });
      return () => {
        active = false;
      };
    },
    close(): void {
      closed = true;
      for (const off of unsubscribers) off();
      unsubscribers.clear();
    },
  };
}
