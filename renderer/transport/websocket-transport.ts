/**
 * The Transport of serve mode: the frames of shared/wire-frames.ts over one
 * WebSocket to `/ws` on the page's own origin. Requests carry ids and are
 * matched to replies; a dropped connection rejects what is pending and is
 * retried with capped backoff until `close()`.
 */
import type { EventMap, EventName, RequestArgs, RequestName, RequestResult } from '../../shared/protocol.js';
import { MAX_FRAME_BYTES } from '../../shared/wire-frames.js';
import { ListenerSet } from './listener-set.js';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from './reconnect-backoff.js';
import { SOCKET_OPEN, globalWebSocket, type SocketConstructor, type SocketLike } from './socket-like.js';
import type { Transport } from './transport.js';

/** Where to connect, with what WebSocket class, and how fast to retry. */
export interface WebSocketTransportOptions {
  /** e.g. ws://127.0.0.1:8080/ws */
  url: string;
  /** The WebSocket class; the global one by default. */
  WebSocket?: SocketConstructor;
  backoff?: BackoffOptions;
}

interface Pending {
  method: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** The `/ws` URL on the same origin as `location`, ws: or wss: to match the page. */
export function sameOriginSocketUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
}

/** A Transport over a WebSocket, reconnecting until closed. */
export class WebSocketTransport implements Transport {
  private readonly url: string;
  private readonly Socket: SocketConstructor;
  private readonly backoff: BackoffOptions;
  private socket: SocketLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly events = new Map<EventName, ListenerSet<unknown>>();
  private readonly connection = new ListenerSet<boolean>();
  private isConnected = false;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  /** Frames that were not valid server frames: ignored, and counted for diagnosis. */
  badFrames = 0;

  constructor(options: WebSocketTransportOptions) {
    const Socket = options.WebSocket ?? globalWebSocket();
    if (Socket === undefined) throw new Error('this runtime has no WebSocket: pass one in the options');
    this.url = options.url;
    this.Socket = Socket;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.connect();
  }

  /** Whether the socket is open now. */
  get connected(): boolean {
    return this.isConnected;
  }

  request<K extends RequestName>(name: K, ...args: RequestArgs<K>): Promise<RequestResult<K>> {
    const socket = this.socket;
    if (this.closed) return Promise.reject(new Error(`${name}: the view is closed`));
    if (socket === null || !this.isConnected || socket.readyState !== SOCKET_OPEN) {
      return Promise.reject(new Error(`${name}: not connected to Sockscope`));
    }
    const id = this.nextId++;
    const text = JSON.stringify({ id, method: name, args });
    // A frame this size would close the connection (shared/wire-frames.ts): refuse it here instead.
    if (text.length > MAX_FRAME_BYTES / 3 && new TextEncoder().encode(text).length > MAX_FRAME_BYTES) {
      return Promise.reject(new Error(`${name}: request too large`));
    }
    return new Promise<RequestResult<K>>((resolve, reject) => {
      this.pending.set(id, { method: name, resolve: resolve as (value: unknown) => void, reject });
      try {
        socket.send(text);
      } catch (error) {
        this.pending.delete(id);
        reject(new Error(`${name}: ${(error as Error).message}`));
      }
    });
  }

  on<K extends EventName>(name: K, listener: (payload: EventMap[K]) => void): () => void {
    let set = this.events.get(name);
    if (set === undefined) {
      set = new ListenerSet<unknown>();
      this.events.set(name, set);
    }
    return set.add(listener as (payload: unknown) => void);
  }

  onConnectionChange(listener: (connected: boolean) => void): () => void {
    return this.connection.add(listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    const socket = this.socket;
    this.socket = null;
    if (socket !== null) {
      detach(socket);
      socket.close(1000, 'view closed');
    }
    this.rejectPending('the view is closed');
    this.setConnected(false);
    this.events.clear();
    this.connection.clear();
  }

  private connect(): void {
    if (this.closed) return;
    let socket: SocketLike;
    try {
      socket = new this.Socket(this.url);
    } catch (error) {
      console.error('sockscope: cannot open the WebSocket', error);
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (socket !== this.socket) return;
      this.attempt = 0;
      this.setConnected(true);
    };
    socket.onmessage = (event: { data: unknown }) => {
      if (socket === this.socket) this.receive(event.data);
    };
    // Every failure ends in close; error carries nothing more a view could use.
    socket.onerror = ignore;
    socket.onclose = () => {
      if (socket !== this.socket) return;
      detach(socket);
      this.socket = null;
      this.rejectPending('the connection to Sockscope closed');
      this.setConnected(false);
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    const delay = backoffDelay(this.attempt++, this.backoff);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') {
      this.badFrames++;
      return;
    }
    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch {
      this.badFrames++;
      return;
    }
    if (typeof frame !== 'object' || frame === null) {
      this.badFrames++;
      return;
    }
    const record = frame as Record<string, unknown>;
    if (typeof record.id === 'number' && typeof record.reply === 'object' && record.reply !== null) {
      this.settle(record.id, record.reply as Record<string, unknown>);
    } else if (typeof record.event === 'string' && 'payload' in record) {
      this.events.get(record.event as EventName)?.emit(record.payload);
    } else {
      this.badFrames++;
    }
  }

  private settle(id: number, reply: Record<string, unknown>): void {
    const pending = this.pending.get(id);
    if (pending === undefined) {
      this.badFrames++;
      return;
    }
    this.pending.delete(id);
    if (reply.ok === true) pending.resolve(reply.value);
    else {
      const message = typeof reply.error === 'string' ? reply.error : `${pending.method} failed`;
      pending.reject(new Error(message));
    }
  }

  private rejectPending(reason: string): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const request of pending) request.reject(new Error(`${request.method}: ${reason}`));
  }

  private setConnected(connected: boolean): void {
    if (this.isConnected === connected) return;
    this.isConnected = connected;
    this.connection.emit(connected);
  }
}

function detach(socket: SocketLike): void {
  socket.onopen = null;
  socket.onmessage = null;
  socket.onclose = null;
  // Kept as a no-op, not null: the `ws` client throws an 'error' nobody listens to
  // (e.g. closed before it connected).
  socket.onerror = ignore;
}

function ignore(): void {}
