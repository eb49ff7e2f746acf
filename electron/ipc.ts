/**
 * The typed IPC of the desktop app, both ends: the main side's request
 * handlers and event sender, and the bridge object the preload exposes.
 * Channel names and types come from shared/protocol.ts; nothing else in the
 * app touches ipcMain, ipcRenderer or webContents.send (eslint holds that).
 * The Electron objects are parameters, so this runs (and is tested) in Node.
 */
import {
  EVENT_NAMES,
  REQUEST_NAMES,
  ipcChannel,
  type EventMap,
  type EventName,
  type Reply,
  type RequestName,
  type SockscopeBridge,
} from '../shared/protocol.js';

/** The part of ipcMain that request handling uses; `E` is its event type (IpcMainInvokeEvent). */
export interface RequestHost<E> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => Promise<Reply<unknown>>): void;
  removeHandler(channel: string): void;
}

/** Answers one checked request; MonitorService.handle validates the arguments and never throws. */
export type RequestAnswer = (name: RequestName, args: unknown[]) => Promise<Reply<unknown>>;

/**
 * Registers one handler per request of the contract. Each refuses a sender
 * that `trusted` does not accept (before anything else is read), and hands
 * the rest to `answer`. Returns the function that removes the handlers.
 */
export function handleRequests<E>(
  host: RequestHost<E>,
  answer: RequestAnswer,
  trusted: (event: E) => boolean,
): () => void {
  for (const name of REQUEST_NAMES) {
    host.handle(ipcChannel('request', name), async (event, ...args) => {
      if (!trusted(event))
        return { ok: false, error: `${name}: refused: the request did not come from a Sockscope window` };
      return answer(name, args);
    });
  }
  return () => {
    for (const name of REQUEST_NAMES) host.removeHandler(ipcChannel('request', name));
  };
}

/** The part of a WebContents that receives events. */
export interface EventReceiver {
  send(channel: string, ...args: unknown[]): void;
}

/** Sends one event of the contract to one window's page. */
export function sendEvent<K extends EventName>(contents: EventReceiver, name: K, payload: EventMap[K]): void {
  contents.send(ipcChannel('event', name), payload);
}

/** The part of ipcRenderer the bridge uses. */
export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** `delta` -> `onDelta`: the bridge's name for subscribing to an event. */
export function eventMethodName<K extends EventName>(name: K): `on${Capitalize<K>}` {
  return `on${name.charAt(0).toUpperCase()}${name.slice(1)}` as `on${Capitalize<K>}`;
}

/**
 * The object the preload exposes as `window.sockscope`, built from the
 * contract's name lists so it holds exactly one function per request and one
 * `onX` per event, and nothing else. A request whose IPC fails (no handler,
 * a throw) still answers with a Reply; listeners get the payload, never the
 * IPC event (which would hand the page `sender`), and unsubscribe once.
 */
export function buildBridge(ipc: RendererIpc): SockscopeBridge {
  const bridge: Record<string, unknown> = {};
  for (const name of REQUEST_NAMES) {
    const channel = ipcChannel('request', name);
    bridge[name] = (...args: unknown[]): Promise<unknown> =>
      ipc.invoke(channel, ...args).catch((error: unknown) => ({
        ok: false,
        error: `${name}: ${error instanceof Error ? error.message : String(error)}`,
      }));
  }
  for (const name of EVENT_NAMES) {
    const channel = ipcChannel('event', name);
    bridge[eventMethodName(name)] = (listener: (payload: unknown) => void): (() => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${eventMethodName(name)} needs a function`);
      const forward = (_event: unknown, payload: unknown): void => listener(payload);
      ipc.on(channel, forward);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipc.removeListener(channel, forward);
      };
    };
  }
  return Object.freeze(bridge) as SockscopeBridge;
}
